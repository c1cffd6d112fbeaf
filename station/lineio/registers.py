"""The Modbus register map: one table that the server, `station line map` and the README share.

All values are holding registers (function codes 3, 6 and 16; 4 reads the same
table). 32-bit values are two registers, high word first. The PLC writes only
the control block (0-9); a write into the status block (100-) is refused with
ILLEGAL ADDRESS so a wrong PLC program fails loudly instead of silently.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTROL_START, CONTROL_SIZE = 0, 10
STATUS_START, STATUS_SIZE = 100, 30
MAP_SIZE = STATUS_START + STATUS_SIZE

# control word bits (register 0, written by the PLC)
CTRL_TRIGGER = 1 << 0
CTRL_RESULT_ACK = 1 << 1

# status word bits (register 100, written by the station)
ST_TRIGGER_READY = 1 << 0
ST_TRIGGER_ACK = 1 << 1
ST_RESULT_VALID = 1 << 2
ST_RUNNING = 1 << 3
ST_ERROR = 1 << 4
ST_OVERFLOW = 1 << 5
ST_FAIL_SAFE = 1 << 6

STATE_CODES = {"preoperational": 0, "running": 1, "stopped": 2, "error": 3, "halted": 4}


@dataclass(frozen=True)
class Register:
    address: int
    name: str
    kind: str  # "bits", "uint16", "uint32"
    access: str  # "PLC writes" or "station writes"
    meaning: str


REGISTER_MAP: tuple[Register, ...] = (
    Register(0, "control", "bits", "PLC writes", "bit 0 Trigger (rising edge starts a part), bit 1 ResultAck"),
    Register(1, "trigger_part_id", "uint32", "PLC writes", "part id of the next trigger (write before Trigger)"),
    Register(
        100,
        "status",
        "bits",
        "station writes",
        "bit 0 TriggerReady, 1 TriggerAck, 2 ResultValid, 3 Running, 4 Error, 5 BufferOverflow, 6 FailSafe",
    ),
    Register(101, "heartbeat", "uint16", "station writes", "+1 every 100 ms while the station is alive (wraps)"),
    Register(102, "result_part_id", "uint32", "station writes", "part id of the result on show"),
    Register(104, "verdict", "uint16", "station writes", "0 none, 1 pass, 2 reject"),
    Register(
        105,
        "result_code",
        "uint16",
        "station writes",
        "0 none, 1 OK, 2 defect, 3 fail-safe late, 4 fail-safe error, 5 fail-safe picture lost",
    ),
    Register(106, "defect_class", "uint16", "station writes", "class id + 1 of the most confident defect box, 0 none"),
    Register(107, "score", "uint16", "station writes", "defect score x 1000 (0-1000), 0xFFFF unknown"),
    Register(108, "results_waiting", "uint16", "station writes", "results not yet acknowledged (buffer)"),
    Register(109, "state", "uint16", "station writes", "0 preoperational, 1 running, 2 stopped, 3 error, 4 halted"),
    Register(110, "parts_triggered", "uint32", "station writes", "triggers accepted"),
    Register(112, "results_sent", "uint32", "station writes", "parts given a verdict (real or fail-safe)"),
    Register(114, "late", "uint32", "station writes", "parts past the deadline"),
    Register(116, "fail_safe", "uint32", "station writes", "fail-safe verdicts (late + error + lost)"),
    Register(118, "overflows", "uint32", "station writes", "results dropped: the PLC left the buffer full"),
    Register(120, "refused", "uint32", "station writes", "triggers while TriggerReady was low"),
    Register(122, "processing_ms", "uint16", "station writes", "trigger to verdict of the result on show, ms"),
)

BY_NAME = {r.name: r for r in REGISTER_MAP}


def register_map_text() -> str:
    """The register map as a plain table (what `station line map` prints)."""
    rows = [("address", "type", "access", "name", "meaning")]
    for r in REGISTER_MAP:
        span = f"{r.address}" if r.kind != "uint32" else f"{r.address}-{r.address + 1}"
        rows.append((span, r.kind, r.access, r.name, r.meaning))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4] for row in rows]
    lines.insert(1, "-" * len(lines[0]))
    head = "Modbus TCP holding registers (FC 3/4 read, FC 6/16 write); uint32 = two registers, high word first"
    return head + "\n" + "\n".join(lines)


def register_map_markdown() -> str:
    """The same table for the README."""
    out = ["| address | type | access | name | meaning |", "|---|---|---|---|---|"]
    for r in REGISTER_MAP:
        span = f"{r.address}" if r.kind != "uint32" else f"{r.address}-{r.address + 1}"
        out.append(f"| {span} | {r.kind} | {r.access} | `{r.name}` | {r.meaning} |")
    return "\n".join(out)


def put(image: list[int], name: str, value: int) -> None:
    """Write one named value into a register image (a list indexed by address)."""
    reg = BY_NAME[name]
    if reg.kind == "uint32":
        value %= 2**32
        image[reg.address] = value >> 16
        image[reg.address + 1] = value & 0xFFFF
    else:
        image[reg.address] = value & 0xFFFF


def get(image: list[int], name: str) -> int:
    reg = BY_NAME[name]
    if reg.kind == "uint32":
        return (image[reg.address] << 16) | image[reg.address + 1]
    return image[reg.address]
