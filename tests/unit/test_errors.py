"""/error: a 500 that shows a traceback only in development, always logged, reported."""

import sys


def test_production_gives_a_generic_body(wsgi_call, make_config, capsys):
    answer = wsgi_call("GET", "/error", "id=tok42", config=make_config(PYTHON_ENV="production"))
    assert (answer.status, answer.body) == (500, b"Internal Server Error\n")
    assert answer.header("Content-Type") == "text/plain; charset=utf-8"


def test_development_shows_the_traceback(wsgi_call, make_config):
    answer = wsgi_call("GET", "/error", "id=tok42", config=make_config(PYTHON_ENV="development"))
    assert answer.status == 500
    assert "Traceback" in answer.text and "deliberate error id=tok42" in answer.text


def test_error_is_logged_with_traceback_and_token(wsgi_call, make_config, capsys):
    from hello.logging_setup import configure

    config = make_config(PYTHON_ENV="production")
    configure(config)
    wsgi_call("GET", "/error", "id=tok43", config=config)
    err = capsys.readouterr().err
    assert "Traceback" in err and "deliberate error id=tok43" in err


def test_tracker_is_not_imported_without_a_dsn(wsgi_call, monkeypatch):
    import hello.integrations

    monkeypatch.delitem(sys.modules, "hello.integrations.error_tracker", raising=False)
    monkeypatch.delattr(hello.integrations, "errors", raising=False)
    wsgi_call("GET", "/error", "id=tok45")
    assert "hello.integrations.error_tracker" not in sys.modules


def test_production_logs_errors_as_json_lines_with_the_request_id(capsys):
    """In production each error is one JSON line a log shipper can join on request_id."""
    import json

    from hello import config as config_module
    from hello import logging_setup, logic

    config = config_module.load({"PYTHON_ENV": "production"})
    logging_setup.configure(config)
    try:
        request = logic.Request(method="GET", path="/error", query_string="id=tok42", headers={"x-request-id": "req-7"})
        response = logic.handle(request, config)
        assert response.status == 500
        line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
        assert line["level"] == "ERROR" and line["request_id"] == "req-7"
        assert "tok42" in line["traceback"]
    finally:
        logging_setup.configure(config_module.load({"PYTHON_ENV": "test"}))
