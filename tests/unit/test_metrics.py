"""/metrics: Prometheus text from prometheus_client, counted by route and status, added up over every worker.

prometheus_client takes its multiprocess folder once per process, so every test
here shares one folder and compares counts before and after what it does.
"""

import importlib
import multiprocessing
import os
import sys

import pytest


def sample(text, name, **labels):
    """The value of the sample ``name`` with exactly ``labels``, read by prometheus_client's parser; 0 if absent."""
    from prometheus_client.parser import text_string_to_metric_families

    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and found.labels == labels:
                return found.value
    return 0.0


@pytest.fixture(scope="session")
def metrics_dir(tmp_path_factory):
    """The folder, known before prometheus_client chooses its mode, as in a gunicorn worker.

    In a whole-suite run other tests (the production ones, reading Prometheus text with
    prometheus_client's parser) import prometheus_client first, in single-process mode;
    a worker never sees that, so the module that holds the choice is made to choose again.
    """
    folder = tmp_path_factory.mktemp("metrics")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
    if "prometheus_client.values" in sys.modules:
        importlib.reload(sys.modules["prometheus_client.values"])
    return folder


@pytest.fixture
def metered(make_config, metrics_dir):
    return make_config(METRICS_DIR=str(metrics_dir))


@pytest.fixture
def scrape(wsgi_call, metered):
    def text():
        return wsgi_call("GET", "/metrics", config=metered).text

    return text


def test_metrics_is_not_found_unless_configured(wsgi_call):
    answer = wsgi_call("GET", "/metrics")
    assert (answer.status, answer.body) == (404, b"Not Found\n")


def test_requests_are_counted_by_route_method_and_status(wsgi_call, metered, scrape):
    before = scrape()
    for _ in range(3):
        wsgi_call("GET", "/", config=metered)
    wsgi_call("GET", "/no/such/page", config=metered)
    wsgi_call("GET", "/error", config=metered)
    answer = wsgi_call("GET", "/metrics", config=metered)
    text = answer.text

    def added(name, **labels):
        return sample(text, name, **labels) - sample(before, name, **labels)

    assert answer.status == 200 and answer.header("Content-Type").startswith("text/plain; version=0.0.4")
    assert added("hello_requests_total", route="/", method="GET", status="200") == 3
    assert added("hello_requests_total", route="other", method="GET", status="404") == 1
    assert added("hello_requests_total", route="/error", method="GET", status="500") == 1
    assert added("hello_request_duration_seconds_count", route="/") == 3
    assert added("hello_request_duration_seconds_bucket", route="/", le="+Inf") == 3
    assert added("hello_request_duration_seconds_bucket", route="/", le="30.0") == 3
    assert "# TYPE hello_request_duration_seconds histogram" in text
    assert "# TYPE hello_requests_total counter" in text


def _worker(config, count):
    from hello import logic

    for _ in range(count):
        logic.handle(logic.Request("GET", "/json", "", {}, lambda: b"", {}), config)


def test_counts_add_up_over_processes_and_outlive_them(metered, scrape):
    """What gunicorn does: several forked workers, any one answers /metrics, and workers come and go."""
    scrape()  # this process writes its own file before forking, as a gunicorn worker would
    before = scrape()
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_worker, args=(metered, 25)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    text = scrape()  # every worker has exited: their counts are still there
    json_ok = {"route": "/json", "method": "GET", "status": "200"}
    assert sample(text, "hello_requests_total", **json_ok) - sample(before, "hello_requests_total", **json_ok) == 100
    assert sample(text, "hello_metrics_processes") >= sample(before, "hello_metrics_processes") + 4


def test_a_gone_workers_counts_are_folded_into_the_archive(metered, metrics_dir, scrape):
    """gunicorn's child_exit: the worker's files go, its counts stay, the folder does not grow."""
    from hello.integrations import metrics

    before = scrape()
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_worker, args=(metered, 10)) for _ in range(3)]
    for worker in workers:
        worker.start()
        worker.join(timeout=60)
        metrics.process_exited(worker.pid, str(metrics_dir))
    assert not [p for w in workers for p in metrics_dir.glob(f"*_{w.pid}.db")]
    assert (metrics_dir / "counter_archive.db").is_file() and (metrics_dir / "histogram_archive.db").is_file()
    text = scrape()
    json_ok = {"route": "/json", "method": "GET", "status": "200"}
    assert sample(text, "hello_requests_total", **json_ok) - sample(before, "hello_requests_total", **json_ok) == 30
    assert (
        sample(text, "hello_request_duration_seconds_count", route="/json")
        - sample(before, "hello_request_duration_seconds_count", route="/json")
        == 30
    )
    assert sample(text, "hello_metrics_processes") <= sample(before, "hello_metrics_processes") + 1  # + the archive


def test_unknown_methods_do_not_add_label_values(metered, scrape):
    from hello import logic

    labels = {"route": "/", "method": "other", "status": "405"}
    before = sample(scrape(), "hello_requests_total", **labels)
    logic.handle(logic.Request("BREW", "/"), metered)  # not through wsgiref.validate, which warns on it
    assert sample(scrape(), "hello_requests_total", **labels) - before == 1
    assert 'method="BREW"' not in scrape()


def test_no_hand_written_exposition_format_in_the_project():
    """The text format comes from prometheus_client, never from string formatting of our own."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for folder in ("apps", "stacks", "benchmarks", "interfaces")
        for path in (root / folder).rglob("*.py")
        if "# TYPE " in path.read_text()
    ]
    assert offenders == []
