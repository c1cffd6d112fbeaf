"""`station line ...`: the register map and a settings check; the lead's cli.py calls add_line_parsers(sub)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from station.core.config import ConfigError, StationConfig
from station.lineio.registers import register_map_markdown, register_map_text


def _cmd_map(args: argparse.Namespace) -> int:
    print(register_map_markdown() if args.markdown else register_map_text())
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    """Validate the line_io block of a settings file and say what would start, without opening a port."""
    try:
        cfg = StationConfig.load(args.config)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if cfg.line_io is None:
        print(json.dumps({"line_io": None, "note": f"{args.config} has no line_io block: nothing to start"}))
        return 0
    li = cfg.line_io
    plan = {
        "mode": "line" if li.triggered() else "free",
        "deadline_ms": li.deadline_ms,
        "fail_safe": li.fail_safe,
        "modbus_server": li.modbus_server.listen if li.modbus_server else None,
        "remote_io": li.remote_io.address if li.remote_io else None,
        "opcua": li.opcua.endpoint if li.opcua else None,
        "mqtt": f"{li.mqtt.host}:{li.mqtt.port} {li.mqtt.topic_prefix}/{cfg.station_id}/result" if li.mqtt else None,
    }
    print(json.dumps(plan))
    return 0


def add_line_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    line = sub.add_parser("line", help="connecting to the line (PLC, OPC UA, MQTT, remote I/O)")
    what = line.add_subparsers(dest="what", required=True)
    mp = what.add_parser("map", help="print the Modbus TCP register map")
    mp.add_argument("--markdown", action="store_true", help="as a Markdown table (for the README)")
    mp.set_defaults(func=_cmd_map)
    ck = what.add_parser("check", help="validate line_io in a settings file and print what would start")
    ck.add_argument("--config", type=Path, required=True)
    ck.set_defaults(func=_cmd_check)


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry (python -m station.lineio.cli map) until the station CLI carries `line`."""
    parser = argparse.ArgumentParser(prog="station")
    add_line_parsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["line", *(sys.argv[1:] if argv is None else argv)])
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
