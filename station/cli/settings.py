"""``station config``: where the one settings file is, and what is in force."""

from __future__ import annotations

import argparse
import json

from station.cli.common import add_config_arg, fail


def _cmd_config(args: argparse.Namespace) -> int:
    from station.core.config import ConfigError, StationConfig
    from station.core.paths import user_data_dir, user_log_dir

    try:
        config, path = StationConfig.resolve(getattr(args, "config", None))
    except ConfigError as exc:
        return fail(str(exc))
    if args.show:
        import yaml

        shown = config.model_dump(mode="json")
        print(f"# settings in force, from {path}{'' if path.is_file() else ' (absent: built-in defaults)'}")
        print(yaml.safe_dump(shown, sort_keys=False, allow_unicode=True), end="")
        return 0
    if args.folders:
        folders = {
            "config": str(path),
            "data": str(config.history.data_dir or user_data_dir()),
            "logs": str(user_log_dir()),
        }
        print(json.dumps(folders))
        return 0
    print(path)
    return 0


def add_config_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    co = sub.add_parser("config", help="where the settings file is (--path) and the settings in force (--show)")
    mode = co.add_mutually_exclusive_group()
    mode.add_argument("--path", action="store_true", help="print the settings file every command reads (default)")
    mode.add_argument("--show", action="store_true", help="print the settings in force, defaults filled in")
    mode.add_argument("--folders", action="store_true", help="print the settings, data and log folders as JSON")
    add_config_arg(co)
    co.set_defaults(func=_cmd_config)
