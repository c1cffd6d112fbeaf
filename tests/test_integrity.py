"""Tamper-evidence, thresholds that stick and PINs that resist guessing (issue 17 items 4, 5, 7; issue 16).

SQLite here; tests/test_integrity_postgres.py runs the same attacks on PostgreSQL.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from station.history import auth
from station.history.store import MIGRATIONS, HistoryError, HistoryStore

REPO = Path(__file__).resolve().parent.parent
FAST = auth.PinPolicy(failure_delay_s=0.0)


def _url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'history.db'}"


def _store_with_entries(tmp_path: Path, count: int = 6) -> HistoryStore:
    store = HistoryStore(_url(tmp_path))
    for i in range(count):
        store.audit("ana", "st-1", "threshold", "casting", i / 10, (i + 1) / 10)
    assert store.verify_audit().ok
    return store


def _raw(store: HistoryStore, *statements: str) -> None:
    """What someone with the database file and the sqlite3 shell can do."""
    with store.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def test_a_clean_chain_verifies(tmp_path: Path) -> None:
    check = _store_with_entries(tmp_path).verify_audit()
    assert check.ok and check.rows == 6 and "OK" in check.message


def test_a_load_re_hashes_only_the_entries_added_since_the_last_intact_check(tmp_path: Path) -> None:
    """A station that runs for months re-checks new entries at each recipe load, not a year of reviews."""
    store = _store_with_entries(tmp_path, 6)  # a full walk: this process now trusts seq 6
    for i in range(3):
        store.audit("ana", "st-1", "review", f"part-{i}", "pending", "confirmed")
    check = store.verify_audit(full=False)
    assert check.ok and check.rows == 9 and check.walked == 3
    assert store.verify_audit(full=False).walked == 0
    store.audit("ana", "st-1", "review", "part-3", "pending", "confirmed")
    _raw(store, "DROP TRIGGER audit_no_update", "UPDATE audit SET new_value = 'x' WHERE seq = 10")
    check = store.verify_audit(full=False)  # a change among the entries added since: found at once
    assert any("seq 10, review) was changed" in p for p in check.problems)
    _raw(store, "UPDATE audit SET new_value = '0.99' WHERE seq = 2")  # an old entry changed
    assert any("seq 2, threshold) was changed" in p for p in store.verify_audit(full=True).problems)


def test_entries_removed_before_the_trusted_point_are_still_noticed(tmp_path: Path) -> None:
    store = _store_with_entries(tmp_path, 6)
    _raw(store, "DROP TRIGGER audit_no_delete", "DELETE FROM audit WHERE seq = 2")
    check = store.verify_audit(full=False)  # only a count and the trusted row are read
    assert not check.ok and any("1 row(s) removed from the chain before seq 7" in p for p in check.problems)
    _raw(store, "DELETE FROM audit WHERE seq = 6")  # the trusted row itself: the full walk names what went
    assert any("removed" in p for p in store.verify_audit(full=False).problems)


def test_a_removed_row_is_named(tmp_path: Path) -> None:
    store = _store_with_entries(tmp_path)
    _raw(store, "DROP TRIGGER audit_no_delete", "DELETE FROM audit WHERE seq = 3")
    check = store.verify_audit()
    assert not check.ok
    assert "trigger audit_no_delete is missing (dropped)" in check.problems
    assert any("1 row(s) removed (seq 3" in p for p in check.problems)


def test_a_changed_row_is_named(tmp_path: Path) -> None:
    store = _store_with_entries(tmp_path)
    _raw(store, "DROP TRIGGER audit_no_update", "UPDATE audit SET new_value = '0.99' WHERE seq = 4")
    problems = store.verify_audit().problems
    assert any("seq 4, threshold) was changed" in p for p in problems)


def test_a_changed_and_rehashed_row_breaks_the_next_link(tmp_path: Path) -> None:
    from station.history.integrity import chain_hash

    store = _store_with_entries(tmp_path)
    with store.engine.connect() as connection:
        row = dict(connection.execute(text("SELECT * FROM audit WHERE seq = 2")).one()._mapping)
    row["new_value"] = "0.99"
    row["at"] = store.audit_log()[1]["at"]
    forged = chain_hash(row["prev_hash"], row)
    _raw(
        store,
        "DROP TRIGGER audit_no_update",
        f"UPDATE audit SET new_value = '0.99', row_hash = '{forged}' WHERE seq = 2",
    )
    problems = store.verify_audit().problems
    assert any("(seq 3) does not link to the row before" in p for p in problems)


def test_an_inserted_row_is_named(tmp_path: Path) -> None:
    store = _store_with_entries(tmp_path)
    _raw(
        store,
        "INSERT INTO audit (at, user, station_id, action, target, old_value, new_value) "
        "VALUES ('2026-12-01 08:00:00.000000', 'eve', 'st-1', 'threshold', 'casting', '0.5', '0.99')",
    )
    assert any("was inserted outside the station" in p for p in store.verify_audit().problems)


def test_an_emptied_table_and_a_cut_tail_are_noticed(tmp_path: Path) -> None:
    store = _store_with_entries(tmp_path)
    _raw(store, "DROP TRIGGER audit_no_delete", "DELETE FROM audit WHERE seq >= 5")
    assert any("the last 2 row(s) were removed" in p for p in store.verify_audit().problems)
    _raw(store, "DELETE FROM audit")
    assert any(
        "the audit table was emptied: the chain's head counts 6 entries" in p for p in store.verify_audit().problems
    )
    with pytest.raises(Exception, match="cannot be deleted"):
        _raw(store, "DELETE FROM audit_head")
    with pytest.raises(Exception, match="only moves forward"):
        _raw(store, "UPDATE audit_head SET seq = 0")


def test_history_verify_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from station.cli import main

    store = _store_with_entries(tmp_path)
    assert main(["history", "verify", "--db", _url(tmp_path)]) == 0
    assert '"ok": true' in capsys.readouterr().out
    _raw(store, "DROP TRIGGER audit_no_delete", "DELETE FROM audit WHERE seq = 2")
    assert main(["history", "verify", "--db", _url(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert '"ok": false' in captured.out and "1 row(s) removed (seq 2" in captured.err


def test_four_processes_writing_at_once_keep_one_chain(tmp_path: Path) -> None:
    url = _url(tmp_path)
    HistoryStore(url).close()  # migrate once
    script = (
        "import sys\nfrom station.history.store import HistoryStore\n"
        "s = HistoryStore(sys.argv[1])\n"
        "for i in range(40): s.audit('w' + sys.argv[2], 'st', 'login', str(i))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writers = [subprocess.Popen([sys.executable, "-c", script, url, str(n)], env=env) for n in range(4)]
    assert [w.wait(timeout=120) for w in writers] == [0, 0, 0, 0]
    check = HistoryStore(url).verify_audit()
    assert check.ok and check.rows == 160, check.message


def test_an_old_database_is_chained_by_the_migration(tmp_path: Path) -> None:
    url = _url(tmp_path)
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            text(
                "INSERT INTO audit (at, user, station_id, action, target, old_value, new_value) VALUES "
                "('2026-11-21 06:00:00.000000', 'ana', 's', 'threshold', 'casting', '0.2', '0.3'),"
                "('2026-11-21 07:00:00.500000', 'lee', 's', 'review', 'u1', 'pending', 'confirmed')"
            )
        )
        connection.commit()
    engine.dispose()
    store = HistoryStore(url)
    store.audit("ana", "s", "login")
    check = store.verify_audit()
    assert check.ok and check.rows == 3, check.message


# -- the first admin -------------------------------------------------------------------------


def test_deleting_every_user_does_not_open_a_new_first_admin(tmp_path: Path) -> None:
    store = HistoryStore(_url(tmp_path))
    auth.bootstrap_admin(store, "root", "4826", "st-1")
    _raw(store, "DELETE FROM users")
    with pytest.raises(auth.PermissionDenied, match="audit log shows users were created before"):
        auth.bootstrap_admin(store, "mallory", "5173", "st-1")
    assert store.user_rows() == []


def test_a_first_admin_after_other_audit_entries_is_still_allowed(tmp_path: Path) -> None:
    store = HistoryStore(_url(tmp_path))
    store.audit("station", "st-1", "recipe_first_seen", "casting")
    with pytest.raises(auth.PermissionDenied):
        auth.login(store, "nobody", "4826", "st-1", FAST)
    auth.bootstrap_admin(store, "root", "4826", "st-1")
    assert auth.login(store, "root", "4826", "st-1").role is auth.Role.ADMIN


# -- thresholds that stick -------------------------------------------------------------------


def _users(store: HistoryStore) -> tuple[auth.User, auth.User]:
    auth.bootstrap_admin(store, "root", "4826", "st-1")
    root = auth.login(store, "root", "4826", "st-1")
    auth.add_user(store, root, "lee", auth.Role.QA, "3719", "st-1")
    auth.add_user(store, root, "op", auth.Role.OPERATOR, "5173", "st-1")
    return auth.login(store, "lee", "3719", "st-1"), auth.login(store, "op", "5173", "st-1")


def test_a_threshold_set_by_qa_is_kept_and_audited(tmp_path: Path) -> None:
    store = HistoryStore(_url(tmp_path))
    lead, operator = _users(store)
    assert store.recipe_threshold("casting") is None
    assert store.set_recipe_threshold("casting", 0.3, lead, "st-1") is None
    assert store.set_recipe_threshold("casting", 0.35, lead, "st-1") == 0.3
    with pytest.raises(auth.PermissionDenied, match="qa role"):
        store.set_recipe_threshold("casting", 0.9, operator, "st-1")
    for bad in (1.5, float("nan"), True):
        with pytest.raises(HistoryError, match="from 0 to 1"):
            store.set_recipe_threshold("casting", bad, lead, "st-1")
    store.close()
    reopened = HistoryStore(_url(tmp_path))
    assert reopened.recipe_threshold("casting") == 0.35
    entries = [
        (e["user"], e["target"], e["old_value"], e["new_value"]) for e in reopened.audit_log(actions=["threshold_set"])
    ]
    assert entries == [("lee", "casting", None, "0.3"), ("lee", "casting", "0.3", "0.35")]


def test_a_threshold_edited_in_the_database_is_refused(tmp_path: Path) -> None:
    store = HistoryStore(_url(tmp_path))
    lead, _ = _users(store)
    store.set_recipe_threshold("casting", 0.3, lead, "st-1")
    _raw(store, "UPDATE recipe_thresholds SET threshold = 0.99")
    with pytest.raises(HistoryError, match="changed outside the station"):
        store.recipe_threshold("casting")


def test_threshold_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from station.cli import main

    store = HistoryStore(_url(tmp_path))
    _users(store)
    db = ["--db", _url(tmp_path)]
    monkeypatch.setenv("STATION_PIN", "5173")
    assert main(["threshold", "set", "--recipe", "casting", "--value", "0.4", "--user", "op", *db]) == 2
    assert "qa role" in capsys.readouterr().err
    monkeypatch.setenv("STATION_PIN", "3719")
    assert main(["threshold", "set", "--recipe", "casting", "--value", "0.4", "--user", "lee", *db]) == 0
    assert '"previous": null' in capsys.readouterr().out
    assert main(["threshold", "show", "--recipe", "casting", *db]) == 0
    assert '"threshold": 0.4' in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["threshold", "set", "--recipe", "casting", "--value", "true", "--user", "lee", *db])


def test_a_recipe_changed_outside_the_app_is_audited_at_the_next_start(tmp_path: Path) -> None:
    store = HistoryStore(_url(tmp_path))
    first = {"threshold": None, "models": {"classifier.onnx": "a" * 64}}
    assert store.note_recipe_at_start("casting", first, "st-1") == []
    assert store.note_recipe_at_start("casting", first, "st-1") == []
    changed = {"threshold": 0.99, "models": {"classifier.onnx": "b" * 64}}
    changes = store.note_recipe_at_start("casting", changed, "st-1")
    assert changes == ["threshold None -> 0.99", "classifier.onnx sha256 aaaaaaaaaaaa -> bbbbbbbbbbbb"]
    entry = store.audit_log(actions=["recipe_changed_outside"])[-1]
    assert entry["target"] == "casting" and entry["new_value"].startswith("recipe changed outside the app: threshold")
    assert store.verify_audit().ok


# -- PINs ------------------------------------------------------------------------------------


@pytest.mark.parametrize("pin", ["0000", "1111", "1234", "9876", "8901", "1212", "123", "12a4", "١٢٣٤٥"])
def test_trivial_or_malformed_pins_are_refused(tmp_path: Path, pin: str) -> None:
    store = HistoryStore(_url(tmp_path))
    with pytest.raises(HistoryError, match="PIN"):
        auth.bootstrap_admin(store, "root", pin, "st-1")
    assert store.user_rows() == []


def test_wrong_pins_lock_the_user_across_processes(tmp_path: Path) -> None:
    policy = auth.PinPolicy(max_failures=5, lockout_s=1.5, failure_delay_s=0.0)
    store = HistoryStore(_url(tmp_path))
    auth.bootstrap_admin(store, "root", "4826", "st-1")
    for attempt in range(5):
        other = HistoryStore(_url(tmp_path))  # another station process: the count is in the database
        with pytest.raises(auth.PermissionDenied) as refused:
            auth.login(other, "root", f"{1000 + attempt * 7}", "st-1", policy)
        other.close()
    assert "now locked" in str(refused.value)
    with pytest.raises(auth.PermissionDenied, match="root is locked after 5 wrong PINs"):
        auth.login(HistoryStore(_url(tmp_path)), "root", "4826", "st-1", policy)  # even the right PIN
    actions = [e["action"] for e in store.audit_log() if e["user"] == "root"]
    assert actions.count("login_failed") == 5 and "login_lockout" in actions and "login_refused_locked" in actions
    time.sleep(1.6)
    assert auth.login(store, "root", "4826", "st-1", policy).name == "root"
    assert store.verify_audit().ok


def test_a_refused_login_takes_the_policy_delay(tmp_path: Path) -> None:
    store = HistoryStore(_url(tmp_path))
    auth.bootstrap_admin(store, "root", "4826", "st-1")
    for name in ("root", "nobody"):
        started = time.monotonic()
        with pytest.raises(auth.PermissionDenied):
            auth.login(store, name, "5555", "st-1", auth.PinPolicy(failure_delay_s=0.3))
        assert time.monotonic() - started >= 0.3


def test_pin_settings_reach_the_policy() -> None:
    from station.core.config import HistorySettings

    policy = auth.PinPolicy.from_settings(HistorySettings(pin_max_failures=3, pin_lockout_s=60, pin_min_length=6))
    assert (policy.max_failures, policy.lockout_s, policy.min_length) == (3, 60.0, 6)
    with pytest.raises(HistoryError, match="6 to 12 digits"):
        auth.check_pin("4826", policy)


def test_a_dropped_trigger_is_logged_when_the_store_opens(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    store = _store_with_entries(tmp_path, 1)
    _raw(store, "DROP TRIGGER audit_no_update")
    store.close()
    HistoryStore(_url(tmp_path)).close()
    assert any("trigger audit_no_update is missing (dropped)" in r.getMessage() for r in caplog.records)
