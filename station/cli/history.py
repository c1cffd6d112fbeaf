"""``station history ...`` and ``station users ...``: questions to the history database from a shell.

Kept apart from ``cli.py`` so each file stays readable; imports its layer only
when a command runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from station.history.auth import PinPolicy

from station.cli.common import add_config_arg, fail, settings


def _fail(message: str) -> int:
    return fail(message)


def _when(text: str) -> dt.datetime:
    """ISO date or date-time; a naive one is taken in this computer's local time."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO date or date-time (2026-11-21T06:00)") from exc
    return moment if moment.tzinfo is not None else moment.astimezone()


def _db(args: argparse.Namespace) -> str | None:
    """``--db``, else the settings' ``history.db`` (the same database the app records to)."""
    if args.db is None:
        return settings(args).history.db
    return None if args.db == "default" else str(args.db)


def _cmd_stats(args: argparse.Namespace) -> int:
    from station.history.store import HistoryError, HistoryStore

    try:
        store = HistoryStore(_db(args))
        stats = store.stats(args.start, args.end, station=args.station, line=args.line)
    except HistoryError as exc:
        return _fail(str(exc))
    print(json.dumps(stats.to_json()))
    return 0


def _cmd_prune(args: argparse.Namespace) -> int:
    from station.core.config import ConfigError
    from station.core.paths import user_data_dir
    from station.history.archive import ImageArchive

    try:
        config = settings(args)
    except ConfigError as exc:
        return _fail(str(exc))
    days = args.days or config.history.image_retention_days
    archive = ImageArchive((config.history.data_dir or user_data_dir()) / "images")
    print(json.dumps({"days_removed": archive.prune(days), "retention_days": days}))
    return 0


def _pin(variable: str, prompt: str) -> str:
    """A PIN from the environment (scripts) or typed without echo."""
    return os.environ.get(variable) or getpass.getpass(prompt)


def _cmd_user_add(args: argparse.Namespace) -> int:
    from station.core.config import ConfigError
    from station.history.auth import PermissionDenied, Role, add_user, bootstrap_admin, login
    from station.history.store import HistoryError, HistoryStore

    try:
        policy = _policy(args)
        store = HistoryStore(_db(args))
        role = Role.parse(args.role)
        pin = _pin("STATION_PIN", f"PIN for {args.name}: ")
        if args.admin is None:
            if role is not Role.ADMIN:
                return _fail("the first user must be an admin (--role admin); later ones need --admin NAME")
            bootstrap_admin(store, args.name, pin, args.station, policy)
        else:
            admin_pin = _pin("STATION_ADMIN_PIN", f"PIN of {args.admin}: ")
            admin = login(store, args.admin, admin_pin, args.station, policy)
            add_user(store, admin, args.name, role, pin, args.station, policy)
    except (ConfigError, HistoryError, PermissionDenied) as exc:
        return _fail(str(exc))
    print(json.dumps({"user": args.name, "role": role.name.lower()}))
    return 0


def _cmd_audit(args: argparse.Namespace) -> int:
    from station.history.store import HistoryError, HistoryStore

    try:
        rows = HistoryStore(_db(args)).audit_log(args.start, args.end)
    except HistoryError as exc:
        return _fail(str(exc))
    for row in rows:
        print(json.dumps({k: (v.isoformat() if isinstance(v, dt.datetime) else v) for k, v in row.items()}))
    return 0


def _cmd_verify(args: argparse.Namespace) -> int:
    """Exit 0 when the audit chain and its triggers are intact, 1 (and each problem) when not."""
    from station.history.store import HistoryError, HistoryStore

    try:
        check = HistoryStore(_db(args)).verify_audit()
    except HistoryError as exc:
        return _fail(str(exc))
    print(json.dumps(check.to_json()))
    if not check.ok:
        print(f"station: {check.message}", file=sys.stderr)
        return 1
    print(check.message, file=sys.stderr)
    return 0


def _policy(args: argparse.Namespace) -> PinPolicy:
    """The PIN policy of the station's settings (defaults without a settings file)."""
    from station.history.auth import PinPolicy

    return PinPolicy.from_settings(settings(args).history)


def _cmd_threshold_show(args: argparse.Namespace) -> int:
    from station.history.store import HistoryError, HistoryStore

    try:
        value = HistoryStore(_db(args)).recipe_threshold(args.recipe)
    except HistoryError as exc:
        return _fail(str(exc))
    print(json.dumps({"recipe": args.recipe, "threshold": value, "stored": value is not None}))
    return 0


def _threshold_value(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 <= value <= 1.0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"a threshold is a number from 0 to 1, got {text}")
    return value


def _cmd_threshold_set(args: argparse.Namespace) -> int:
    from station.core.config import ConfigError
    from station.history.auth import PermissionDenied, login
    from station.history.store import HistoryError, HistoryStore

    try:
        policy = _policy(args)
        store = HistoryStore(_db(args))
        user = login(store, args.user, _pin("STATION_PIN", f"PIN of {args.user}: "), args.station, policy)
        old = store.set_recipe_threshold(args.recipe, args.value, user, args.station)
    except (ConfigError, HistoryError, PermissionDenied) as exc:
        return _fail(str(exc))
    print(json.dumps({"recipe": args.recipe, "threshold": args.value, "previous": old, "by": user.name}))
    return 0


def _cmd_export_dataset(args: argparse.Namespace) -> int:
    from station.core.config import ConfigError
    from station.core.paths import user_data_dir
    from station.core.recipe import Recipe, RecipeError
    from station.history.archive import ImageArchive
    from station.history.dataset import export_reviewed
    from station.history.store import HistoryError, HistoryStore
    from station.session import recipes_root

    try:
        config = settings(args)
        classes = list(Recipe.load(args.recipe, recipes_root(config)).detector_classes) if args.recipe else []
        store = HistoryStore(_db(args))
        archive = ImageArchive((config.history.data_dir or user_data_dir()) / "images")
        counts = export_reviewed(store, archive, args.out, classes, args.since)
    except (ConfigError, RecipeError, HistoryError, OSError) as exc:
        return _fail(str(exc))
    print(json.dumps(counts))
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from station.core.config import ConfigError
    from station.core.paths import user_data_dir
    from station.history.archive import ImageArchive
    from station.history.store import HistoryError, HistoryStore
    from station.reports.csvexport import line_csv_path, write_csv, write_line_csv
    from station.reports.pdf import render_pdf
    from station.reports.shiftdata import gather

    if args.escapes is not None and args.escapes < 0:
        return _fail(f"--escapes counts parts; it cannot be {args.escapes}")
    try:
        config = settings(args)
        window = config.calendar.parse(args.shift)
        store = HistoryStore(_db(args))
        # ``language`` in station.yaml, when the settings have it, is the default for reports too.
        language = args.language or getattr(config, "language", None) or "en"
        data = gather(store, window, config.plant, args.line, args.station, roi=config.roi, escapes=args.escapes)
        archive = ImageArchive((config.history.data_dir or user_data_dir()) / "images")
        page = args.page or config.reports.page_size
        render_pdf(data, args.out, archive, page, config.calendar.zone, language=language)
        rows = line_rows = None
        if args.csv:
            rows = write_csv(store, window.start, window.end, args.csv, args.station, args.line, language=language)
            if data.line_io is not None:  # the line's counts beside it: shift.csv -> shift-line.csv
                line_csv = line_csv_path(args.csv)
                line_rows = write_line_csv(store, window.start, window.end, line_csv, args.station, args.line,
                                           language=language)  # fmt: skip
    except (ConfigError, HistoryError, ValueError, OSError) as exc:
        return _fail(str(exc))
    result = {"report": str(args.out), "shift": window.label, **data.stats.to_json()}
    if rows is not None:
        result["csv_rows"] = rows
    if data.line_io is not None:
        result["line_io"] = {k: v for k, v in vars(data.line_io).items()}
        if line_rows is not None:
            result["line_csv"], result["line_csv_rows"] = str(line_csv_path(args.csv)), line_rows
    print(json.dumps(result))
    return 0


def add_history_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    def db_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", default=None, help="SQLAlchemy URL (default: the settings' history.db)")
        add_config_arg(p)

    history = sub.add_parser("history", help="the inspection history").add_subparsers(dest="what", required=True)
    st = history.add_parser("stats", help="counts for a time window; ends with one JSON line")
    db_args(st)
    st.add_argument("--from", dest="start", type=_when, default=None, help="ISO time; naive = local time")
    st.add_argument("--to", dest="end", type=_when, default=None)
    st.add_argument("--station", default=None)
    st.add_argument("--line", default=None)
    st.set_defaults(func=_cmd_stats)

    pr = history.add_parser("prune", help="delete archived images older than the retention (records stay)")
    add_config_arg(pr)
    pr.add_argument("--days", type=int, default=None, help="override the config's image_retention_days")
    pr.set_defaults(func=_cmd_prune)

    au = history.add_parser("audit", help="the audit log, one JSON line per entry")
    db_args(au)
    au.add_argument("--from", dest="start", type=_when, default=None)
    au.add_argument("--to", dest="end", type=_when, default=None)
    au.set_defaults(func=_cmd_audit)

    ve = history.add_parser("verify", help="check the audit log's hash chain and triggers; exit 1 if tampered")
    db_args(ve)
    ve.set_defaults(func=_cmd_verify)

    threshold = sub.add_parser("threshold", help="the operating threshold stored per recipe").add_subparsers(
        dest="what", required=True
    )
    ts = threshold.add_parser("show", help="the stored threshold of a recipe (null: the recipe's own applies)")
    db_args(ts)
    ts.add_argument("--recipe", required=True)
    ts.set_defaults(func=_cmd_threshold_show)
    tt = threshold.add_parser("set", help="store a recipe's threshold (QA role; PIN from STATION_PIN or a prompt)")
    db_args(tt)
    tt.add_argument("--recipe", required=True)
    tt.add_argument("--value", required=True, type=_threshold_value, help="0 to 1")
    tt.add_argument("--user", required=True, help="who signs the change (QA role or above)")
    tt.add_argument("--station", default="cli", help="recorded in the audit log")
    tt.set_defaults(func=_cmd_threshold_set)

    ed = sub.add_parser("export-dataset", help="reviewed parts as a training set (ok/ + defect/, YOLO labels)")
    db_args(ed)
    ed.add_argument("--out", type=Path, required=True)
    ed.add_argument("--since", type=_when, default=None, help="only parts inspected from this time")
    ed.add_argument("--recipe", default=None, help="whose detector classes name the YOLO labels")
    ed.set_defaults(func=_cmd_export_dataset)

    rp = sub.add_parser("report", help="the PDF shift report (and CSV) for supervisors")
    db_args(rp)
    rp.add_argument("--shift", required=True, help="YYYY-MM-DD/NAME from the shift calendar, e.g. 2026-11-21/A")
    rp.add_argument("--out", type=Path, required=True, help="the PDF to write")
    rp.add_argument("--csv", type=Path, default=None, help="also write the shift's inspections here")
    rp.add_argument("--line", default=None)
    rp.add_argument("--station", default=None)
    rp.add_argument("--page", choices=("A4", "Letter"), default=None, help="default: the config's reports.page_size")
    rp.add_argument("--language", choices=("en", "ko", "ru"), default=None, help="words, numbers and dates")
    rp.add_argument(
        "--escapes",
        type=int,
        default=None,
        help="defective parts of this shift the station passed, as QA confirmed them (default: unknown)",
    )
    rp.set_defaults(func=_cmd_report)

    users = sub.add_parser("users", help="people who log in").add_subparsers(dest="what", required=True)
    ua = users.add_parser("add", help="add a user or reset one's PIN (PIN from STATION_PIN or a prompt)")
    db_args(ua)
    ua.add_argument("name")
    ua.add_argument("--role", required=True, help="operator, qa, supervisor or admin")
    ua.add_argument("--admin", default=None, help="an admin's name (PIN from STATION_ADMIN_PIN or a prompt)")
    ua.add_argument("--station", default="cli", help="recorded in the audit log")
    ua.set_defaults(func=_cmd_user_add)
