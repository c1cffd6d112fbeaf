"""The audit log's tamper-evidence on a real PostgreSQL server (issue 17 item 4).

Needs ``STATION_TEST_PG_URL`` (``.ci/run`` starts a server). The hardening test,
which runs the README's administrator SQL, also needs a superuser URL to the
same database in ``STATION_TEST_PG_ADMIN_URL``; each test skips and says so
without them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from station.history import auth
from station.history.store import HistoryStore, normalise_url

PG_URL = os.environ.get("STATION_TEST_PG_URL")
PG_ADMIN_URL = os.environ.get("STATION_TEST_PG_ADMIN_URL")
REPO = Path(__file__).resolve().parent.parent
HARDEN = REPO / "station" / "history" / "harden_postgres.sql"

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="no PostgreSQL server: set STATION_TEST_PG_URL (.ci/run starts one on 127.0.0.1)"
)


def _reset(url: str) -> None:
    engine = create_engine(normalise_url(url))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """The test database, emptied before each test."""
    assert PG_URL is not None
    _reset(PG_URL)
    yield PG_URL


def _raw(url: str, *statements: str) -> None:
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def _as_admin(sql: str) -> None:
    """Run a script as the administrator would in psql (no driver placeholders)."""
    assert PG_ADMIN_URL is not None
    engine = create_engine(normalise_url(PG_ADMIN_URL))
    try:
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute(sql)
            raw.commit()
        finally:
            raw.close()
    finally:
        engine.dispose()


def _entries(url: str, count: int = 5) -> HistoryStore:
    store = HistoryStore(url)
    for i in range(count):
        store.audit("ana", "st-1", "threshold", "casting", i / 10, (i + 1) / 10)
    return store


def test_truncate_is_refused_even_for_the_owner(pg_url: str) -> None:
    store = _entries(pg_url)
    with pytest.raises(DBAPIError, match="TRUNCATE refused"):
        _raw(pg_url, "TRUNCATE audit")
    with pytest.raises(DBAPIError, match="append-only"):
        _raw(pg_url, "DELETE FROM audit")
    with pytest.raises(DBAPIError, match="only moves forward"):
        _raw(pg_url, "DELETE FROM audit_head")
    assert store.verify_audit().ok


def test_an_owner_who_disables_the_triggers_is_caught_by_verify(pg_url: str) -> None:
    store = _entries(pg_url)
    _raw(pg_url, "ALTER TABLE audit DISABLE TRIGGER USER", "UPDATE audit SET new_value = '0.99' WHERE seq = 2")
    problems = store.verify_audit().problems
    assert "trigger audit_append_only on audit is disabled" in problems
    assert any("seq 2, threshold) was changed" in p for p in problems)
    _raw(pg_url, "DELETE FROM audit WHERE seq = 4")
    assert any("1 row(s) removed (seq 4" in p for p in store.verify_audit().problems)
    _raw(pg_url, "TRUNCATE audit")
    assert any("the audit table was emptied: the chain's head counts 5" in p for p in store.verify_audit().problems)
    with pytest.raises(auth.PermissionDenied, match="refusing to create a first admin"):
        auth.bootstrap_admin(store, "mallory", "5173", "st-1")


def test_four_processes_keep_one_chain(pg_url: str) -> None:
    HistoryStore(pg_url).close()
    script = (
        "import sys\nfrom station.history.store import HistoryStore\n"
        "s = HistoryStore(sys.argv[1])\n"
        "for i in range(40): s.audit('w' + sys.argv[2], 'st', 'login', str(i))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writers = [subprocess.Popen([sys.executable, "-c", script, pg_url, str(n)], env=env) for n in range(4)]
    assert [w.wait(timeout=120) for w in writers] == [0, 0, 0, 0]
    check = HistoryStore(pg_url).verify_audit()
    assert check.ok and check.rows == 160, check.message


@pytest.mark.skipif(not PG_ADMIN_URL, reason="set STATION_TEST_PG_ADMIN_URL (a superuser, same database)")
def test_the_readme_hardening_leaves_the_station_only_insert_and_select(pg_url: str) -> None:
    assert PG_ADMIN_URL is not None
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    sql = HARDEN.read_text(encoding="utf-8")
    assert sql.strip() in readme, "the README must show the hardening SQL exactly as shipped"
    store = _entries(pg_url)
    auth.bootstrap_admin(store, "root", "4826", "st-1")
    store.close()
    try:
        _as_admin(sql)
        store = HistoryStore(pg_url)  # the station still opens, migrates (nothing to do) and writes
        store.audit("ana", "st-1", "login")
        admin = auth.login(store, "root", "4826", "st-1", auth.PinPolicy(failure_delay_s=0))
        auth.add_user(store, admin, "lee", auth.Role.QA, "3719", "st-1")
        for attack in (
            "TRUNCATE audit",
            "DELETE FROM audit",
            "UPDATE audit SET new_value = 'x'",
            "ALTER TABLE audit DISABLE TRIGGER USER",
            "DROP TABLE audit CASCADE",
            "DELETE FROM audit_head",
            "DELETE FROM users",
            "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$ BEGIN RETURN NULL; END $$ "
            "LANGUAGE plpgsql",
        ):
            with pytest.raises(DBAPIError, match=r"permission denied|must be owner"):
                _raw(pg_url, attack)
        check = store.verify_audit()
        assert check.ok and check.rows == 9, check.message
        store.close()
    finally:  # hand the database back to the station for the next test
        _as_admin(
            "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public AUTHORIZATION pg_database_owner; "
            "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I OWNER TO station', current_database()); END $$"
        )
