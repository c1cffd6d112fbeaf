"""A plant-wide PostgreSQL history: many stations at once, and a server that goes away and comes back.

Needs a real server: ``.ci/run`` installs Debian's postgresql, starts it on
127.0.0.1 and sets ``STATION_TEST_PG_URL`` (and ``STATION_TEST_PG_CTL``, the
command that stops and starts it). Without them these tests skip and say so.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from station.history.store import HistoryStore, normalise_url

PG_URL = os.environ.get("STATION_TEST_PG_URL")
PG_CTL = os.environ.get("STATION_TEST_PG_CTL")
WRITER = Path(__file__).parent / "history_writer.py"

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="no PostgreSQL server: set STATION_TEST_PG_URL (.ci/run starts one on 127.0.0.1)"
)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """The test database, emptied (every table dropped) before each test."""
    assert PG_URL is not None
    engine = create_engine(normalise_url(PG_URL))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    yield PG_URL


def _writer(url: str, data_dir: Path, station: str, count: int, delay: float = 0.0) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    return subprocess.Popen(
        [sys.executable, str(WRITER), url, str(data_dir), station, str(count), str(delay)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _counts(url: str) -> tuple[int, int]:
    store = HistoryStore(url)
    with store.engine.connect() as connection:
        total, distinct = connection.execute(text("SELECT count(*), count(DISTINCT uid) FROM inspections")).one()
    store.close()
    return int(total), int(distinct)


def _wait_for_first_rows(url: str, process: subprocess.Popen[str], timeout: float = 60.0) -> None:
    """Until the writer has committed its first parts (its start-up can take seconds on a loaded machine)."""
    engine = create_engine(normalise_url(url))
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and process.poll() is None:
            with engine.connect() as connection:  # the schema is in place: the test made it first
                if connection.execute(text("SELECT count(*) FROM inspections")).scalar():
                    return
            time.sleep(0.05)
    finally:
        engine.dispose()
    raise AssertionError("the writer committed nothing before the outage was due")


def test_four_stations_write_to_one_database_at_once(pg_url: str, tmp_path: Path) -> None:
    processes = [_writer(pg_url, tmp_path / f"s{i}", f"station-{i}", 10_000) for i in range(4)]
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err[-2000:]
        assert "done 10000 online=True queued=0" in out
    assert _counts(pg_url) == (40_000, 40_000)
    per_station = HistoryStore(pg_url).stats(station="station-2")
    assert per_station.inspections == 10_000 and per_station.ng == 2_000


@pytest.mark.skipif(not PG_CTL, reason="set STATION_TEST_PG_CTL to a command that takes 'stop' and 'start'")
def test_server_stopped_mid_run_loses_and_doubles_nothing(pg_url: str, tmp_path: Path) -> None:
    assert PG_CTL is not None
    HistoryStore(pg_url).close()  # schema in place before the outage
    process = _writer(pg_url, tmp_path, "station-x", 6_000, delay=0.0005)
    try:
        _wait_for_first_rows(pg_url, process)  # stop the server mid-run, not before the writer has started
        subprocess.run([*shlex.split(PG_CTL), "stop"], check=True, capture_output=True)
        time.sleep(2.0)
    finally:
        subprocess.run([*shlex.split(PG_CTL), "start"], check=True, capture_output=True)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err[-2000:]
    assert "done 6000 online=True queued=0" in out
    assert "unreachable" in err  # the outage was noticed and said
    assert _counts(pg_url) == (6_000, 6_000)
