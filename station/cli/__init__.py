"""The ``station`` command: the app, inspect, evaluate, train, export, bench, history, config.

One module per command group; each imports its layer only when it runs, so
``station inspect`` never loads torch and starts quickly. Every command reads
the same settings file (``--config`` or the user's station.yaml).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from station.cli.common import EXIT_USAGE, fail
from station.cli.evaluate import add_evaluate_parser
from station.cli.history import add_history_parsers
from station.cli.inspect import add_inspect_parsers
from station.cli.settings import add_config_parser
from station.cli.train import add_train_parsers
from station.lineio.cli import add_line_parsers

__all__ = ["EXIT_USAGE", "build_parser", "main"]


def _cmd_app(args: argparse.Namespace) -> int:
    """`station` with no command opens the desktop app, running on the embedded demo."""
    from station.core.config import ConfigError
    from station.core.recipe import RecipeError
    from station.ui.app import NoScreenError, run_app

    try:
        return run_app(args.app_recipe, args.app_source, args.quit_after, args.screenshot, args.config)
    except (ConfigError, NoScreenError, RecipeError) as exc:
        return fail(str(exc))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="station",
        description="AI inspection station for factory lines. Without a command it opens the desktop app.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    parser.add_argument("--recipe", dest="app_recipe", default=None, help="app: the recipe to open")
    parser.add_argument("--source", dest="app_source", default=None, help="app: the source to run")
    parser.add_argument(
        "--config", type=Path, default=None, help="station settings (YAML) for every command; default: the user's"
    )
    parser.add_argument("--quit-after", type=int, default=None, help="app: close after N parts (smoke tests)")
    parser.add_argument("--screenshot", type=Path, default=None, help="app: save the window here before closing")
    parser.set_defaults(func=_cmd_app)
    sub = parser.add_subparsers(dest="command", required=False, metavar="COMMAND")
    add_train_parsers(sub)
    add_inspect_parsers(sub)
    add_evaluate_parser(sub)
    add_history_parsers(sub)
    add_config_parser(sub)
    add_line_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    from station.core.config import ConfigError

    try:
        return int(args.func(args))
    except ConfigError as exc:  # a settings file read by any command: one line, not a traceback
        return fail(str(exc))
    except ModuleNotFoundError as exc:
        training = ("station.training", "torch", "torchvision", "ultralytics", "pytorch_grad_cam")
        if getattr(sys, "frozen", False) and (exc.name or "").startswith(training):
            return fail(
                f"`station {args.command}` is a developer command that needs torch, which the packaged "
                "station leaves out: run it from a source checkout (uv run station ...)"
            )
        raise


if __name__ == "__main__":
    sys.exit(main())
