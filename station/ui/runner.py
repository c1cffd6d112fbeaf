"""The Qt adapter around the run session: inspection runs on its own threads, the UI polls at screen rate.

The pipeline's worker thread only stores a reference to the newest result as
soon as it is inspected (inspections are frozen, frames are never reused and
their pixels are marked read-only here, so no copy is needed) and appends NG
parts to a bounded list; the window reads them on a timer. The history writer
then says which parts are safely recorded (``recorded_through``, and per shown
part ``record_state``). The UI
therefore never slows inspection, and a burst of parts never floods the event
loop with signals.

``load_recipe``, ``start`` and ``stop`` take seconds (ONNX sessions, a camera
connect, waiting for parts in flight): the window calls them from a worker
thread, one at a time; they are serialised here too.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal

from station.capture.sources import FrameSource
from station.core.config import StationConfig
from station.core.types import Frame, Inspection, Verdict
from station.history.recorder import Recorded, Recorder
from station.inference.cascade import Cascade
from station.lineio import LineIo
from station.pipeline.engine import Pipeline
from station.pipeline.sinks import Sink
from station.session import RunOptions, RunSession, load_cascade, recipes_root
from station.session.line import history_authenticator, known_recipes, open_line

log = logging.getLogger(__name__)

NG_STRIP_SIZE = 12
SHOWN_TRACKED = 64  # parts the window may still be showing (the newest, the NG strip): their record state is kept


@dataclass(frozen=True)
class Shown:
    """One result as the UI shows it: the part's picture and what the station said."""

    inspection: Inspection
    image: np.ndarray | None


class InspectionRunner(QObject):
    """Starts and stops runs through a :class:`RunSession`; keeps the newest result and latest NG parts."""

    stateChanged = Signal(str)  # idle | running | stopped | failed: <reason>

    def __init__(
        self, sinks: list[Sink] | None = None, queue_size: int = 4, config: StationConfig | None = None
    ) -> None:
        super().__init__()
        self.config = (config or StationConfig()).model_copy(update={"queue_size": queue_size})
        self.cascade: Cascade | None = None
        self.session: RunSession | None = None
        self.last_session: RunSession | None = None
        self.sinks = sinks or []
        self.record = False  # the window turns recording on when the settings say so
        self._control = threading.Lock()  # one recipe load / start / stop at a time
        self._lock = threading.Lock()
        self._latest: Shown | None = None
        self._sequence = 0
        self._recorded_through: int | None = None
        self._shown_recorded: OrderedDict[int, bool] = OrderedDict()  # frame index -> confirmed by the writer
        self.ng_parts: deque[Shown] = deque(maxlen=NG_STRIP_SIZE)
        self.line: LineIo | None = None  # PLC / OPC UA / MQTT / remote I/O: outlive single runs
        self._last_source: str | None = None

    # -- what the window reads of the current run -------------------------------------------

    @property
    def pipeline(self) -> Pipeline | None:
        return self.session.pipeline if self.session is not None else None

    @property
    def source(self) -> FrameSource | None:
        return self.session.source if self.session is not None else None

    @property
    def recorder(self) -> Recorder | None:
        return self.session.recorder if self.session is not None else None

    @property
    def last_recorder(self) -> Recorder | None:
        return self.last_session.recorder if self.last_session is not None else None

    # -- control (seconds each: call from a worker thread) -------------------------------------

    def load_recipe(self, name: str) -> Cascade:
        """Load (or reload) the recipe's models; raises RecipeError with a message for the operator."""
        cascade = load_cascade(self.config, name)  # outside the lock: a running line keeps running meanwhile
        with self._control:
            self.cascade = cascade
        return cascade

    def start(self, source_uri: str, max_frames: int | None = None) -> None:
        """Stop any run, then start one on ``source_uri``; raises SourceError (nothing left open)."""
        with self._control:
            if self.cascade is None:
                raise RuntimeError("load a recipe first")
            self._stop_locked()
            if self.line is None and self.config.line_io is not None:
                self.line = open_line(self.config, self)  # LineIoError: the window says why
            self._last_source = source_uri
            session = RunSession(
                self.config,
                self.cascade,
                RunOptions(
                    source=source_uri,
                    max_frames=max_frames,
                    record=self.record,
                    sinks=self.sinks,
                    on_part=self._on_part,
                    on_recorded=self._on_recorded,
                    line=self.line,
                ),
            )
            with self._lock:  # frame indices start again with each run
                self._shown_recorded.clear()
                self._recorded_through = None
            session.start()
            self.session = session
        self.stateChanged.emit("running")

    def stop(self) -> None:
        """Stop the run; every part in flight is recorded or counted before this returns."""
        with self._control:
            stopped = self._stop_locked()
        if stopped:
            self.stateChanged.emit("stopped")

    def _stop_locked(self) -> bool:
        session, self.session = self.session, None
        if session is None:
            return False
        if not session.stop(timeout=15.0):
            log.warning("the run did not stop within 15 s; its history closes when it does")
        self.last_session = session  # its final counts stay on screen after the run
        return True

    def close(self) -> None:
        """Stop the run and the line interfaces (the window is closing)."""
        self.stop()
        line, self.line = self.line, None
        if line is not None:
            line.close()

    # -- what the line may ask (LineHost; called from the line's own threads) ---------------------

    def start_run(self) -> None:
        if self.running or self._last_source is None:
            return
        self.start(self._last_source)

    def stop_run(self) -> None:
        self.stop()

    def select_recipe(self, name: str) -> None:
        was_running = self.running
        self.stop()
        self.load_recipe(name)
        if was_running and self._last_source is not None:
            self.start(self._last_source)

    def recipes(self) -> list[str]:
        return known_recipes(recipes_root(self.config))

    def current_recipe(self) -> str:
        return self.cascade.recipe.name if self.cascade is not None else ""

    def authenticate(self, user: str, pin: str) -> str | None:
        return history_authenticator(self.config)(user, pin)

    def line_status(self) -> dict[str, Any] | None:
        """What the app shows of the line interfaces (None when none are configured)."""
        return self.line.status() if self.line is not None else None

    def set_threshold(self, threshold: float) -> float:
        """Change the operating threshold for the parts that follow; returns the old one."""
        if self.cascade is None or self.cascade.threshold is None:
            raise RuntimeError("this recipe has no classifier threshold")
        old = self.cascade.threshold
        self.cascade.threshold = threshold
        log.info("threshold changed from %.4f to %.4f", old, threshold)
        return old

    # -- callbacks from the session's threads ----------------------------------------------------

    def _on_part(self, inspection: Inspection, frame: Frame) -> None:
        """Runs on the pipeline's worker thread as soon as a part is inspected: keep it, nothing more."""
        image = frame.image
        if image is not None:
            image.flags.writeable = False  # sources hand over pixels they own; from here on nobody may change them
        shown = Shown(inspection, image)  # so the UI may share them without a copy
        with self._lock:
            self._latest = shown
            self._sequence += 1
            self._shown_recorded[inspection.index] = False
            if len(self._shown_recorded) > SHOWN_TRACKED:
                self._shown_recorded.popitem(last=False)
            if inspection.verdict is Verdict.NG:
                self.ng_parts.appendleft(shown)

    def _on_recorded(self, batch: list[Recorded]) -> None:
        """Runs on the history writer's thread: these parts are safe."""
        newest = max(r.inspection.index for r in batch)
        with self._lock:
            self._recorded_through = max(newest, self._recorded_through or newest)
            for recorded in batch:
                if recorded.inspection.index in self._shown_recorded:
                    self._shown_recorded[recorded.inspection.index] = True

    def latest(self) -> tuple[int, Shown | None]:
        """The newest result and a counter that changes whenever a new one arrives."""
        with self._lock:
            return self._sequence, self._latest

    def recorded_through(self) -> int | None:
        """Frame index of the newest part the history has safely recorded in this run (None: none yet)."""
        with self._lock:
            return self._recorded_through

    def record_state(self, index: int) -> str:
        """For a part of this run the window shows: ``recorded``, ``pending`` (not confirmed yet), ``off``, ``unknown``.

        Per part, not a high-water mark: a part whose row was refused and kept aside stays
        ``pending`` even when later parts are recorded.
        """
        if not self.record:
            return "off"
        with self._lock:
            confirmed = self._shown_recorded.get(index)
        if confirmed is None:
            return "unknown"
        return "recorded" if confirmed else "pending"

    def latest_ng(self) -> list[Shown]:
        """The latest NG parts, newest first."""
        with self._lock:
            return list(self.ng_parts)

    def summary(self) -> dict[str, Any]:
        session = self.session
        return session.summary() if session is not None else {}

    def software_trigger_available(self) -> bool:
        """True while the running source takes software triggers (a GigE camera opened with trigger=software)."""
        session = self.session
        return session is not None and session.takes_software_trigger

    def fire_trigger(self) -> bool:
        """Ask the running source for one picture; False (nothing sent) when it takes no software trigger."""
        session = self.session
        return session is not None and session.fire_trigger()

    @property
    def running(self) -> bool:
        session = self.session
        return session is not None and session.running
