"""The Qt adapter around the pipeline: inspection runs on its own threads, the UI polls at screen rate.

The pipeline's worker thread only stores a reference to the newest result
(inspections are frozen, frames are never reused and their pixels are marked
read-only here, so no copy is needed)
and appends NG parts to a bounded list; the window reads them on a timer. The
UI therefore never slows inspection, and a burst of parts never floods the
event loop with signals.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal

from station.capture.sources import FrameSource, SourceContext, open_source
from station.core.paths import models_dir, resources_dir
from station.core.recipe import Recipe
from station.core.types import Frame, Inspection, Verdict
from station.history.recorder import Recorded, Recorder
from station.inference.cascade import Cascade
from station.pipeline.engine import Pipeline
from station.pipeline.sinks import Sink

log = logging.getLogger(__name__)

NG_STRIP_SIZE = 12


@dataclass(frozen=True)
class Shown:
    """One result as the UI shows it: the part's picture and what the station said."""

    inspection: Inspection
    image: np.ndarray | None


class InspectionRunner(QObject):
    """Starts and stops a run; keeps the newest result and the latest NG parts for the window."""

    stateChanged = Signal(str)  # idle | running | stopped | failed: <reason>

    def __init__(self, sinks: list[Sink] | None = None, queue_size: int = 4) -> None:
        super().__init__()
        self.queue_size = queue_size
        self.cascade: Cascade | None = None
        self.pipeline: Pipeline | None = None
        self.source: FrameSource | None = None
        self.sinks = sinks or []
        # With a recorder, a part is shown once it is safely recorded, so a hard kill loses nothing shown.
        self.recorder_factory: Callable[[str, str], Recorder] | None = None
        self.recorder: Recorder | None = None
        self.last_recorder: Recorder | None = None
        self._lock = threading.Lock()
        self._latest: Shown | None = None
        self._sequence = 0
        self.ng_parts: deque[Shown] = deque(maxlen=NG_STRIP_SIZE)

    def load_recipe(self, name: str) -> Cascade:
        """Load (or reload) the recipe's models; raises RecipeError with a message for the operator."""
        self.cascade = Cascade(Recipe.load(name, models_dir()))
        self.cascade.warm_up()
        return self.cascade

    def start(self, source_uri: str, max_frames: int | None = None) -> None:
        if self.cascade is None:
            raise RuntimeError("load a recipe first")
        self.stop()
        source = open_source(source_uri, SourceContext(self.cascade.recipe.name, resources_dir()))
        source.open()
        self.source = source
        recorder = self.recorder_factory(self.cascade.recipe.name, source_uri) if self.recorder_factory else None
        if recorder is not None:
            recorder.on_committed = self._on_recorded
        self.recorder = recorder
        self.pipeline = Pipeline(
            source,
            self.cascade,
            [*self.sinks, recorder] if recorder is not None else self.sinks,
            self.queue_size,
            max_frames=max_frames,
            on_part=None if recorder is not None else self._on_part,
        )
        if recorder is not None:
            recorder.watch_losses(self.pipeline.loss_counters)
        self.pipeline.start()
        self.stateChanged.emit("running")

    def stop(self) -> None:
        pipeline, self.pipeline = self.pipeline, None
        if pipeline is not None:
            if not pipeline.stop(timeout=1.0):
                log.warning("the pipeline did not stop within a second")
            self.stateChanged.emit("stopped")
        recorder, self.recorder = self.recorder, None
        if recorder is not None:
            self.last_recorder = recorder  # its final counts stay on screen after the run
        if recorder is not None and not recorder.close(timeout=10.0):
            log.warning("the history writer did not finish within 10 s; the rest stays in the offline queue")

    def set_threshold(self, threshold: float) -> float:
        """Change the operating threshold for the parts that follow; returns the old one."""
        if self.cascade is None or self.cascade.threshold is None:
            raise RuntimeError("this recipe has no classifier threshold")
        old = self.cascade.threshold
        self.cascade.threshold = threshold
        log.info("threshold changed from %.4f to %.4f", old, threshold)
        return old

    def _on_recorded(self, batch: list[Recorded]) -> None:
        """Runs on the history writer's thread: these parts are safe, show them."""
        for recorded in batch:
            self._keep(recorded.inspection, recorded.image)

    def _on_part(self, inspection: Inspection, frame: Frame) -> None:
        """Runs on the pipeline's worker thread: keep the newest result, nothing more."""
        self._keep(inspection, frame.image)

    def _keep(self, inspection: Inspection, image: np.ndarray | None) -> None:
        if image is not None:
            image.flags.writeable = False  # sources hand over pixels they own; from here on nobody may change them
        shown = Shown(inspection, image)  # so the UI may share them without a copy
        with self._lock:
            self._latest = shown
            self._sequence += 1
            if inspection.verdict is Verdict.NG:
                self.ng_parts.appendleft(shown)

    def latest(self) -> tuple[int, Shown | None]:
        """The newest result and a counter that changes whenever a new one arrives."""
        with self._lock:
            return self._sequence, self._latest

    def latest_ng(self) -> list[Shown]:
        """The latest NG parts, newest first."""
        with self._lock:
            return list(self.ng_parts)

    def summary(self) -> dict[str, Any]:
        return self.pipeline.summary() if self.pipeline is not None else {}

    def software_trigger_available(self) -> bool:
        """True when the running source takes software triggers (a GigE camera opened with trigger=software)."""
        source = self.source
        options = getattr(source, "options", None)
        wants = getattr(options, "trigger", None) == "software"
        return self.running and wants and callable(getattr(source, "trigger", None))

    def fire_trigger(self) -> bool:
        """Ask the running source for one picture; False (nothing sent) when it takes no software trigger."""
        if not self.software_trigger_available():
            return False
        trigger = getattr(self.source, "trigger")  # noqa: B009 - checked callable above; FrameSource has no trigger
        trigger()
        return True

    @property
    def running(self) -> bool:
        return self.pipeline is not None and self.pipeline.running
