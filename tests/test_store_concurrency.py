"""Case 5 of issue 11: processes opening one fresh database at the same moment all get in.

Each round forks real child processes that wait on one event, then open the same new SQLite
file (WAL switch and migrations included) and write a subscription each."""

import multiprocessing

from briefbot.store import Store

OPENERS, ROUNDS = 12, 3


def _open_and_write(db: str, go, n: int, results) -> None:
    go.wait()
    try:
        store = Store(db)
        store.subscribe("T1", f"C{n}", "ceasefire", "daily 08:00", "UTC")
        results.put("ok")
    except Exception as error:  # reported to the parent, which fails the test
        results.put(f"{type(error).__name__}: {error}")


def test_concurrent_openers_of_a_new_database_all_succeed(tmp_path):
    fork = multiprocessing.get_context("fork")
    outcomes = []
    for round_ in range(ROUNDS):
        db, go, results = str(tmp_path / f"fresh{round_}.db"), fork.Event(), fork.Queue()
        children = [fork.Process(target=_open_and_write, args=(db, go, n, results))
                    for n in range(OPENERS)]
        for child in children:
            child.start()
        go.set()
        for child in children:
            child.join(timeout=60)
        outcomes += [results.get(timeout=5) for _ in children]
        assert len(Store(db).subscriptions()) == OPENERS
    assert outcomes == ["ok"] * OPENERS * ROUNDS
