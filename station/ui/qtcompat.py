"""Work-arounds for bugs in the Qt bindings, each applied only when a probe shows the bug is there.

PySide6 6.12.0 loses one reference to ``True`` whenever ``True`` goes through a
signal emitted from Python (``Signal(object).emit(True)``, ``Signal(bool)``
alike), and the live view loses about one more on every repaint of a pyqtgraph
view (measured: some 40 a second with the part at 15 frames a second and the
charts). On Python 3.11, where ``True`` is an ordinary object, its reference
count (a few thousand) runs down to zero within minutes and the interpreter
aborts ("Fatal Python error: bool_dealloc"), taking the station with it; a
short run still aborts at exit. PySide6 6.11 does not have the bug
and Python 3.12 made ``True`` and ``False`` immortal, so neither needs this.
"""

from __future__ import annotations

import ctypes
import logging
import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

# What Python 3.12 does for True and False (a reference count nothing can exhaust), done by hand:
# at one lost reference per repaint, 2**40 lasts longer than any machine runs.
_IMMORTAL_SHARE = 2**40
_PROBES = 16
_applied = False


class _Probe(QObject):
    fired = Signal(object)


def true_references_lost_per_emit() -> float:
    """How many references to True one ``emit(True)`` loses: 0 with sound bindings."""
    probe = _Probe()
    probe.fired.connect(lambda _value: None)
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.fired.emit(True)
    return (before - sys.getrefcount(True)) / _PROBES


def keep_bools_alive() -> bool:
    """Give True and False a reference count nothing can exhaust when the bindings leak them.

    Returns True when the work-around was needed (and is now in place). Call it once at
    start-up, before the pipeline's threads run.
    """
    global _applied
    if _applied:
        return True
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False  # True and False are immortal there
    if true_references_lost_per_emit() < 0.5:
        return False
    for value in (True, False):
        # CPython 3.11 keeps an object's reference count in its first field (ob_refcnt)
        ctypes.c_ssize_t.from_address(id(value)).value += _IMMORTAL_SHARE
    _applied = True
    log.warning(
        "PySide6 %s loses references to True on signals; True and False made immortal to keep running "
        "(use a PySide6 release without the bug, or Python 3.12+)",
        pyside_version,
    )
    return True
