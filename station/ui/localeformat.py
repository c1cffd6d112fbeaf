"""Locale patterns shared by the language module and the live retranslation (kept apart: no import cycle)."""

from __future__ import annotations

from PySide6.QtCore import QLocale


def date_format(locale: QLocale | None = None) -> str:
    """The locale's short date with a four-digit year (``dd.MM.yyyy``, ``yyyy. M. d.``, ``M/d/yyyy``)."""
    pattern = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat)
    return pattern if "yyyy" in pattern else pattern.replace("yy", "yyyy")
