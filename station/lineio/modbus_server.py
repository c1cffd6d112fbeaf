"""The Modbus TCP server a PLC polls: control block in, status block out (map in registers.py).

The register image is computed from the handshake on every read, so what a PLC
reads is never older than its own request; writes into the control block are
handled as edges (Trigger rising starts a part, ResultAck rising retires the
result on show). The PLC going away changes nothing for inspection: results wait
in the buffer until it is back and acknowledges them.
"""

from __future__ import annotations

import logging
from typing import Any

from station.core.lineio_settings import ModbusServerSettings, parse_host_port
from station.lineio import registers as R
from station.lineio.common import LoopThread, PeerContext, PeerStatus

log = logging.getLogger(__name__)


class ModbusServerPeer:
    """pymodbus TCP server with a write/read hook over one shared block of holding registers."""

    def __init__(self, settings: ModbusServerSettings, ctx: PeerContext) -> None:
        self.settings = settings
        self.ctx = ctx
        self.status = PeerStatus("modbus_server")
        self.host, self.port = parse_host_port(settings.listen)
        self._control = [0] * R.CONTROL_SIZE
        self._trigger_high = False
        self._trigger_accepted = False
        self._loop: LoopThread | None = None
        self._server: Any = None

    # --- register image -------------------------------------------------------------
    def image(self) -> list[int]:
        hs, view = self.ctx.handshake, self.ctx.view
        img = [0] * R.MAP_SIZE
        img[: R.CONTROL_SIZE] = self._control
        shown, valid = hs.presented()
        c = hs.counters
        bits = 0
        if hs.trigger_ready() and not self._trigger_high:
            bits |= R.ST_TRIGGER_READY
        if self._trigger_high and self._trigger_accepted:
            bits |= R.ST_TRIGGER_ACK
        if valid:
            bits |= R.ST_RESULT_VALID
        if view.state == "running":
            bits |= R.ST_RUNNING
        if view.state == "error":
            bits |= R.ST_ERROR
        if c.overflows:
            bits |= R.ST_OVERFLOW
        if shown is not None and shown.fail_safe:
            bits |= R.ST_FAIL_SAFE
        R.put(img, "status", bits)
        R.put(img, "heartbeat", view.heartbeat)
        if shown is not None:
            R.put(img, "result_part_id", shown.part_id)
            R.put(img, "verdict", 2 if shown.reject else 1)
            R.put(img, "result_code", int(shown.code))
            R.put(img, "defect_class", shown.defect_class[0])
            score = shown.score
            R.put(img, "score", 0xFFFF if score is None else round(min(max(score, 0.0), 1.0) * 1000))
            R.put(img, "processing_ms", min(round(shown.latency_ms or 0.0), 0xFFFF))
        R.put(img, "results_waiting", hs.waiting())
        R.put(img, "state", R.STATE_CODES.get(view.state, 3))
        R.put(img, "parts_triggered", c.triggered)
        R.put(img, "results_sent", c.results)
        R.put(img, "late", c.late)
        R.put(img, "fail_safe", c.failsafe)
        R.put(img, "overflows", c.overflows)
        R.put(img, "refused", c.refused)
        return img

    def _write(self, address: int, values: list[int]) -> bool:
        """The PLC wrote ``values`` at ``address``; False when it wrote outside the control block."""
        if address < R.CONTROL_START or address + len(values) > R.CONTROL_START + R.CONTROL_SIZE:
            return False
        self._control[address : address + len(values)] = [int(v) & 0xFFFF for v in values]
        word = self._control[0]
        trigger = bool(word & R.CTRL_TRIGGER)
        if trigger and not self._trigger_high:
            part_id = (self._control[1] << 16) | self._control[2]
            self._trigger_accepted = self.ctx.fire("plc", part_id) is not None
        self._trigger_high = trigger
        self.ctx.handshake.set_ack(bool(word & R.CTRL_RESULT_ACK))
        return True

    async def _action(
        self,
        function_code: int,
        start_address: int,
        address: int,
        count: int,
        registers: list[int],
        set_values: list[int] | list[bool] | None,
    ) -> Any:
        from pymodbus.constants import ExcCodes

        if function_code in (1, 2, 5, 15):
            return ExcCodes.ILLEGAL_FUNCTION  # no coils here: everything is a holding register
        if set_values is not None and not self._write(address, [int(v) for v in set_values]):
            return ExcCodes.ILLEGAL_ADDRESS
        registers[:] = self.image()
        return None

    def _on_connect(self, connected: bool) -> None:
        self.status.peers = max(0, self.status.peers + (1 if connected else -1))
        self.status.connected = self.status.peers > 0
        if not connected and self.ctx.view.state == "running":
            self.status.outages += 1
            log.warning("Modbus client (PLC) disconnected; results wait in the buffer")

    # --- life -----------------------------------------------------------------------
    def start(self) -> None:
        self._loop = LoopThread("line-modbus-server")
        self._loop.call(self._start())
        log.info("Modbus TCP server listening on %s:%d", self.host, self.port)

    async def _start(self) -> None:
        from pymodbus.server import ModbusTcpServer
        from pymodbus.simulator import DataType, SimData, SimDevice

        device = SimDevice(
            id=self.settings.unit_id,
            simdata=[SimData(0, count=R.MAP_SIZE, values=0, datatype=DataType.REGISTERS)],
            action=self._action,
        )
        self._server = ModbusTcpServer(device, address=(self.host, self.port), trace_connect=self._on_connect)
        try:
            await self._server.serve_forever(background=True)
        except Exception as exc:
            raise OSError(f"Modbus server cannot listen on {self.host}:{self.port}: {exc}") from exc

    def state_changed(self) -> None:
        """Nothing to push: the PLC reads the image fresh at each poll."""

    def close(self) -> None:
        if self._loop is None:
            return
        if self._server is not None:
            try:
                self._loop.call(self._server.shutdown(), timeout=5)
            except Exception as exc:
                log.warning("Modbus server did not shut down cleanly: %s", exc)
        self._loop.stop()
        self._loop = None
