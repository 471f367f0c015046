"""/metrics: Prometheus text, counted by route and status, added up over every worker process."""

import multiprocessing
import re

import pytest


def sample(text, name, **labels):
    """The value of one sample line of the exposition, or None."""
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    pattern = "^" + re.escape(name) + (r"\{" + re.escape(wanted) + r"\}" if labels else "") + r" (\S+)$"
    found = [m.group(1) for m in re.finditer(pattern, text, re.M)]
    return float(found[0]) if found else None


@pytest.fixture
def metered(make_config, tmp_path):
    return make_config(METRICS_DIR=str(tmp_path / "metrics"))


def test_metrics_is_not_found_unless_configured(wsgi_call):
    answer = wsgi_call("GET", "/metrics")
    assert (answer.status, answer.body) == (404, b"Not Found\n")


def test_requests_are_counted_by_route_method_and_status(wsgi_call, metered):
    for _ in range(3):
        wsgi_call("GET", "/", config=metered)
    wsgi_call("GET", "/no/such/page", config=metered)
    wsgi_call("GET", "/error", config=metered)
    answer = wsgi_call("GET", "/metrics", config=metered)
    text = answer.text
    assert answer.status == 200 and answer.header("Content-Type").startswith("text/plain; version=0.0.4")
    assert sample(text, "hello_requests_total", route="/", method="GET", status="200") == 3
    assert sample(text, "hello_requests_total", route="other", method="GET", status="404") == 1
    assert sample(text, "hello_requests_total", route="/error", method="GET", status="500") == 1
    assert sample(text, "hello_request_duration_seconds_count", route="/") == 3
    assert sample(text, "hello_request_duration_seconds_bucket", route="/", le="+Inf") == 3
    assert "# TYPE hello_request_duration_seconds histogram" in text


def _worker(config, count):
    from hello import logic

    for _ in range(count):
        logic.handle(logic.Request("GET", "/json", "", {}, lambda: b"", {}), config)


def test_counts_add_up_over_processes(wsgi_call, metered):
    """What gunicorn does: several forked workers, and any one of them answers /metrics."""
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_worker, args=(metered, 25)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    text = wsgi_call("GET", "/metrics", config=metered).text
    assert sample(text, "hello_requests_total", route="/json", method="GET", status="200") == 100
    assert sample(text, "hello_metrics_processes") >= 4


def test_unknown_methods_do_not_add_label_values(wsgi_call, metered):
    from hello import logic

    logic.handle(logic.Request("BREW", "/"), metered)  # not through wsgiref.validate, which warns on it
    text = wsgi_call("GET", "/metrics", config=metered).text
    assert sample(text, "hello_requests_total", route="/", method="other", status="405") == 1
