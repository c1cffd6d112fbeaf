"""LineIo: the pipeline sink that the run session feeds, and the owner of every line peer.

``write()`` matches the inspection to its trigger on the pipeline's own thread
(a lock and a few queue puts: every listener only hands the result to its
peer's thread), so a verdict reaches the peers without waiting for another
thread to be scheduled; a dispatcher thread asks the host for pictures (a
camera's software trigger may block), a watchdog thread enforces the deadline
and beats the heartbeat. Each peer runs on threads of its own, so a PLC, broker or OPC UA
client that hangs or goes away never slows inspection.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from pathlib import Path
from typing import Any

from station.core.lineio_settings import LineIoSettings
from station.core.paths import user_data_dir
from station.core.types import Frame, Inspection
from station.lineio.common import STATES, LineHost, LinePeer, PeerContext, StationView
from station.lineio.handshake import Handshake, PartResult

log = logging.getLogger(__name__)

HEARTBEAT_S = 0.1


class LineIoError(Exception):
    """A line interface cannot start (port taken, bad certificate folder ...): one clear line."""


class LineIo:
    """Connects one station to its line: PLC (Modbus TCP), remote I/O, OPC UA and MQTT, as configured."""

    def __init__(
        self,
        settings: LineIoSettings,
        station_id: str,
        host: LineHost,
        *,
        data_dir: Path | None = None,
        clock: Any = time.time,
    ) -> None:
        self.settings = settings
        self.host = host
        self.data_dir = data_dir or user_data_dir() / "line_io"
        self.view = StationView(station_id=station_id)
        self.handshake = Handshake(
            deadline_s=settings.deadline_ms / 1000.0,
            fail_safe_reject=settings.fail_safe == "reject",
            buffer_size=settings.buffer,
            triggered=settings.triggered(),
            use_ack=settings.modbus_server is not None,
            clock=clock,
        )
        self.ctx = PeerContext(self.handshake, self.view, host, self._fire)
        self.peers: list[LinePeer] = []
        self._jobs: queue.SimpleQueue[tuple[Any, ...] | None] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.fire_errors = 0
        self.handshake.add_listener(self._remember)
        self._last: dict[str, Any] | None = None

    # --- life -----------------------------------------------------------------------
    def start(self) -> None:
        """Start every configured peer (OPC UA finishes loading its model in the background)."""
        s = self.settings
        try:
            if s.modbus_server is not None:
                from station.lineio.modbus_server import ModbusServerPeer

                self._add(ModbusServerPeer(s.modbus_server, self.ctx))
            if s.remote_io is not None:
                from station.lineio.remote_io import RemoteIoPeer

                self._add(RemoteIoPeer(s.remote_io, self.ctx))
            if s.mqtt is not None:
                from station.lineio.mqtt import MqttPeer

                folder = Path(s.mqtt.queue_dir) if s.mqtt.queue_dir else self.data_dir / "mqtt_queue"
                self._add(MqttPeer(s.mqtt, self.ctx, folder))
            if s.opcua is not None:
                from station.lineio.opcua import OpcUaPeer

                cert_dir = Path(s.opcua.cert_dir) if s.opcua.cert_dir else self.data_dir / "opcua"
                self._add(OpcUaPeer(s.opcua, self.ctx, cert_dir))
        except OSError as exc:
            self.close()
            raise LineIoError(str(exc)) from exc
        for target, name in ((self._dispatch, "line-dispatch"), (self._watchdog, "line-watchdog")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def _add(self, peer: LinePeer) -> None:
        peer.start()
        self.peers.append(peer)
        on_result = getattr(peer, "on_result", None)
        if on_result is not None:
            self.handshake.add_listener(on_result)

    def close(self) -> None:
        self._stop.set()
        self._jobs.put(None)
        for thread in self._threads:
            thread.join(5)
        self._threads.clear()
        for peer in reversed(self.peers):
            try:
                peer.close()
            except Exception:
                log.exception("closing line peer %s", peer.status.name)
        self.peers.clear()

    def wait_ready(self, timeout: float = 60.0) -> bool:
        """Block until every peer that loads in the background (OPC UA) is serving; for tests and tools."""
        deadline = time.monotonic() + timeout
        for peer in self.peers:
            ready = getattr(peer, "ready", None)
            if ready is not None and not ready.wait(max(0.0, deadline - time.monotonic())):
                return False
        return True

    # --- the pipeline's side ------------------------------------------------------------
    def write(self, inspection: Inspection, frame: Frame) -> None:
        """Sink: match the verdict to its part and hand it to every peer; never blocks.

        Done here rather than on the dispatcher: one thread hop less between a verdict and the line
        (on a loaded machine each hop waited up to a scheduler slice, 10+ ms at p99)."""
        self.handshake.on_inspection(inspection, frame.timestamp)

    def on_state(self, state: str, recipe: str, source: str, counters: dict[str, Any]) -> None:
        """The run session's state; "running" is the only state in which triggers are accepted."""
        if state not in STATES:
            raise ValueError(f"line state {state!r} is not one of {', '.join(STATES)}")
        self.view.state, self.view.recipe, self.view.source = state, recipe, source
        self.view.counters = dict(counters)
        self.handshake.set_running(state == "running")
        for peer in self.peers:
            try:
                peer.state_changed()
            except Exception:
                log.exception("line peer %s on state change", peer.status.name)

    def _fire(self, source: str, part_id: int | None) -> int | None:
        """A trigger from any peer: open the part now, ask for its picture on the dispatcher."""
        return self.handshake.trigger(source, part_id, on_open=lambda: self._jobs.put(("fire",)))

    def _dispatch(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            self.handshake.mark_fired()
            try:
                self.host.fire_trigger()
            except Exception as exc:  # the part then runs into its deadline: fail-safe, counted
                self.fire_errors += 1
                log.error("the source refused a trigger: %s", exc)

    def _watchdog(self) -> None:
        next_beat = time.monotonic()
        while not self._stop.is_set():
            now = time.monotonic()
            if now >= next_beat:
                self.view.heartbeat = (self.view.heartbeat + 1) & 0xFFFF
                next_beat = now + HEARTBEAT_S
            self.handshake.tick()
            due = self.handshake.next_deadline()
            wait = next_beat - now
            if due is not None:
                wait = min(wait, max(0.0, due - self.handshake.clock()))
            self._stop.wait(max(0.001, wait))

    # --- what the app and the shift report show ------------------------------------------
    def _remember(self, result: PartResult) -> None:
        self._last = {
            "part_id": result.part_id,
            "verdict": result.verdict,
            "result_code": result.code.name,
            "fail_safe": result.fail_safe,
            "at": result.resolved_at,
        }

    def counters(self) -> dict[str, int]:
        c = self.handshake.counters
        return {
            "parts_triggered": c.triggered,
            "results_sent": c.results,
            "acknowledged": c.acknowledged,
            "late": c.late,
            "failed": c.failed,
            "lost": c.lost,
            "failsafe": c.failsafe,
            "refused": c.refused,
            "late_discarded": c.late_discarded,
            "unmatched": c.unmatched,
            "buffer_overflows": c.overflows,
            "outages": sum(p.status.outages for p in self.peers),
        }

    def history_counters(self) -> dict[str, int]:
        """Cumulative counts for the history's ``line_counts`` (see station.history.linewatch)."""
        c = self.handshake.counters
        out = {
            "triggered": c.triggered,
            "results": c.results,
            "late": c.late,
            "failsafe": c.failsafe,
            "failsafe_rejects": c.failsafe if self.handshake.fail_safe_reject else 0,
            "overflows": c.overflows,
            "outages": sum(p.status.outages for p in self.peers),
        }
        out.update({f"outages:{p.status.name}": p.status.outages for p in self.peers})
        return out

    def status(self) -> dict[str, Any]:
        c = self.handshake.counters
        return {
            "mode": "line" if self.handshake.triggered else "free",
            "state": self.view.state,
            "trigger_ready": self.handshake.trigger_ready(),
            "waiting_for_ack": self.handshake.waiting(),
            "late": c.late,
            "failsafe_rejects": c.failsafe if self.handshake.fail_safe_reject else 0,
            "failsafe": c.failsafe,
            "last_result": self._last,
            "outages": sum(p.status.outages for p in self.peers),
            "interfaces": {p.status.name: p.status.as_dict() for p in self.peers},
        }
