"""What every ``station`` command shares: one error line, one settings file, the recipe loader."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from station.core.config import StationConfig
    from station.inference.cascade import Cascade

EXIT_USAGE = 2
DEVICES = ("auto", "cpu", "cuda")


def fail(message: str, code: int = EXIT_USAGE) -> int:
    """One line on stderr, never a traceback, and the exit code."""
    first = message.strip().splitlines()[0] if message.strip() else "failed"
    print(f"station: {first}", file=sys.stderr)
    return code


def add_config_arg(parser: argparse.ArgumentParser) -> None:
    """``--config FILE`` on a subcommand, without clobbering the same option given before the command."""
    parser.add_argument(
        "--config",
        type=Path,
        default=argparse.SUPPRESS,
        help="station settings (YAML); default: the user's station.yaml (`station config --path`)",
    )


def settings(args: argparse.Namespace) -> StationConfig:
    """The settings in force for this command: ``--config`` or the user's station.yaml (ConfigError if bad)."""
    from station.core.config import StationConfig

    config, _ = StationConfig.resolve(getattr(args, "config", None))
    return config


def load_cascade_or_exit(args: argparse.Namespace) -> Cascade | int:
    """The recipe's loaded, warmed-up cascade (from the settings' models folder), or an exit code after one line."""
    from station.core.config import ConfigError
    from station.core.recipe import RecipeError
    from station.inference.onnxmodel import ModelLoadError
    from station.session import load_cascade

    try:  # the same loader as the app: the stored threshold applies, out-of-app changes are audited
        return load_cascade(settings(args), args.recipe, args.device, db=getattr(args, "db", None))
    except (RecipeError, ModelLoadError, ConfigError) as exc:
        return fail(str(exc))


def recipe_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--recipe", required=True, help="a recipe name under models/, or a recipe folder")
    p.add_argument("--device", choices=DEVICES, default="auto", help="where ONNX Runtime runs the models")
    add_config_arg(p)
