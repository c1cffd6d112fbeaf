"""The live sources' link policy (station.capture.link), driven by a fake clock: no sleeping, exact figures."""

from __future__ import annotations

import pytest

from station.capture.base import SourceOffline
from station.capture.link import LinkMonitor, LinkPolicy, backoff_delays


class FakeClock:
    """Time that moves only when the monitor waits (or the test says so)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.waits: list[float] = []
        self.closed_after: int | None = None  # the wait number that reports "closed"

    def __call__(self) -> float:
        return self.now

    def wait(self, seconds: float) -> bool:
        self.waits.append(seconds)
        self.now += seconds
        return self.closed_after is not None and len(self.waits) >= self.closed_after


def monitor(clock: FakeClock, **policy: object) -> LinkMonitor:
    return LinkMonitor("usb:0", LinkPolicy(**policy), wait=clock.wait, clock=clock)  # type: ignore[arg-type]


def run_frames(link: LinkMonitor, clock: FakeClock, count: int, fps: float) -> None:
    for _ in range(count):
        clock.now += 1.0 / fps
        link.delivered()


def test_backoff_doubles_up_to_its_cap() -> None:
    delays = backoff_delays(0.25, 5.0)
    assert [next(delays) for _ in range(8)] == [0.25, 0.5, 1.0, 2.0, 4.0, 5.0, 5.0, 5.0]


def test_reconnect_backs_off_counts_the_outage_and_the_parts_missed() -> None:
    clock = FakeClock()
    link = monitor(clock, backoff_initial_s=0.5, backoff_max_s=2.0, max_offline_s=None)
    link.nominal_fps = 10.0
    link.started()
    run_frames(link, clock, 5, 10.0)
    went = clock.now
    clock.now += 1.0  # the camera has been silent for a second when the source notices
    seen: list[tuple[float, int]] = []

    def connect() -> bool:
        counters = link.counters()
        seen.append((counters["offline_s"], counters["missed_offline"]))
        return len(seen) == 4

    assert link.reconnect(connect)
    assert clock.waits == [0.5, 1.0, 2.0, 2.0]
    offline = clock.now - went
    assert offline == pytest.approx(6.5)
    # While offline the estimate grows with the outage, from the last known rate: not only at the end.
    assert seen == [(1.5, 15), (2.5, 25), (4.5, 45), (6.5, 65)]
    counters = link.counters()
    assert counters["reconnects"] == 1 and counters["offline_s"] == pytest.approx(6.5)
    assert counters["missed_offline"] == 65 and not link.offline
    assert counters["frames"] == 5


def test_a_camera_that_never_returns_ends_the_source_after_max_offline() -> None:
    clock = FakeClock()
    link = monitor(clock, backoff_initial_s=1.0, backoff_max_s=8.0, max_offline_s=20.0)
    link.started()
    run_frames(link, clock, 40, 20.0)  # no nominal rate: measured from arrivals, 20 per second
    went = clock.now
    attempts = 0

    def never() -> bool:
        nonlocal attempts
        attempts += 1
        raise OSError("no route to host")

    with pytest.raises(SourceOffline, match=r"usb:0 has been offline for 20\.0 s \(max_offline 20 s\)"):
        link.reconnect(never)
    assert clock.now - went == pytest.approx(20.0)  # the last pause is cut to the limit, not a whole backoff
    assert clock.waits == [1.0, 2.0, 4.0, 8.0, 5.0]
    assert attempts == 5
    counters = link.counters()
    assert counters["offline_s"] == pytest.approx(20.0) and counters["missed_offline"] == 400
    assert counters["reconnects"] == 0 and not link.offline  # final figures, nothing still running


def test_a_stop_while_offline_ends_the_outage_and_keeps_its_figures() -> None:
    clock = FakeClock()
    clock.closed_after = 2
    link = monitor(clock, backoff_initial_s=1.0, max_offline_s=None)
    link.nominal_fps = 4.0
    link.started()
    assert not link.reconnect(lambda: False)
    counters = link.counters()
    assert counters["offline_s"] == pytest.approx(3.0) and counters["missed_offline"] == 12
    clock.now += 100  # time after the stop is not offline time
    assert link.counters()["offline_s"] == pytest.approx(3.0)


def test_replays_and_triggered_cameras_miss_no_parts_while_offline() -> None:
    clock = FakeClock()
    link = monitor(clock, estimate_missed=False, max_offline_s=None)
    link.nominal_fps = 25.0
    link.started()
    assert link.reconnect(lambda: True)
    assert link.counters()["missed_offline"] == 0 and link.counters()["offline_s"] > 0


def test_a_triggered_cameras_outage_counts_from_the_reconnect_not_the_last_part() -> None:
    clock = FakeClock()
    link = monitor(clock, backoff_initial_s=0.5, max_offline_s=10.0)
    link.started()
    clock.now += 3600  # an hour without a trigger is no outage and must not use up max_offline
    assert link.reconnect(lambda: True, since_last_frame=False)
    assert link.counters()["offline_s"] == pytest.approx(0.5)


def test_stall_and_frozen_stream_detection() -> None:
    clock = FakeClock()
    link = monitor(clock, stall_s=2.0, frozen_repeats=3)
    link.started()
    clock.now += 1.9
    assert not link.stalled()
    link.idle()  # waiting for a trigger
    clock.now += 1.9
    assert not link.stalled()
    clock.now += 0.2
    assert link.stalled()
    assert [link.frozen(b"same") for _ in range(4)] == [False, False, False, True]
    assert link.stats.frozen_detections == 1
    assert not link.frozen(b"other")
    never = monitor(clock, frozen_repeats=0)
    assert not any(never.frozen(b"same") for _ in range(100))
