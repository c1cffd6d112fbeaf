"""The offline queue: batches waiting for the database, one fsync'd JSON file per batch, on local disk.

Several station processes may share one data folder and station id (two
instances started by mistake, a restart while the old one still drains). So a
file's name is unique per process and batch (time, pid, run, sequence) and
sorts in time order, and a batch is claimed by an atomic rename before it is
sent: exactly one process sends it, and nobody overwrites anybody's file. A
claim left by a process that died is released at the next start.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import time
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

TIME_KEYS = ("inspected_at", "started_at", "ended_at")
_CLAIM = ".sending-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


class OfflineQueue:
    """See the module docstring. ``append`` raises OSError when the disk refuses (full, read-only)."""

    def __init__(self, folder: Path, run_id: str | None = None) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.run_id = (run_id or uuid.uuid4().hex)[:12]
        self._seq = 0
        self._release_dead_claims()

    def _release_dead_claims(self) -> None:
        for claimed in self.folder.glob(f"*.json{_CLAIM}*"):
            pid_text = claimed.name.rsplit(_CLAIM, 1)[1]
            if pid_text.isdigit() and not _alive(int(pid_text)):
                try:
                    claimed.rename(claimed.with_name(claimed.name.rsplit(_CLAIM, 1)[0]))
                except OSError:
                    log.debug("claim %s released by someone else", claimed.name)

    def pending(self) -> list[Path]:
        """Batches waiting, oldest first (names start with the time they were written)."""
        return sorted(self.folder.glob("[0-9]*.json"))

    def append(self, batch: Mapping[str, Sequence[Mapping[str, Any]]]) -> Path:
        self._seq += 1
        name = f"{time.time_ns():020d}-{os.getpid()}-{self.run_id}-{self._seq:08d}.json"
        path = self.folder / name
        tmp = path.with_suffix(".tmp")
        payload = {
            kind: [{k: (v.isoformat() if k in TIME_KEYS else v) for k, v in row.items()} for row in rows]
            for kind, rows in batch.items()
        }
        try:
            with open(tmp, "w", encoding="utf-8") as stream:
                json.dump(payload, stream)
                stream.flush()
                os.fsync(stream.fileno())
            tmp.replace(path)
        except OSError:
            tmp.unlink(missing_ok=True)  # a half-written batch must not be mistaken for a whole one
            raise
        return path

    def claim(self, path: Path) -> Path | None:
        """Take ``path`` for sending (atomic rename); None when another process took it first."""
        claimed = path.with_name(f"{path.name}{_CLAIM}{os.getpid()}")
        try:
            path.rename(claimed)
        except FileNotFoundError:
            return None
        return claimed

    @staticmethod
    def release(claimed: Path) -> None:
        """Give a claimed batch back (it could not be sent now)."""
        claimed.rename(claimed.with_name(claimed.name.rsplit(_CLAIM, 1)[0]))

    @staticmethod
    def set_aside(claimed: Path) -> Path:
        """An unreadable batch is kept for a person to look at, never sent again."""
        bad = claimed.with_name(claimed.name.rsplit(_CLAIM, 1)[0] + ".bad")
        claimed.rename(bad)
        return bad

    def quarantine(self, rows: Sequence[Mapping[str, Any]], reason: str) -> Path:
        """Rows the database refused as data (not as an outage): kept on disk with the reason, not sent again."""
        self._seq += 1
        path = self.folder / f"{time.time_ns():020d}-{os.getpid()}-{self.run_id}-{self._seq:08d}.refused"
        payload = {"reason": reason, "rows": [{k: str(v) for k, v in row.items()} for row in rows]}
        path.write_text(json.dumps(payload), encoding="utf-8")
        return path

    @staticmethod
    def load(path: Path) -> dict[str, list[dict[str, Any]]]:
        payload: dict[str, list[dict[str, Any]]] = json.loads(path.read_text(encoding="utf-8"))
        for rows in payload.values():
            for row in rows:
                for key in TIME_KEYS:
                    if key in row:
                        row[key] = dt.datetime.fromisoformat(row[key])
        return payload
