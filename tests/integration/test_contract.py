"""Parity: every stack answers the contract requests with the same status, type and body."""

import json

import pytest

from tests.integration.contract import CASES, HELLO_ONLY


def send(stack, case):
    return stack.request(case.path, method=case.method, body=case.request_body, headers=case.headers, timeout=30)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_contract(stack, case):
    if stack.manifest().contract == "hello" and case.name not in HELLO_ONLY:
        pytest.skip(f"{stack.name} serves only / and /json")
    status, headers, body = send(stack, case)
    header = {k.lower(): v for k, v in headers}
    assert status == case.status, body[:300]
    assert header.get("content-type") == case.content_type
    if case.body is not None:
        assert body == case.body
    if case.method == "HEAD":
        assert header.get("content-length") in (None, str(len(b"Hello, World!")))  # what GET / would send
    elif case.name != "stream":  # every whole body says its length; only /stream may not
        assert header.get("content-length") == str(len(body)), headers
    if case.content_type.startswith("application/json"):
        json.loads(body)


def test_env_shows_the_request(full_stack):
    """/env shows the request as the interface delivered it, and the manifest's distinctive values."""
    status, _, body = full_stack.request("/env?x=1")
    document = json.loads(body)
    environ = document["environ"]
    assert status == 200
    if full_stack.manifest().environ.get("type") == "http":  # ASGI: the scope, bytes as b'...'
        assert (environ["method"], environ["path"], environ["query_string"]) == ("GET", "/env", "b'x=1'")
        assert "b'host'" in [name for name, _ in environ["headers"]]
    else:
        assert environ["REQUEST_METHOD"] == "GET"
        assert environ["PATH_INFO"] == "/env"
        assert environ["QUERY_STRING"] == "x=1"
    for key, expected in full_stack.manifest().environ.items():
        assert environ.get(key) == expected, f"{key} under {full_stack.name}"


def test_health_says_ok_for_every_configured_service(full_stack):
    status, _, body = full_stack.request("/health")
    document = json.loads(body)
    assert status == 200 and document["status"] == "ok"
    assert document["environment"] in ("test", "production")
    assert all(state == "ok" for state in document["services"].values())


def test_counter_counts(full_stack):
    """In Redis the count is shared and consecutive; per process it rises within each process."""
    answers = [json.loads(full_stack.request("/counter")[2]) for _ in range(4)]
    backends = {a["backend"] for a in answers}
    assert len(backends) == 1 and backends <= {"redis", "process"}
    if backends == {"redis"}:
        values = [a["counter"] for a in answers]
        assert values == list(range(values[0], values[0] + 4))
        return
    by_process = {}
    for answer in answers:
        by_process.setdefault(answer["pid"], []).append(answer["counter"])
    for values in by_process.values():
        assert values == sorted(set(values)) and values[0] >= 1
    if full_stack.manifest().environ.get("wsgi.run_once"):  # a process per request: always a first count
        assert all(a["counter"] == 1 for a in answers)
