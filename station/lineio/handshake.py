"""The line handshake, as plain Python with an injected clock so it can be tested without sockets.

Trigger (with a part id) while TriggerReady -> a picture -> its verdict is matched
to the oldest open trigger -> result published with ResultValid -> ResultAck ->
the next buffered result. Two rules keep a verdict on the right part:

* a picture belongs to the oldest open trigger only if it was taken after that
  trigger and before the next one; a picture taken after the next trigger means
  the earlier picture was lost, so the earlier part gets the fail-safe verdict;
* a part whose verdict is not ready ``deadline`` after its trigger gets the
  fail-safe verdict at once; its slot stays in the queue so that its real
  picture, when it comes, is recognised and dropped instead of being attached
  to the next part.
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from station.core.types import Inspection, Verdict

log = logging.getLogger(__name__)

PART_ID_MODULO = 2**32  # part ids travel as a 32-bit register pair


class ResultCode(enum.IntEnum):
    """Why a part got its verdict; the same numbers go out over Modbus, OPC UA and MQTT."""

    NONE = 0
    OK = 1  # inspected, good
    DEFECT = 2  # inspected, defect found
    LATE = 3  # fail-safe: no verdict within the deadline
    ERROR = 4  # fail-safe: the part could not be inspected
    LOST = 5  # fail-safe: no picture of this part arrived


@dataclass(frozen=True)
class PartResult:
    """What the line is told about one part."""

    part_id: int
    source: str  # what triggered it: "plc", "remote_io", "opcua", or "free" (free-running counter)
    triggered_at: float | None
    resolved_at: float
    reject: bool
    code: ResultCode
    inspection: Inspection | None = None

    @property
    def fail_safe(self) -> bool:
        return self.code in (ResultCode.LATE, ResultCode.ERROR, ResultCode.LOST)

    @property
    def verdict(self) -> str:
        """``pass`` or ``reject``: what the gate does."""
        return "reject" if self.reject else "pass"

    @property
    def score(self) -> float | None:
        return None if self.inspection is None else self.inspection.defect_score

    @property
    def defect_class(self) -> tuple[int, str]:
        """(class id + 1, label) of the most confident detection; (0, "") for none."""
        if self.inspection is None or not self.inspection.detections:
            return 0, ""
        best = max(self.inspection.detections, key=lambda d: d.confidence)
        return best.class_id + 1, best.label

    @property
    def latency_ms(self) -> float | None:
        if self.triggered_at is None:
            return None
        return (self.resolved_at - self.triggered_at) * 1000.0


@dataclass
class _Slot:
    part_id: int
    source: str
    triggered_at: float | None  # None: free-running, no trigger
    open: bool = True
    window: float | None = None  # pictures taken from here on may be this part's: when its picture was asked for
    fired: bool = False

    def __post_init__(self) -> None:
        if self.window is None:
            self.window = self.triggered_at


@dataclass
class HandshakeCounters:
    triggered: int = 0
    refused: int = 0  # triggers while not ready (not running, or too many parts open)
    results: int = 0  # parts given a verdict (real or fail-safe)
    acknowledged: int = 0
    late: int = 0
    failed: int = 0  # inspection ERROR
    lost: int = 0  # picture never came
    failsafe: int = 0
    overflows: int = 0  # results dropped because the PLC had not acknowledged `buffer` earlier ones
    late_discarded: int = 0  # real verdicts that came after the part's fail-safe went out
    unmatched: int = 0  # pictures that belong to no open trigger


class Handshake:
    """Part bookkeeping shared by every interface; thread-safe; listeners run outside the lock."""

    def __init__(
        self,
        *,
        deadline_s: float,
        fail_safe_reject: bool = True,
        buffer_size: int = 8,
        triggered: bool = True,
        use_ack: bool = True,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.deadline_s = deadline_s
        self.fail_safe_reject = fail_safe_reject
        self.buffer_size = buffer_size
        self.triggered = triggered
        self.use_ack = use_ack
        self.clock = clock
        self.counters = HandshakeCounters()
        self.running = False
        self._lock = threading.RLock()
        self._slots: deque[_Slot] = deque()
        self._pending: deque[PartResult] = deque()  # waiting for the PLC's ack; [0] is presented
        self._ack_high = False
        self._next_id = 1
        self._listeners: list[Callable[[PartResult], None]] = []
        self._changed: list[Callable[[], None]] = []
        self.last_result: PartResult | None = None

    # --- wiring -------------------------------------------------------------------
    def add_listener(self, listener: Callable[[PartResult], None]) -> None:
        """Called once per part with its result, on the thread that resolved it."""
        self._listeners.append(listener)

    def add_change_hook(self, hook: Callable[[], None]) -> None:
        """Called after anything a peer can see changed (ready, valid, counters)."""
        self._changed.append(hook)

    def set_running(self, running: bool) -> None:
        with self._lock:
            self.running = running
        self._notify([])

    # --- triggers -----------------------------------------------------------------
    def open_slots(self) -> int:
        with self._lock:
            return sum(1 for s in self._slots if s.open)

    def trigger_ready(self) -> bool:
        """High while a trigger would be accepted: running, and room in the buffer for its result."""
        with self._lock:
            waiting = len(self._pending) if self.use_ack else 0
            return self.running and self.triggered and self.open_slots() + waiting < self.buffer_size

    def counter_id(self) -> int:
        with self._lock:
            part_id = self._next_id
            self._next_id = self._next_id % (PART_ID_MODULO - 1) + 1
            return part_id

    def trigger(
        self,
        source: str,
        part_id: int | None = None,
        now: float | None = None,
        on_open: Callable[[], None] | None = None,
    ) -> int | None:
        """Open a part; returns its id, or None (counted) when the station is not ready.

        ``on_open`` runs once the part is open and before the change hooks: the picture is asked for
        first, the peers' displays are updated after."""
        with self._lock:
            if not self.trigger_ready():
                self.counters.refused += 1
                refused = True
            else:
                refused = False
                pid = self.counter_id() if part_id is None else part_id % PART_ID_MODULO
                at = self.clock() if now is None else now
                self._slots.append(_Slot(pid, source, at))
                self.counters.triggered += 1
        if not refused and on_open is not None:
            on_open()
        self._notify([])
        return None if refused else pid

    def mark_fired(self, now: float | None = None) -> None:
        """The oldest part whose picture was not yet asked for: asked for now (starts its picture window)."""
        at = self.clock() if now is None else now
        with self._lock:
            for slot in self._slots:
                if not slot.fired and slot.triggered_at is not None:
                    slot.fired, slot.window = True, at
                    return

    # --- results ------------------------------------------------------------------
    def on_inspection(self, inspection: Inspection, captured_at: float, now: float | None = None) -> None:
        """A finished inspection of the picture taken at ``captured_at`` (same clock as triggers)."""
        at = self.clock() if now is None else now
        out: list[PartResult] = []
        with self._lock:
            if not self.triggered:
                out.append(self._resolve(_Slot(self.counter_id(), "free", None), at, inspection))
            else:
                self._match(inspection, captured_at, at, out)
        self._notify(out)

    def _match(self, inspection: Inspection, captured_at: float, at: float, out: list[PartResult]) -> None:
        if self._slots:
            head = self._slots[0]
            if head.window is None or captured_at < head.window:
                self.counters.unmatched += 1  # taken before this part's picture was asked for: not of it
                return
            after = self._slots[1].window if len(self._slots) > 1 else None
            if after is not None and captured_at >= after:
                # taken after the next part's picture was asked for: the head's picture was lost, or this is
                # the head's picture come late. Either way it cannot be told apart: the head gets the
                # fail-safe and the picture goes to nobody (the next part then runs into its deadline).
                self._slots.popleft()
                if head.open:
                    out.append(self._fail(head, at, ResultCode.LOST))
                self.counters.unmatched += 1
                return
            self._slots.popleft()
            if head.open:
                out.append(self._resolve(head, at, inspection))
            else:
                self.counters.late_discarded += 1
            return
        self.counters.unmatched += 1

    def tick(self, now: float | None = None) -> None:
        """The deadline watchdog: fail-safe every open part past its deadline."""
        at = self.clock() if now is None else now
        out: list[PartResult] = []
        with self._lock:
            for slot in self._slots:
                if slot.open and slot.triggered_at is not None and at >= slot.triggered_at + self.deadline_s:
                    out.append(self._fail(slot, at, ResultCode.LATE))
            # a closed slot whose picture has not come within 20 deadlines will not: forget it
            horizon = at - max(20 * self.deadline_s, 5.0)
            while self._slots and not self._slots[0].open and (self._slots[0].triggered_at or 0.0) < horizon:
                self._slots.popleft()
        if out:
            self._notify(out)

    def next_deadline(self) -> float | None:
        with self._lock:
            times = [s.triggered_at + self.deadline_s for s in self._slots if s.open and s.triggered_at is not None]
        return min(times) if times else None

    def _fail(self, slot: _Slot, at: float, code: ResultCode, inspection: Inspection | None = None) -> PartResult:
        slot.open = False
        self.counters.failsafe += 1
        if code is ResultCode.LATE:
            self.counters.late += 1
        elif code is ResultCode.ERROR:
            self.counters.failed += 1
        else:
            self.counters.lost += 1
        reject = self.fail_safe_reject
        return self._publish(PartResult(slot.part_id, slot.source, slot.triggered_at, at, reject, code, inspection))

    def _resolve(self, slot: _Slot, at: float, inspection: Inspection) -> PartResult:
        if inspection.verdict is Verdict.ERROR:
            return self._fail(slot, at, ResultCode.ERROR, inspection)
        slot.open = False
        reject = inspection.verdict is Verdict.NG
        code = ResultCode.DEFECT if reject else ResultCode.OK
        return self._publish(PartResult(slot.part_id, slot.source, slot.triggered_at, at, reject, code, inspection))

    def _publish(self, result: PartResult) -> PartResult:
        self.counters.results += 1
        self.last_result = result
        if self.use_ack:
            if len(self._pending) >= self.buffer_size:
                self.counters.overflows += 1
                if self.counters.overflows in (1, 10, 100) or self.counters.overflows % 1000 == 0:  # not a line a part
                    log.warning("result buffer full (%d unacknowledged): part %d dropped (%d so far)",
                                self.buffer_size, result.part_id, self.counters.overflows)  # fmt: skip
            else:
                self._pending.append(result)
        return result

    # --- the PLC's side of the result ---------------------------------------------
    def presented(self) -> tuple[PartResult | None, bool]:
        """(the result on show, ResultValid)."""
        with self._lock:
            head = self._pending[0] if self._pending else None
            return head, head is not None and not self._ack_high

    def waiting(self) -> int:
        with self._lock:
            return len(self._pending)

    def set_ack(self, high: bool) -> None:
        """ResultAck as the PLC wrote it: a rising edge retires the presented result."""
        with self._lock:
            rising = high and not self._ack_high
            self._ack_high = high
            if rising and self._pending:
                self._pending.popleft()
                self.counters.acknowledged += 1
        self._notify([])

    def _notify(self, results: list[PartResult]) -> None:
        for result in results:
            for listener in self._listeners:
                try:
                    listener(result)
                except Exception:  # a broken peer must not stop the others or inspection
                    log.exception("line listener failed on part %d", result.part_id)
        for hook in self._changed:
            try:
                hook()
            except Exception:
                log.exception("line change hook failed")
