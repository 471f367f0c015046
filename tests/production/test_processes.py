"""Supervisor heals what dies; Redis is a backing service whose loss is reported and survived."""

import json
import os
import signal
import stat
import threading

from stacks.runner import procfs, proctree
from tests.production.helpers import healthy, program, rpc, wait_for


def test_gunicorn_listens_on_a_unix_socket_only_its_account_can_use(production):
    sock = production.run / "var" / "gunicorn.sock"
    mode = sock.stat()
    assert stat.S_ISSOCK(mode.st_mode)
    assert stat.S_IMODE(mode.st_mode) & 0o007 == 0, oct(mode.st_mode)
    assert procfs.owner(program(production, "gunicorn")["pid"]) != "root"


def test_counter_is_consistent_across_workers(production):
    values, lock = [], threading.Lock()

    def hit(count):
        for _ in range(count):
            status, _, body = production.request("/counter")
            assert status == 200
            with lock:
                values.append(json.loads(body))

    threads = [threading.Thread(target=hit, args=(20,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    counters = sorted(v["counter"] for v in values)
    assert len(counters) == 80 and {v["backend"] for v in values} == {"redis"}
    assert counters == list(range(counters[0], counters[0] + 80)), "every increment seen once, by whichever worker"


def test_redis_down_gives_503_with_a_reason_and_recovers(production):
    supervisor = rpc(production).supervisor
    supervisor.stopProcess("redis")
    try:
        status, _, body = production.request("/health")
        assert status == 503 and json.loads(body)["services"]["redis"].startswith("down:")
        status, _, body = production.request("/counter")
        assert status == 503 and json.loads(body)["error"] == "redis unavailable"
        assert production.request("/")[0] == 200, "routes without Redis keep working"
    finally:
        supervisor.startProcess("redis")
    assert wait_for(lambda: healthy(production), seconds=15), "recovers by itself once Redis is back"
    assert production.request("/counter")[0] == 200


def test_sigkill_of_the_gunicorn_master_is_healed_by_supervisor(production):
    before = program(production, "gunicorn")["pid"]
    os.kill(before, signal.SIGKILL)
    restarted = wait_for(
        lambda: (
            (info := program(production, "gunicorn"))["statename"] == "RUNNING"
            and info["pid"] != before
            and healthy(production)
        ),
        seconds=30,
    )
    assert restarted, program(production, "gunicorn")


def test_a_killed_worker_is_replaced(production):
    master = program(production, "gunicorn")["pid"]
    workers = wait_for(lambda: len(proctree.descendants(master)) >= 2 and proctree.descendants(master), seconds=20)
    os.kill(workers[0], signal.SIGKILL)
    replaced = wait_for(
        lambda: len(now := proctree.descendants(master)) == len(workers) and workers[0] not in now, seconds=20
    )
    assert replaced and healthy(production)
