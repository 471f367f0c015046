"""With REDIS_URL set but Redis unreachable, /counter and /health answer 503 quickly."""

import json

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_counter_is_503_with_a_reason(wsgi_call, make_config):
    answer = wsgi_call("GET", "/counter", config=make_config(REDIS_URL=DEAD_REDIS))
    assert answer.status == 503
    assert answer.header("Content-Type") == "application/json"
    body = json.loads(answer.body)
    assert body["error"] == "redis unavailable" and body["detail"]


def test_health_is_degraded(wsgi_call, make_config):
    answer = wsgi_call("GET", "/health", config=make_config(REDIS_URL=DEAD_REDIS))
    body = json.loads(answer.body)
    assert answer.status == 503
    assert body["status"] == "degraded" and body["services"]["redis"].startswith("down: ")
