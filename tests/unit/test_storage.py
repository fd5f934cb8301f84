"""Storage: compare-and-swap saves, history, restore, races, plans. Every test runs on SQLite and PostgreSQL."""
from __future__ import annotations

import threading

import pytest

from planning.storage import NotFound, StaleSave, Store, normalise_url

RACE_ROUNDS = 24


@pytest.fixture
def db_url(any_db_url):
    """This module's tests run once per backend (the conftest `store` and `plan_id` use this URL)."""
    return any_db_url


def race(*attempts):
    """Run the callables at the same moment in threads; return their results ('saved' or the exception)."""
    barrier = threading.Barrier(len(attempts))
    results: list = [None] * len(attempts)

    def run(i: int) -> None:
        barrier.wait()
        try:
            attempts[i]()
            results[i] = "saved"
        except Exception as exc:  # noqa: BLE001 - the test looks at what came out
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(attempts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_first_save_then_update_bumps_version_and_keeps_history(store, plan_id):
    first = store.save(plan_id, "readiness", {"x": 1}, 0, "Ann")
    second = store.save(plan_id, "readiness", {"x": 2}, 1, "Bob")
    assert (first.version, second.version) == (1, 2)
    assert store.load(plan_id, "readiness").data == {"x": 2}
    hist = store.history(plan_id, "readiness")
    assert [(r.version, r.saved_by, r.data) for r in hist] == [(2, "Bob", {"x": 2}), (1, "Ann", {"x": 1})]


def test_stale_save_writes_nothing_and_names_who_saved(store, plan_id):
    store.save(plan_id, "readiness", {"x": 1}, 0, "Ann")
    store.save(plan_id, "readiness", {"x": 2}, 1, "Bob")
    with pytest.raises(StaleSave) as info:
        store.save(plan_id, "readiness", {"x": 3}, 1, "Cy")
    assert info.value.current.saved_by == "Bob"
    assert info.value.current.version == 2
    assert "Bob saved it" in str(info.value)
    assert store.load(plan_id, "readiness").data == {"x": 2}
    assert store.revision_count(plan_id, "readiness") == 2


def test_second_first_save_is_stale(store, plan_id):
    store.save(plan_id, "readiness", {"x": 1}, 0, "Ann")
    with pytest.raises(StaleSave):
        store.save(plan_id, "readiness", {"x": 9}, 0, "Bob")
    assert store.load(plan_id, "readiness").data == {"x": 1}


def test_two_threads_racing_one_save_exactly_one_wins(store, plan_id):
    store.save(plan_id, "readiness", {"x": 0}, 0, "Seed")
    for round_ in range(RACE_ROUNDS):
        results = race(*(lambda n=n: store.save(plan_id, "readiness", {"by": n, "round": round_}, round_ + 1, n)
                         for n in ("Ann", "Bob")))
        assert results.count("saved") == 1, results
        winner = ("Ann", "Bob")[results.index("saved")]
        loser = next(r for r in results if r != "saved")
        assert isinstance(loser, StaleSave) and loser.current.saved_by == winner
        assert store.load(plan_id, "readiness").data == {"by": winner, "round": round_}
    assert store.revision_count(plan_id, "readiness") == RACE_ROUNDS + 1


def test_two_first_saves_at_once_one_wins_and_the_other_is_told_who(store, plan_id):
    """Two people saving a worksheet nobody saved yet: the slower one gets the conflict panel (StaleSave naming
    the winner), never a database error; on PostgreSQL this used to fail with InFailedSqlTransaction."""
    for round_ in range(RACE_ROUNDS):
        kind = f"readiness-{round_}"
        results = race(*(lambda n=n: store.save(plan_id, kind, {"by": n}, 0, n) for n in ("Ann", "Bob")))
        assert results.count("saved") == 1, results
        winner = ("Ann", "Bob")[results.index("saved")]
        loser = next(r for r in results if r != "saved")
        assert isinstance(loser, StaleSave), repr(loser)
        assert loser.current is not None and loser.current.saved_by == winner and loser.current.version == 1
        assert f"{winner} saved it" in str(loser)
        assert store.load(plan_id, kind).data == {"by": winner}
        assert store.revision_count(plan_id, kind) == 1


def test_many_threads_many_rounds_never_lose_or_duplicate_a_version(store, plan_id):
    """Eight writers, each retrying on stale: every save lands exactly once, versions have no gaps."""
    store.save(plan_id, "counter", {"n": 0}, 0, "Seed")
    per_thread = 10

    def writer(name: str) -> None:
        done = 0
        while done < per_thread:
            cur = store.load(plan_id, "counter")
            try:
                store.save(plan_id, "counter", {"n": cur.data["n"] + 1}, cur.version, name)
                done += 1
            except StaleSave:
                continue

    threads = [threading.Thread(target=writer, args=(f"w{i}",)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    final = store.load(plan_id, "counter")
    assert final.data["n"] == 8 * per_thread
    assert final.version == 8 * per_thread + 1
    versions = sorted(r.version for r in store.history(plan_id, "counter"))
    assert versions == list(range(1, 8 * per_thread + 2))


def test_restore_creates_a_new_revision_and_keeps_the_old_ones(store, plan_id):
    store.save(plan_id, "readiness", {"x": 1}, 0, "Ann")
    store.save(plan_id, "readiness", {"x": 2}, 1, "Bob")
    restored = store.restore(plan_id, "readiness", 1, 2, "Cy")
    assert restored.version == 3
    assert store.load(plan_id, "readiness").data == {"x": 1}
    hist = store.history(plan_id, "readiness")
    assert [r.version for r in hist] == [3, 2, 1]
    assert hist[0].comment == "restored from version 1" and hist[0].saved_by == "Cy"


def test_restore_against_a_newer_version_is_stale(store, plan_id):
    store.save(plan_id, "readiness", {"x": 1}, 0, "Ann")
    store.save(plan_id, "readiness", {"x": 2}, 1, "Bob")
    with pytest.raises(StaleSave):
        store.restore(plan_id, "readiness", 1, 1, "Cy")


def test_plans_list_archive_restore_and_last_saved(store, plan_id):
    store.save(plan_id, "readiness", {"x": 1}, 0, "Bob")
    [row] = store.list_plans()
    assert row.last_saved_by == "Bob" and row.meta["name"] == "Test plan"
    store.set_archived(plan_id, True, "Ann")
    assert store.list_plans() == []
    assert [p.id for p in store.list_plans(include_archived=True)] == [plan_id]
    store.set_archived(plan_id, False, "Ann")
    assert [p.id for p in store.list_plans()] == [plan_id]


def test_saving_to_a_missing_plan_is_refused(store):
    with pytest.raises(NotFound):
        store.save("no-such-plan", "readiness", {"x": 1}, 0, "Ann")
    with pytest.raises(NotFound):
        store.get_plan("no-such-plan")


def test_a_second_store_sees_the_same_data_and_migrates_nothing(db_url, plan_id, store):
    assert store.migrated == ["0001", "0002", "0003", "0004"]  # the fixture's store made the empty database
    other = Store(db_url)
    try:
        assert other.migrated == []
        assert other.get_plan(plan_id).meta["clinic"] == "Lakeside Clinic"
    finally:
        other.dispose()


def test_sqlite_uses_wal(tmp_path):
    """SQLite only: readers do not block the writer (WAL)."""
    store = Store(f"sqlite:///{tmp_path / 'wal.db'}")
    try:
        with store._write.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar().lower() == "wal"
    finally:
        store.dispose()


def test_plain_postgresql_urls_use_psycopg_3():
    assert normalise_url("postgresql://u:p@db.example/workbook") == "postgresql+psycopg://u:p@db.example/workbook"
    assert normalise_url("postgres://u@db/w?sslmode=require") == "postgresql+psycopg://u@db/w?sslmode=require"
    assert normalise_url("postgresql+psycopg://u@db/w") == "postgresql+psycopg://u@db/w"
    assert normalise_url("sqlite:///data/workbook.db") == "sqlite:///data/workbook.db"


def test_text_round_trips_exactly(store, plan_id):
    text = "<b>unclosed & <script>x</script> Győr 中文 🎉 \"quotes\" 'single'"
    store.save(plan_id, "readiness", {"note": text}, 0, "Zoë")
    assert store.load(plan_id, "readiness").data["note"] == text
    assert store.history(plan_id, "readiness")[0].saved_by == "Zoë"
