"""The review's words: a part's record, its tile, the QA figures, in the user's language and locale.

Times are the plant's wall clock (the shift calendar's timezone) written the locale's way; Qt's
"C" locale (no language chosen) would write ``25 11 2026``, so it gets ISO 8601 instead.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QLocale, QObject, QTime

from station.core.types import Inspection, Verdict
from station.history.reviewqueue import DecisionTimes


class ReviewText(QObject):
    def __init__(self, zone: dt.tzinfo) -> None:
        super().__init__()
        self.zone = zone

    # -- numbers and times ------------------------------------------------------------------------

    def when(self, moment: dt.datetime | None) -> str:
        if moment is None:
            return "-"
        local = moment.astimezone(self.zone)
        locale = QLocale()
        if locale.language() == QLocale.Language.C:
            return local.strftime("%Y-%m-%d %H:%M:%S")
        date = locale.toString(QDate(local.year, local.month, local.day), QLocale.FormatType.ShortFormat)
        clock = locale.timeFormat(QLocale.FormatType.LongFormat).replace("t", "").strip()  # no zone name
        return f"{date} {locale.toString(QTime(local.hour, local.minute, local.second), clock)}"

    def number(self, value: float | None, decimals: int = 3) -> str:
        return "-" if value is None else QLocale().toString(float(value), "f", decimals)

    def duration(self, seconds: float | None) -> str:
        if seconds is None:
            return "-"
        if seconds < 60:
            return self.tr("{s} s").format(s=self.number(seconds, 1))
        if seconds < 3600:
            return self.tr("{m} min").format(m=self.number(seconds / 60, 1))
        hours, rest = divmod(round(seconds / 60), 60)
        return self.tr("{h} h {m} min").format(h=QLocale().toString(hours), m=rest)

    # -- one part ----------------------------------------------------------------------------------

    def decision_word(self, decision: str | None) -> str:
        words = {
            "pending": self.tr("to decide"),
            "confirmed": self.tr("✔ defect"),
            "false_reject": self.tr("✘ false reject"),
            "wrong_type": self.tr("✎ wrong type"),
        }
        return words.get(decision or "", self.tr("OK (sample)"))

    def tile(self, row: dict[str, Any]) -> str:
        """Two short lines under the thumbnail: what it is, and where its decision stands."""
        what = row.get("defect_type") or (self.tr("passed") if row["verdict"] == "OK" else self.tr("no box"))
        return f"{what}\n{self.decision_word(row.get('review'))}"

    def details(self, row: dict[str, Any]) -> str:
        """Everything a lead needs to decide and to trace the part, one fact group per line."""
        identity = [row.get("part_name") or row.get("source") or "-"]
        if row.get("part_id"):
            identity.append(self.tr("part id {id}").format(id=row["part_id"]))
        identity.append(self.tr("frame {n}").format(n=row["frame_id"]))
        verdict = {"NG": self.tr("FAIL"), "OK": self.tr("PASS")}.get(row["verdict"], row["verdict"])
        boxes = ", ".join(
            f"{d['label']} {self.number(d['confidence'], 2)}" for d in row.get("detections") or []
        ) or self.tr("no box")
        judged = self.tr("{verdict} · score {score} (threshold {threshold}) · {boxes}").format(
            verdict=verdict, score=self.number(row["score"]), threshold=self.number(row["threshold"]), boxes=boxes
        )
        where = self.tr("{recipe} · inspected {when} · shift {shift} · station {station}").format(
            recipe=row["recipe"], when=self.when(row["inspected_at"]), shift=row.get("shift") or "-",
            station=row["station_id"],
        )  # fmt: skip
        return "\n".join([" · ".join(identity), judged, where, self.decision(row)])

    def models(self, row: dict[str, Any]) -> str:
        """The models that judged the part (the details' tooltip)."""
        hashes = ", ".join(f"{k} {v[:12]}" for k, v in (row.get("model_hashes") or {}).items())
        return self.tr("models {hashes}").format(hashes=hashes or "-")

    def decision(self, row: dict[str, Any]) -> str:
        review = row.get("review")
        if review is None:
            return self.tr("Passed; OK parts take no decision here")
        if review == "pending" or not row.get("decided_by"):
            return self.tr("Not decided yet")
        words = {
            "confirmed": self.tr("Confirmed defect"),
            "false_reject": self.tr("False reject"),
            "wrong_type": self.tr("Wrong type, is {type}").format(type=row.get("correct_type") or "?"),
        }
        text = self.tr("{decision} by {user}, {when}").format(
            decision=words.get(review, review), user=row["decided_by"], when=self.when(row.get("decided_at"))
        )
        if row.get("reason_code"):
            text += self.tr("; reason: {reason}").format(reason=row["reason_code"])
        if row.get("note"):
            text += self.tr("; note: {note}").format(note=row["note"])
        return text

    def saved(self, decision: str, user: str) -> str:
        return self.tr("Saved: {decision} ({user})").format(decision=self.decision_word(decision), user=user)

    @staticmethod
    def empty_inspection() -> Inspection:
        return Inspection("", 0, 0.0, Verdict.OK)

    # -- the QA figures ------------------------------------------------------------------------------

    def kpi(self, rates: dict[str, Any], times: DecisionTimes) -> str:
        parts = []
        for shift, r in rates.items():
            fr = "-" if r["false_reject_rate"] is None else f"{self.number(100 * r['false_reject_rate'], 1)} %"
            cd = "-" if r["confirmed_rate"] is None else f"{self.number(100 * r['confirmed_rate'], 1)} %"
            parts.append(
                self.tr("{shift}: false rejects {fr}, confirmed {cd}, pending {pending}").format(
                    shift=shift, fr=fr, cd=cd, pending=r["pending"]
                )
            )
        text = "   |   ".join(parts) if parts else self.tr("No flagged parts in this period.")
        if times.decisions:
            text += "\n" + self.tr(
                "Time to decision: median {shown} on screen (90 % within {p90}; decisions timed: {n}); "
                "flagged parts waited a median {waited} from inspection to decision (decisions: {m})."
            ).format(
                shown=self.duration(times.shown_median_s),
                p90=self.duration(times.shown_p90_s),
                n=times.shown,
                waited=self.duration(times.waited_median_s),
                m=times.decisions,
            )
        return text
