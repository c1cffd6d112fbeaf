"""A real pymodbus client plays the PLC against the station's Modbus TCP server, on loopback."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from pymodbus.client import ModbusTcpClient

from station.core.lineio_settings import LineIoSettings
from station.core.types import Verdict
from station.lineio import LineIo
from station.lineio import registers as R
from tests.lineio_helpers import FakeHost, frame, free_port, inspection, wait_for


class Plc:
    """The PLC side of the handshake, as a ladder program would do it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.client = ModbusTcpClient("127.0.0.1", port=port, timeout=2)
        assert self.client.connect()

    def image(self) -> list[int]:
        res = self.client.read_holding_registers(R.STATUS_START, count=R.STATUS_SIZE, device_id=1)
        assert not res.isError(), res
        return [0] * R.STATUS_START + list(res.registers)

    def status(self) -> int:
        return R.get(self.image(), "status")

    def trigger(self, part_id: int) -> None:
        wait_for(lambda: self.status() & R.ST_TRIGGER_READY, what="TriggerReady")
        self.client.write_registers(1, [part_id >> 16, part_id & 0xFFFF], device_id=1)
        self.client.write_register(0, R.CTRL_TRIGGER, device_id=1)
        wait_for(lambda: self.status() & R.ST_TRIGGER_ACK, what="TriggerAck")
        self.client.write_register(0, 0, device_id=1)

    def take_result(self) -> tuple[int, int, int]:
        img = wait_for(lambda: (i := self.image()) and R.get(i, "status") & R.ST_RESULT_VALID and i, what="ResultValid")
        got = (R.get(img, "result_part_id"), R.get(img, "verdict"), R.get(img, "result_code"))
        self.client.write_register(0, R.CTRL_RESULT_ACK, device_id=1)
        wait_for(lambda: not self.status() & R.ST_RESULT_VALID, what="ResultValid low after ack")
        self.client.write_register(0, 0, device_id=1)
        return got

    def close(self) -> None:
        self.client.close()


@pytest.fixture
def station() -> Iterator[tuple[LineIo, FakeHost, int]]:
    port = free_port()
    host = FakeHost(inspect_s=0.01)
    settings = LineIoSettings(deadline_ms=300, buffer=3, modbus_server={"listen": f"127.0.0.1:{port}"})
    line = LineIo(settings, "st-1", host)
    host.sink = line
    line.start()
    line.on_state("running", "casting", "gige://cam", {})
    yield line, host, port
    line.close()


def test_plc_handshake_trigger_ready_valid_ack_carries_each_part_id(station: tuple[LineIo, FakeHost, int]) -> None:
    _line, _host, port = station
    plc = Plc(port)
    try:
        seen = []
        for pid in (70001, 70002, 70003, 123456789):
            plc.trigger(pid)
            seen.append(plc.take_result())
        # FakeHost: the 3rd picture (n=2) is a defect
        assert seen == [(70001, 1, 1), (70002, 1, 1), (70003, 2, 2), (123456789, 1, 1)]
        img = plc.image()
        assert R.get(img, "parts_triggered") == 4 and R.get(img, "results_sent") == 4
        beat = R.get(img, "heartbeat")
        time.sleep(0.35)
        assert R.get(plc.image(), "heartbeat") != beat
        # the status block is the station's: a PLC writing there is told so
        assert plc.client.write_register(R.STATUS_START, 1, device_id=1).isError()
    finally:
        plc.close()


def test_unacknowledged_results_wait_in_the_buffer_and_trigger_ready_drops_when_it_is_full(
    station: tuple[LineIo, FakeHost, int],
) -> None:
    line, _host, port = station
    plc = Plc(port)
    try:
        for pid in range(1, 4):  # buffer is 3: after 3 unacknowledged results the station is not ready
            plc.trigger(pid)
            wait_for(lambda p=pid: line.counters()["results_sent"] == p, what=f"result {pid}")  # type: ignore[misc]
        img = plc.image()
        assert R.get(img, "results_waiting") == 3 and not R.get(img, "status") & R.ST_TRIGGER_READY
        plc.client.write_registers(0, [R.CTRL_TRIGGER, 0, 99], device_id=1)  # a PLC that ignores TriggerReady
        wait_for(lambda: R.get(plc.image(), "refused") == 1, what="trigger refused")
        plc.client.write_register(0, 0, device_id=1)
        assert [plc.take_result()[0] for _ in range(3)] == [1, 2, 3]
        assert not plc.status() & R.ST_RESULT_VALID and plc.status() & R.ST_TRIGGER_READY
    finally:
        plc.close()


def test_free_running_results_overflow_a_buffer_the_plc_does_not_acknowledge() -> None:
    port = free_port()
    settings = LineIoSettings(buffer=3, trigger="free", modbus_server={"listen": f"127.0.0.1:{port}"})
    host = FakeHost()
    line = LineIo(settings, "st-2", host)
    line.start()
    line.on_state("running", "casting", "demo", {})
    plc = Plc(port)
    try:
        for n in range(5):
            line.write(inspection(n), frame(n))
        wait_for(lambda: line.counters()["buffer_overflows"] == 2, what="two overflows")
        img = plc.image()
        assert R.get(img, "overflows") == 2 and R.get(img, "status") & R.ST_OVERFLOW
        assert [plc.take_result()[0] for _ in range(3)] == [1, 2, 3]  # the first three, in order
    finally:
        plc.close()
        line.close()


def test_a_missed_deadline_gives_the_fail_safe_reject_and_the_late_verdict_is_dropped(
    station: tuple[LineIo, FakeHost, int],
) -> None:
    line, host, port = station
    host.delay[0] = 0.45  # the first part's inspection takes 1.5 x the deadline
    host.verdict = lambda i: Verdict.OK
    plc = Plc(port)
    try:
        plc.trigger(41)
        t0 = time.monotonic()
        pid, verdict, code = plc.take_result()
        assert (pid, verdict, code) == (41, 2, 3)  # reject, fail-safe late
        assert 0.25 < time.monotonic() - t0 < 0.6
        plc.trigger(42)
        assert plc.take_result() == (42, 1, 1)
        # part 41's own verdict comes at 0.45 s: dropped, never given to part 42
        wait_for(lambda: len(host.written) == 2, what="the late inspection done")
        c = wait_for(lambda: (c := line.counters()) and c["late_discarded"] == 1 and c, what="late verdict dropped")
        assert c["results_sent"] == 2 and c["late"] == 1 and line.status()["failsafe_rejects"] == 1
    finally:
        plc.close()


def test_a_plc_that_disconnects_mid_part_finds_its_result_when_it_comes_back(
    station: tuple[LineIo, FakeHost, int],
) -> None:
    line, host, port = station
    host.delay[0] = 0.1
    plc = Plc(port)
    plc.trigger(900)
    plc.close()  # the PLC goes away before the verdict
    wait_for(lambda: line.counters()["results_sent"] == 1, what="verdict while the PLC is away")
    wait_for(lambda: line.counters()["outages"] == 1, what="the outage counted")
    plc = Plc(port)
    try:
        assert plc.take_result() == (900, 1, 1)
        plc.trigger(901)
        assert plc.take_result()[0] == 901
        assert line.status()["interfaces"]["modbus_server"]["connected"]
    finally:
        plc.close()
