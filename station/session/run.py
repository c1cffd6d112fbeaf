"""One run of the station: recipe, source, recorder and sinks wired together, started and stopped safely.

The app's runner, ``station inspect`` and the Python API all go through this,
so a fix here holds for every way the station runs. The session owns what it
opens: a source opened here is released on any later failure, and a stop
waits until every part in flight is inspected and handed to the recorder,
then until the recorder has written it (or counted it as not recorded). The
summary's numbers add up: ``parts`` = ``recorded`` + ``queued_offline_parts``
+ ``not_recorded`` + ``unaccounted`` when recording, and ``unaccounted`` is 0
unless a stop timed out, in which case the exit code says so.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from station.capture.sources import FrameSource, SourceContext, open_source
from station.core.config import StationConfig
from station.core.paths import models_dir, resources_dir, user_data_dir
from station.core.recipe import Recipe, RecipeError, recipe_fingerprint
from station.core.types import Frame, Inspection
from station.history.recorder import Recorded, Recorder, RecordingContext
from station.history.store import HistoryError, HistoryStore
from station.inference.cascade import Cascade
from station.inference.onnxmodel import Device
from station.lineio import LineIo
from station.pipeline.engine import Pipeline
from station.pipeline.sinks import Sink

log = logging.getLogger(__name__)

MB = 1024 * 1024
EXIT_OK = 0
EXIT_NOT_RECORDED = 3  # parts were inspected that the history could not keep: the run says why
EXIT_SOURCE_FAILED = 4  # the source failed or went away for longer than max_offline_s


def recipes_root(config: StationConfig) -> Path:
    """Where recipes are looked up: ``STATION_MODELS``, else the settings' ``models_dir``, else the shipped ones."""
    import os

    if "STATION_MODELS" in os.environ or config.models_dir is None:
        return models_dir()
    return config.models_dir


def history_url(config: StationConfig, db: str | None = None) -> str | None:
    """The history database a command uses: ``db`` (``--db``; "default" = local SQLite), else the settings'."""
    chosen = db if db is not None else config.history.db
    return None if chosen in (None, "default") else chosen


def load_cascade(
    config: StationConfig,
    recipe: str | Path,
    device: Device = "auto",
    db: str | None = None,
    use_history: bool = True,
) -> Cascade:
    """Load a recipe's models, apply what the history keeps for it, warm them up (seconds: off the UI thread).

    With ``use_history``, the threshold a QA lead stored for the recipe replaces the recipe's own,
    and a recipe or model changed since the last start becomes an audit entry. Raises RecipeError /
    ModelLoadError with one line for the operator; an unreachable history only warns (the line runs
    at the recipe's own threshold and says so in ``cascade.notes``).
    """
    loaded = Recipe.load(recipe, recipes_root(config))
    cascade = Cascade(loaded, device=device)
    if use_history:
        apply_history(cascade, config, db)
    cascade.warm_up()
    return cascade


def apply_history(cascade: Cascade, config: StationConfig, db: str | None = None) -> None:
    """The stored threshold and the out-of-app change check (see :func:`load_cascade`)."""
    recipe = cascade.recipe
    try:
        store = HistoryStore(history_url(config, db))
    except HistoryError as exc:
        note = f"history unreachable, running at the recipe's own threshold: {str(exc).splitlines()[0][:200]}"
        log.warning("%s", note)
        cascade.notes.append(note)
        return
    try:
        check = store.verify_audit(full=False)  # a removed, changed or emptied audit log is said at every load
        if not check.ok:
            note = f"AUDIT LOG TAMPERED: {check.message}"
            log.error("%s", note)
            cascade.notes.append(note)
        files = {"anomaly": recipe.anomaly, "classifier": recipe.classifier, "detector": recipe.detector}
        hashed = {name: digest for role, digest in cascade.model_hashes.items() if (name := files.get(role))}
        fingerprint = recipe_fingerprint(recipe, hashed)  # the models' own hashes: no second read of the files
        changes = store.note_recipe_at_start(recipe.name, fingerprint, config.station_id)
        if changes:
            cascade.notes.append("recipe changed outside the app (audited): " + "; ".join(changes))
        stored = store.recipe_threshold(recipe.name)
    except HistoryError as exc:  # a stored threshold that does not match its audit entry: refuse, say why
        raise RecipeError(f"recipe {recipe.name!r}: {exc}") from None
    finally:
        store.close()
    if stored is not None and cascade.threshold is not None:
        cascade.threshold = stored
        cascade.threshold_source = "history"


@dataclass
class RunOptions:
    """What one run does beyond the settings file."""

    source: str
    max_frames: int | None = None
    record: bool = False
    db: str | None = None  # overrides the settings' history.db ("default": SQLite in the user's data folder)
    station_id: str | None = None
    sinks: Sequence[Sink] = ()
    on_part: Callable[[Inspection, Frame], object] | None = None  # from the pipeline, as soon as inspected
    on_recorded: Callable[[list[Recorded]], object] | None = None  # from the writer, once safe
    line: LineIo | None = None  # the line interfaces (owned by the caller: they outlive the run)
    extra: dict[str, Any] = field(default_factory=dict)


class RunSession:
    """See the module docstring. ``start()`` then ``wait()``/``stop()``; ``summary()`` any time."""

    def __init__(self, config: StationConfig, cascade: Cascade, options: RunOptions) -> None:
        self.config = config
        self.cascade = cascade
        self.options = options
        self.source: FrameSource | None = None
        self.recorder: Recorder | None = None
        self.pipeline: Pipeline | None = None
        self._closed = threading.Event()
        self._close_lock = threading.Lock()

    # -- life cycle ------------------------------------------------------------------------

    def start(self) -> RunSession:
        """Open the source, build the recorder, start. Raises SourceError (nothing left open) on failure."""
        recipe = self.cascade.recipe
        context = SourceContext(recipe.name, resources_dir(), max_offline_s=self.config.max_offline_s)
        return self.start_with(open_source(self.options.source, context))

    def start_with(self, source: FrameSource) -> RunSession:
        """Start on a source object (not yet opened): the session opens it and owns it from here."""
        recipe = self.cascade.recipe
        source.open()
        try:
            self.recorder = self._make_recorder(recipe.name) if self.options.record else None
            line = self.options.line
            sinks = [  # the line first: its verdict drives a reject gate with a deadline, the others can wait
                *([line] if line is not None else []),
                *self.options.sinks,
                *([self.recorder] if self.recorder is not None else []),
            ]
            self.pipeline = Pipeline(
                source,
                self.cascade,
                sinks,
                self.config.queue_size,
                max_frames=self.options.max_frames,
                on_part=self.options.on_part,
            )
            if self.recorder is not None:
                self.recorder.watch_losses(self.pipeline.loss_counters)
                if line is not None:  # the shift report's line figures
                    self.recorder.watch_line(line.history_counters)
            self.source = source
            self.pipeline.start()  # from here the capture thread owns the source and closes it
            self._tell_line("running")
            threading.Thread(target=self._close_when_stopped, name="session-finisher", daemon=True).start()
        except BaseException:
            source.close()
            if self.recorder is not None:
                self.recorder.close(timeout=5.0)
            raise
        return self

    def _make_recorder(self, recipe: str) -> Recorder:
        history = self.config.history
        db = self.options.db if self.options.db is not None else history.db
        url = None if db in (None, "default") else db
        context = RecordingContext(
            station_id=self.options.station_id or self.config.station_id,
            line=self.config.line,
            recipe=recipe,
            source=self.options.source,
            calendar=self.config.calendar,
        )
        return Recorder(
            url,
            history.data_dir or user_data_dir(),
            context,
            ok_sample_every=history.ok_sample_every,
            on_committed=self.options.on_recorded,
            max_pending_image_bytes=int(history.max_pending_image_mb * MB),
            max_pending_parts=history.max_pending_parts,
            pictures_min_free_mb=history.pictures_min_free_mb,
            warn_free_mb=history.warn_free_mb,
        )

    @property
    def takes_software_trigger(self) -> bool:
        """True while the run's source takes software triggers (a GigE camera opened with trigger=software)."""
        return bool(self.running and self.source is not None and self.source.software_trigger)

    def fire_trigger(self) -> bool:
        """Ask the source for one picture (the app's button, a PLC, a photo-eye); False when it takes none."""
        source = self.source
        if not self.takes_software_trigger or source is None:
            return False
        source.trigger()
        return True

    @property
    def running(self) -> bool:
        return self.pipeline is not None and self.pipeline.running

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the source to end (a finite folder, ``max_frames``); True when the run ended."""
        if self.pipeline is None:
            return True
        return self.pipeline.join(timeout)

    def stop(self, timeout: float = 15.0) -> bool:
        """Stop and record everything in flight; True when nothing was left unaccounted.

        The recorder is closed only after the pipeline has stopped, so no part is written to a closed
        recorder. Should the pipeline not stop in ``timeout`` (a model stuck on a part), the recorder is
        closed when it does, by a background thread, and the summary says so meanwhile.
        """
        pipeline = self.pipeline
        if pipeline is None:
            return True
        stopped = pipeline.stop(timeout=timeout)
        if not stopped:  # the finisher thread closes the history when the pipeline does stop
            log.warning("the pipeline did not stop within %.0f s; the history closes when it does", timeout)
            return False
        return self._close_recorder(timeout)

    @property
    def finished(self) -> bool:
        """True once the run has ended and everything it inspected is recorded or counted."""
        return self._closed.is_set()

    def _close_when_stopped(self) -> None:
        """A run that ends by itself (a folder done, ``max_frames`` reached) closes its history too."""
        assert self.pipeline is not None
        self.pipeline.join()
        self._close_recorder(60.0)

    def _tell_line(self, state: str) -> None:
        line = self.options.line
        if line is None:
            return
        summary = self.pipeline.summary() if self.pipeline is not None else {}
        counters = {k: summary.get(k, 0) for k in ("parts", "ok", "ng", "errors", "not_inspected")}
        try:
            line.on_state(state, self.cascade.recipe.name, self.options.source, counters)
        except Exception:  # the line must never stop inspection
            log.exception("the line interfaces refused the state %s", state)

    def _close_recorder(self, timeout: float) -> bool:
        with self._close_lock:
            if self._closed.is_set():
                return True
            failed = self.pipeline is not None and self.pipeline.failure is not None
            self._tell_line("error" if failed else "stopped")
            finished = True
            if self.recorder is not None and not self.recorder.close(timeout=timeout):
                log.warning("the history writer did not finish in %.0f s; what is left is counted", timeout)
                finished = False
            self._closed.set()
            return finished

    # -- what happened ---------------------------------------------------------------------

    def summary(self) -> dict[str, Any]:
        """The run's counts; they add up (see the module docstring)."""
        info = self.cascade.info
        out: dict[str, Any] = {"recipe": info.recipe, "source": self.options.source}
        if self.pipeline is not None:
            out.update(self.pipeline.summary())
            if self.pipeline.failure is not None:
                out["source_error"] = str(self.pipeline.failure).splitlines()[0][:300]
        out["threshold"] = info.threshold
        out["threshold_from"] = self.cascade.threshold_source
        out["providers"] = info.providers
        if self.cascade.notes:
            out["notes"] = list(self.cascade.notes)
        if self.recorder is not None:
            state = self.recorder.state
            parts = int(out.get("parts", 0))
            accounted = state.recorded + state.queued_offline_parts + state.not_recorded_total
            out.update(
                recorded=state.recorded,
                queued_offline=state.queued_offline,
                queued_offline_parts=state.queued_offline_parts,
                not_recorded=state.not_recorded_total,
                not_recorded_reasons=dict(state.not_recorded),
                pictures_not_kept=state.images_skipped + state.image_errors + state.pictures_skipped_low_disk,
                unaccounted=max(0, parts - accounted) if self._closed.is_set() else None,
            )
            if state.disk_warning:
                out["disk_warning"] = state.disk_warning
            if state.last_error:
                out["history_error"] = state.last_error
        if self.options.line is not None:
            out["line_io"] = self.options.line.counters()
        return out

    def exit_code(self) -> int:
        """0 when every part inspected was recorded (or safely queued); otherwise why not."""
        summary = self.summary()
        if summary.get("not_recorded") or summary.get("unaccounted"):
            return EXIT_NOT_RECORDED
        if "source_error" in summary:
            return EXIT_SOURCE_FAILED
        return EXIT_OK
