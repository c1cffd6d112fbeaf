"""The handshake core with a fake clock: FIFO matching, the deadline, fail-safe, the ack buffer."""

from __future__ import annotations

import pytest

from station.core.config import ConfigError, StationConfig
from station.core.lineio_settings import LineIoSettings
from station.core.types import Verdict
from station.lineio import Handshake, PartResult, ResultCode
from tests.lineio_helpers import inspection


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def make(**kw: object) -> tuple[Handshake, Clock, list[PartResult]]:
    clock = Clock()
    args: dict[str, object] = {"deadline_s": 0.3, "clock": clock, **kw}
    hs = Handshake(**args)  # type: ignore[arg-type]
    hs.set_running(True)
    out: list[PartResult] = []
    hs.add_listener(out.append)
    return hs, clock, out


def test_results_go_to_the_part_that_was_triggered_in_order() -> None:
    hs, clock, out = make()
    assert hs.trigger("plc", 501) == 501
    clock.t += 0.01
    assert hs.trigger("plc", 502) == 502
    hs.on_inspection(inspection(0, Verdict.OK), captured_at=1000.001)
    hs.on_inspection(inspection(1, Verdict.NG), captured_at=1000.011)
    assert [(r.part_id, r.verdict, r.code) for r in out] == [
        (501, "pass", ResultCode.OK),
        (502, "reject", ResultCode.DEFECT),
    ]
    assert out[1].defect_class == (3, "porosity")


def test_a_late_part_gets_the_fail_safe_and_its_real_verdict_is_never_given_to_the_next_part() -> None:
    hs, clock, out = make()
    hs.trigger("plc", 1)
    clock.t += 0.1
    hs.trigger("plc", 2)
    clock.t = 1000.31
    hs.tick()
    assert [(r.part_id, r.reject, r.code) for r in out] == [(1, True, ResultCode.LATE)]
    # part 1's own picture (taken right after its trigger) finally comes: dropped, not given to part 2
    hs.on_inspection(inspection(0, Verdict.OK), captured_at=1000.002)
    assert len(out) == 1 and hs.counters.late_discarded == 1
    hs.on_inspection(inspection(1, Verdict.OK), captured_at=1000.102)
    assert [(r.part_id, r.code) for r in out[1:]] == [(2, ResultCode.OK)]
    assert hs.counters.late == 1 and hs.counters.failsafe == 1


def test_a_picture_that_may_belong_to_two_parts_goes_to_neither() -> None:
    hs, clock, out = make()
    hs.trigger("plc", 7)
    clock.t += 0.05
    hs.trigger("plc", 8)
    # a picture taken after part 8's was asked for: part 7's was lost, or this is part 7's come late
    hs.on_inspection(inspection(1, Verdict.OK), captured_at=clock.t + 0.001)
    assert [(r.part_id, r.code) for r in out] == [(7, ResultCode.LOST)] and out[0].reject
    clock.t += 0.3
    hs.tick()  # part 8 never gets a picture it can be sure of: fail-safe at its deadline, never part 7's verdict
    assert [(r.part_id, r.code) for r in out[1:]] == [(8, ResultCode.LATE)]


def test_an_error_inspection_gets_the_fail_safe_and_pass_is_possible_when_configured() -> None:
    hs, _, out = make(fail_safe_reject=False)
    hs.trigger("plc", 3)
    hs.on_inspection(inspection(0, Verdict.ERROR), captured_at=1000.0)
    assert out[0].code is ResultCode.ERROR and out[0].verdict == "pass" and hs.counters.failed == 1


def test_the_picture_window_opens_when_the_picture_is_asked_for() -> None:
    hs, clock, out = make()
    hs.trigger("plc", 1)
    clock.t += 0.002
    hs.trigger("plc", 2)  # the PLC's second trigger is recorded before the first picture is even asked for
    hs.mark_fired(now=1000.003)
    hs.mark_fired(now=1000.010)
    hs.on_inspection(inspection(0, Verdict.NG), captured_at=1000.004)
    hs.on_inspection(inspection(1, Verdict.OK), captured_at=1000.011)
    assert [(r.part_id, r.verdict) for r in out] == [(1, "reject"), (2, "pass")]


def test_pictures_before_any_trigger_are_not_parts() -> None:
    hs, _clock, out = make()
    hs.on_inspection(inspection(0), captured_at=999.0)
    hs.trigger("plc", 1)
    hs.on_inspection(inspection(1), captured_at=999.5)  # taken before the trigger
    assert out == [] and hs.counters.unmatched == 2


def test_ack_buffer_presents_one_result_at_a_time_and_refuses_triggers_when_full() -> None:
    hs, clock, _out = make(buffer_size=2)
    for pid in (10, 11, 12):
        hs.trigger("plc", pid)
        clock.t += 0.001
        hs.on_inspection(inspection(pid), captured_at=clock.t)
    assert hs.counters.refused == 1 and hs.waiting() == 2 and not hs.trigger_ready()
    shown, valid = hs.presented()
    assert shown is not None and shown.part_id == 10 and valid
    hs.set_ack(True)
    shown, valid = hs.presented()
    assert shown is not None and shown.part_id == 11 and not valid  # next waits for ack to drop
    hs.set_ack(False)
    assert hs.presented()[1]


def test_triggers_are_refused_unless_running() -> None:
    hs, _, _ = make()
    hs.set_running(False)
    assert hs.trigger("plc", 1) is None and hs.counters.refused == 1


def test_free_running_numbers_every_inspected_part() -> None:
    hs, _, out = make(triggered=False, use_ack=False)
    hs.on_inspection(inspection(0), captured_at=1.0)
    hs.on_inspection(inspection(1, Verdict.NG), captured_at=2.0)
    assert [(r.part_id, r.source, r.verdict) for r in out] == [(1, "free", "pass"), (2, "free", "reject")]


def test_settings_yaml_of_the_issue_is_accepted_and_mistakes_are_named(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    good = folder / "station.yaml"
    good.write_text(
        "line_io:\n  deadline_ms: 300\n  fail_safe: reject\n  modbus_server: {listen: '127.0.0.1:5020'}\n"
        "  remote_io: {address: '192.0.2.10:502', trigger_input: 0, reject_coil: 0, ready_coil: 1, pulse_ms: 50}\n"
        "  opcua: {endpoint: 'opc.tcp://127.0.0.1:4840'}\n"
        "  mqtt: {host: 127.0.0.1, port: 1883, topic_prefix: inspection}\n",
        encoding="utf-8",
    )
    cfg = StationConfig.load(good)
    assert cfg.line_io is not None and cfg.line_io.triggered() and cfg.line_io.fail_safe == "reject"
    assert LineIoSettings().fail_safe == "reject"
    for text, words in (
        ("line_io: {fail_safe: maybe}", "fail_safe"),
        ("line_io: {modbus_server: {listen: '127.0.0.1'}}", "host:port"),
        ("line_io: {opcua: {endpoint: 'http://x:1'}}", "opc.tcp://"),
        ("line_io: {mqtt: {host: 'mqtt://b:1883'}}", "host alone"),
        ("line_io: {mqt: {}}", "mqt"),
    ):
        bad = folder / "bad.yaml"
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError, match=words) as info:
            StationConfig.load(bad)
        assert "\n" not in str(info.value)


def test_line_map_prints_every_register_and_check_refuses_a_typo(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    from station.lineio.cli import main
    from station.lineio.registers import REGISTER_MAP

    assert main(["map"]) == 0
    text = capsys.readouterr().out
    for reg in REGISTER_MAP:
        assert reg.name in text
    bad = Path(str(tmp_path)) / "s.yaml"
    bad.write_text("line_io:\n  mqtt: {hots: 1}\n", encoding="utf-8")
    assert main(["check", "--config", str(bad)]) == 2
    assert "line_io.mqtt.hots" in capsys.readouterr().err


def test_the_line_layer_loads_no_qt_and_no_torch() -> None:
    import json
    import subprocess
    import sys

    code = (
        "import json, sys\n"
        "import station.lineio, station.lineio.modbus_server, station.lineio.opcua, station.lineio.mqtt,"
        " station.lineio.remote_io, station.lineio.cli\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in"
        " {'PySide6', 'pyqtgraph', 'torch', 'torchvision', 'ultralytics'})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == []


def test_free_running_results_past_the_buffer_are_counted_as_overflow() -> None:
    hs, _, out = make(triggered=False, buffer_size=2)
    for n in range(3):
        hs.on_inspection(inspection(n), captured_at=float(n))
    assert len(out) == 3 and hs.waiting() == 2 and hs.counters.overflows == 1
