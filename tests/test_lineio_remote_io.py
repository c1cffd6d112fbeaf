"""A pymodbus server plays the Ethernet I/O module: photo-eye input triggers, reject and ready coils follow."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from pymodbus.server import ModbusTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice

from station.core.lineio_settings import LineIoSettings
from station.core.types import Verdict
from station.lineio import LineIo
from station.lineio.common import LoopThread
from tests.lineio_helpers import FakeHost, free_port, wait_for

EYE = 16  # discrete input 16 (register 1, bit 0); coils 0 (reject) and 1 (ready) live in register 0


class IoModule:
    def __init__(self, port: int) -> None:
        self.port = port
        self.eye = False
        self.coil_log: list[tuple[float, int, bool]] = []
        self.lock = threading.Lock()
        self.loop = LoopThread("io-module")
        self.server: Any = None

    async def _action(self, fc: int, start: int, address: int, count: int, regs: list[int], values: Any) -> None:
        if fc == 2:
            regs[1] = 1 if self.eye else 0
        if fc in (5, 15) and values is not None:
            with self.lock:
                self.coil_log.extend((time.time(), address + i, bool(v)) for i, v in enumerate(values))

    async def _start(self) -> None:
        dev = SimDevice(id=1, simdata=[SimData(0, count=4, values=0, datatype=DataType.REGISTERS)],
                        use_bit_addressing=True, action=self._action)  # fmt: skip
        self.server = ModbusTcpServer(dev, address=("127.0.0.1", self.port))
        await self.server.serve_forever(background=True)

    def start(self) -> None:
        self.loop.call(self._start())

    def stop(self) -> None:
        self.loop.call(self.server.shutdown())

    def coil(self, address: int) -> list[tuple[float, bool]]:
        with self.lock:
            return [(t, v) for t, a, v in self.coil_log if a == address]

    def pulse_eye(self) -> None:
        self.eye = True
        time.sleep(0.03)
        self.eye = False
        time.sleep(0.03)


@pytest.fixture
def rig() -> Iterator[tuple[LineIo, FakeHost, IoModule]]:
    module = IoModule(free_port())
    module.start()
    host = FakeHost(inspect_s=0.01, verdict=lambda i: Verdict.NG if i == 1 else Verdict.OK)
    settings = LineIoSettings(remote_io={"address": f"127.0.0.1:{module.port}", "trigger_input": EYE,
                                         "reject_coil": 0, "ready_coil": 1, "pulse_ms": 40, "delay_ms": 100,
                                         "poll_ms": 5})  # fmt: skip
    line = LineIo(settings, "st-4", host)
    host.sink = line
    line.start()
    line.on_state("running", "casting", "usb://0", {})
    yield line, host, module
    line.close()
    module.loop.stop()


def test_photo_eye_triggers_and_only_the_defect_is_pulsed_after_its_delay(
    rig: tuple[LineIo, FakeHost, IoModule],
) -> None:
    line, host, module = rig
    wait_for(lambda: (True, True) in [(True, v) for _, v in module.coil(1)], what="ready coil on")
    starts = []
    for _ in range(3):
        starts.append(time.time())
        module.pulse_eye()
    wait_for(lambda: line.counters()["results_sent"] == 3, what="three parts")
    wait_for(lambda: len(module.coil(0)) == 2, what="one reject pulse (on, off)")
    time.sleep(0.3)
    pulses = module.coil(0)
    assert [v for _, v in pulses] == [True, False]  # parts 0 and 2 were good: no pulse for them
    on, off = pulses[0][0], pulses[1][0]
    assert 0.03 <= off - on < 0.2  # pulse_ms 40
    assert on - starts[1] >= 0.09  # delay_ms 100 after the second part's trigger
    assert host.triggers == 3


def test_an_io_module_that_goes_away_is_reconnected_and_counted(rig: tuple[LineIo, FakeHost, IoModule]) -> None:
    line, _host, module = rig
    wait_for(lambda: line.status()["interfaces"]["remote_io"]["connected"], what="connected")
    module.stop()
    wait_for(lambda: not line.status()["interfaces"]["remote_io"]["connected"], what="loss seen")
    module.start()
    wait_for(lambda: line.status()["interfaces"]["remote_io"]["connected"], timeout=10, what="reconnected")
    assert line.counters()["outages"] == 1
    module.pulse_eye()
    wait_for(lambda: line.counters()["results_sent"] == 1, what="a part after reconnection")


def test_a_part_the_station_cannot_take_is_rejected_all_the_same(rig: tuple[LineIo, FakeHost, IoModule]) -> None:
    line, host, module = rig
    wait_for(lambda: line.status()["interfaces"]["remote_io"]["connected"], what="connected")
    line.on_state("stopped", "casting", "usb://0", {})  # not ready: the part still passes the eye
    module.pulse_eye()
    wait_for(lambda: len(module.coil(0)) == 2, what="fail-safe reject pulse")
    assert line.counters()["refused"] == 1 and host.triggers == 0
