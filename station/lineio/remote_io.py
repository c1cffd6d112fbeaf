"""Modbus TCP client to an Ethernet digital I/O module: photo-eye in, reject and ready coils out.

How a station without a PLC drives a reject gate: the photo-eye's rising edge is
a trigger (the part gets a counter id), the reject coil is pulsed ``pulse_ms``
long, ``delay_ms`` after the trigger (the part's travel to the gate; at once if
the verdict comes later), for every part whose verdict is reject, fail-safe
included. The ready coil mirrors TriggerReady. A module that goes away is
reconnected every second and counted; inspection goes on.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from station.core.lineio_settings import RemoteIoSettings, parse_host_port
from station.lineio.common import LoopThread, PeerContext, PeerStatus
from station.lineio.handshake import PartResult

log = logging.getLogger(__name__)


class RemoteIoPeer:
    def __init__(self, settings: RemoteIoSettings, ctx: PeerContext) -> None:
        self.settings = settings
        self.ctx = ctx
        self.status = PeerStatus("remote_io")
        self.host, self.port = parse_host_port(settings.address, default_port=502)
        self.pulses = 0
        self._loop: LoopThread | None = None
        self._client: Any = None
        self._task: Any = None
        self._last_input = False
        self._ready: bool | None = None

    def start(self) -> None:
        self._loop = LoopThread("line-remote-io")
        self._task = self._loop.submit(self._run())

    async def _run(self) -> None:
        from pymodbus.client import AsyncModbusTcpClient

        s = self.settings
        self._client = AsyncModbusTcpClient(self.host, port=self.port, timeout=1, retries=0,
                                            reconnect_delay=0, reconnect_delay_max=0)  # fmt: skip
        while True:
            if not self._client.connected:
                if self.status.connected:
                    self._lost(ConnectionError("connection closed by the module"))
                if not await self._connect():
                    await asyncio.sleep(1.0)
                    continue
            try:
                await self._poll()
            except Exception as exc:
                self._lost(exc)
            await asyncio.sleep(s.poll_ms / 1000.0)

    async def _connect(self) -> bool:
        try:
            ok = bool(await self._client.connect())
        except Exception as exc:
            self.status.last_error = str(exc)
            ok = False
        if ok:
            self.status.connected = True
            self.status.last_error = ""
            self._ready = None
        else:
            self.status.last_error = self.status.last_error or f"cannot reach {self.host}:{self.port}"
        return ok

    def _lost(self, exc: Exception) -> None:
        if self.status.connected:
            self.status.outages += 1
            log.warning("remote I/O %s:%d lost (%s); reconnecting", self.host, self.port, exc)
        self.status.connected = False
        self.status.last_error = str(exc)
        self._client.close()

    async def _poll(self) -> None:
        s = self.settings
        unit = s.unit_id
        if s.trigger_input is not None:
            res = await self._client.read_discrete_inputs(s.trigger_input, count=1, device_id=unit)
            if res.isError():
                raise OSError(f"reading input {s.trigger_input}: {res}")
            level = bool(res.bits[0])
            if level and not self._last_input and self.ctx.fire("remote_io", None) is None:
                self._refused_part()
            self._last_input = level
        if s.ready_coil is not None:
            ready = self.ctx.handshake.trigger_ready()
            if ready != self._ready:
                res = await self._client.write_coil(s.ready_coil, ready, device_id=unit)
                if res.isError():
                    raise OSError(f"writing ready coil {s.ready_coil}: {res}")
                self._ready = ready

    def _refused_part(self) -> None:
        """A part passed the eye while the station could not take it: it is there all the same, so
        with fail_safe: reject it is pushed off (counted as refused by the handshake)."""
        if self.ctx.handshake.fail_safe_reject and self.settings.reject_coil is not None and self._loop is not None:
            log.warning("photo-eye trigger refused (station not ready): part rejected")
            self._loop.submit(self._pulse(self.settings.delay_ms / 1000.0, 0))

    # --- reject gate ------------------------------------------------------------------
    def on_result(self, result: PartResult) -> None:
        if not result.reject or self.settings.reject_coil is None or self._loop is None:
            return
        start = (result.triggered_at or result.resolved_at) + self.settings.delay_ms / 1000.0
        self._loop.submit(self._pulse(max(0.0, start - time.time()), result.part_id))

    async def _pulse(self, wait_s: float, part_id: int) -> None:
        s = self.settings
        coil = s.reject_coil
        assert coil is not None
        await asyncio.sleep(wait_s)
        try:
            on = await self._client.write_coil(coil, True, device_id=s.unit_id)
            await asyncio.sleep(s.pulse_ms / 1000.0)
            off = await self._client.write_coil(coil, False, device_id=s.unit_id)
            if on.isError() or off.isError():
                raise OSError(f"reject coil {coil}: {on} / {off}")
            self.pulses += 1
            self.status.sent += 1
        except Exception as exc:
            self.status.last_error = f"reject pulse for part {part_id} failed: {exc}"
            log.error("%s", self.status.last_error)

    def state_changed(self) -> None:
        """The ready coil follows at the next poll."""

    def close(self) -> None:
        if self._loop is None:
            return
        if self._task is not None:
            self._loop.loop.call_soon_threadsafe(self._cancel)
        if self._client is not None:
            self._loop.loop.call_soon_threadsafe(self._client.close)
        self._loop.stop()
        self._loop = None

    def _cancel(self) -> None:
        for task in asyncio.all_tasks():
            task.cancel()
