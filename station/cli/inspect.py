"""``station inspect``, ``bench`` and ``cameras``: the line's work from a shell, through the run session."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import IO, TYPE_CHECKING

from station.cli.common import fail, load_cascade_or_exit, recipe_args, settings

if TYPE_CHECKING:
    from station.history.recorder import Recorded


def _cmd_inspect(args: argparse.Namespace) -> int:
    import json

    from tqdm import tqdm

    from station.capture.sources import SourceError
    from station.core.config import ConfigError
    from station.lineio import LineIoError
    from station.pipeline.sinks import JsonLinesSink, OverlaySink, Sink
    from station.session import RunOptions, RunSession
    from station.session.line import FixedRunHost, history_authenticator, open_line

    try:
        config = settings(args)
    except ConfigError as exc:
        return fail(str(exc))
    record = args.db is not None or args.record
    if args.db is not None and (problem := _unusable_db(args.db)) is not None:
        return fail(problem)
    cascade = load_cascade_or_exit(args)
    if isinstance(cascade, int):
        return cascade
    sinks: list[Sink] = []
    jsonl: IO[str] | None = None
    try:
        if args.jsonl is not None:
            jsonl = args.jsonl.open("w", encoding="utf-8")
        if args.overlays is not None:
            sinks.append(OverlaySink(args.overlays))
    except OSError as exc:
        return fail(f"cannot write {exc.filename}: {exc.strerror or exc}")
    if jsonl is not None and not record:
        sinks.append(JsonLinesSink(jsonl))
    interrupted = _stop_on_signals()
    host = FixedRunHost(cascade.recipe.name, history_authenticator(config, args.db), interrupted.set)
    try:
        line = open_line(config, host)  # what `line_io` in the settings names: PLC, remote I/O, OPC UA, MQTT
    except (LineIoError, OSError) as exc:
        return fail(f"cannot start the line interfaces: {exc}")
    bar = tqdm(total=args.frames, unit="part", file=sys.stderr, dynamic_ncols=True)
    session = RunSession(
        config,
        cascade,
        RunOptions(
            source=args.source,
            max_frames=args.frames,
            record=record,
            db=args.db,
            station_id=args.station,
            sinks=sinks,
            on_part=lambda *_: bar.update(1),
            on_recorded=_jsonl_writer(jsonl) if record and jsonl is not None else None,
            line=line,
        ),
    )
    host.trigger = session.fire_trigger
    try:
        session.start()
    except SourceError as exc:
        bar.close()
        if line is not None:
            line.close()
        if jsonl is not None:
            jsonl.close()
            args.jsonl.unlink(missing_ok=True)  # nothing was inspected: leave no empty output behind
        return fail(str(exc))
    if (expected := _expected_parts(session, args.frames)) is not None:
        bar.total = expected
        bar.refresh()
    try:
        while not session.wait(0.2):
            if interrupted.is_set():
                break
    except KeyboardInterrupt:
        pass
    finally:
        stopped = session.stop()
        bar.close()
        if jsonl is not None:
            jsonl.close()
        if line is not None:
            line.close()
    summary = session.summary()
    _explain(summary, stopped)
    print(json.dumps(summary))
    return session.exit_code()


def _stop_on_signals() -> threading.Event:
    """SIGTERM (systemd, a supervisor) and SIGINT both end the run with its summary, as Ctrl+C does."""
    interrupted = threading.Event()

    def handler(signum: int, _frame: FrameType | None) -> None:
        interrupted.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, handler)
    return interrupted


def _expected_parts(session: object, frames: int | None) -> int | None:
    source = getattr(session, "source", None)
    files = getattr(source, "files", None)
    if files is None or getattr(source, "loop", False):
        return frames
    return min(len(files), frames or len(files))


def _explain(summary: dict[str, object], stopped: bool) -> None:
    """Say on stderr, each on its own line (never on the progress bar's), what the operator must know."""
    notes = []
    if not stopped:
        notes.append("the run did not stop in time; parts still in flight are counted as unaccounted")
    if summary.get("source_error"):
        notes.append(f"the source stopped: {summary['source_error']}")
    if summary.get("not_recorded"):
        reasons = summary.get("not_recorded_reasons") or {}
        notes.append(f"{summary['not_recorded']} parts inspected but NOT recorded: {reasons}")
    if summary.get("queued_offline_parts"):
        notes.append(f"{summary['queued_offline_parts']} parts kept in the offline queue until the database answers")
    if summary.get("disk_warning"):
        notes.append(str(summary["disk_warning"]))
    if summary.get("last_fault"):
        notes.append(f"failures during the run {summary.get('faults')}: last {summary['last_fault']}")
    for note in notes:
        print(f"station: {note}", file=sys.stderr)


def _jsonl_writer(jsonl: IO[str]) -> Callable[[list[Recorded]], None]:
    """JSON lines written once a part is safely recorded, so a hard kill loses nothing that was printed."""
    import json

    def report(batch: list[Recorded]) -> None:
        jsonl.write("".join(json.dumps(r.inspection.to_json()) + "\n" for r in batch))
        jsonl.flush()

    return report


def _unusable_db(db: str) -> str | None:
    """A malformed URL or a missing driver fails now; an unreachable database only warns (parts queue)."""
    from station.history.store import HistoryError, HistoryStore, display_url

    url = None if db == "default" else db
    try:
        HistoryStore(url).close()
    except HistoryError as exc:
        print(f"station: warning: {exc}; parts are kept in the offline queue until it answers", file=sys.stderr)
    except Exception as exc:
        return f"cannot use --db {display_url(db) if '://' in db else db}: {exc}"
    return None


def _cmd_bench(args: argparse.Namespace) -> int:
    import json

    from station.capture.sources import SourceContext, SourceError, open_source
    from station.core.paths import resources_dir
    from station.pipeline.bench import bench

    cascade = load_cascade_or_exit(args)
    if isinstance(cascade, int):
        return cascade
    try:
        with open_source(args.source, SourceContext(cascade.recipe.name, resources_dir())) as source:
            images = [f.image for f in source.frames() if f.image is not None]
        report = bench(cascade, images, rounds=args.rounds)
    except (SourceError, ValueError) as exc:
        return fail(str(exc))
    print(json.dumps(report))
    return 0


def _cmd_cameras(args: argparse.Namespace) -> int:
    import json

    from station.capture.cameras import list_cameras

    found = list_cameras()
    for note in found["notes"]:
        print(f"station: {note}", file=sys.stderr)
    print(json.dumps({"gige": found["gige"], "usb": found["usb"]}, indent=1))
    return 0


def add_inspect_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ins = sub.add_parser("inspect", help="inspect parts from a source, headless")
    recipe_args(ins)
    ins.add_argument(
        "--source",
        default="demo",
        help="demo | folder:DIR | watch:DIR | usb:N | video:FILE | rtsp://... | gige:ADDRESS",
    )
    ins.add_argument("--frames", type=int, default=None, help="stop after N parts")
    ins.add_argument("--jsonl", type=Path, default=None, help="write one JSON line per part here")
    ins.add_argument("--overlays", type=Path, default=None, help="save each part with heatmap, boxes and verdict here")
    ins.add_argument(
        "--db",
        default=None,
        help="record every part to this history database (SQLAlchemy URL, e.g. postgresql://user@host/db; "
        "'default' = SQLite in the user's data folder)",
    )
    ins.add_argument(
        "--record", action="store_true", help="record every part to the settings' history database (history.db)"
    )
    ins.add_argument("--station", default=None, help="station id for the records (overrides the config)")
    ins.set_defaults(func=_cmd_inspect)

    be = sub.add_parser("bench", help="classifier alone vs full cascade, side by side")
    recipe_args(be)
    be.add_argument("--source", default="demo")
    be.add_argument("--rounds", type=int, default=5)
    be.set_defaults(func=_cmd_bench)
    cams = sub.add_parser("cameras", help="list the GigE Vision and USB cameras this machine can see")
    cams.set_defaults(func=_cmd_cameras)
