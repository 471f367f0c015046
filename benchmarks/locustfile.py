"""User-shaped load on whatever stack runs: ``locust -f benchmarks/locustfile.py``.

wrk answers "how many requests a second can this interface carry"; this file
answers "how does it behave for people using it": each simulated user thinks
between requests (THINK_SECONDS in benchmarks/load/settings.py) and does what visitors to the app do, mostly
reading ``/`` and ``/json``, sometimes posting to ``/echo`` (the answer is
checked byte for byte), now and then hitting ``/slow``, and ``/counter`` when
the stack has Redis behind it (its ``/health`` names it). Against ``static``,
which serves only ``/`` and ``/json``, users stick to those two.

The host defaults to the stack running from the run directory (``LAB_RUN_DIR``
or the default one), else http://localhost:8080; ``--host`` overrides.
``LOCUST_THINK=0`` removes the think time (used to measure locust's own ceiling).
Locust's fast HTTP client (geventhttpclient) is used: the default one, built
on requests, tops out several times lower.
"""

import json
import os
import random
import urllib.error
import urllib.request

from locust import FastHttpUser, between, constant, events, task

from benchmarks.load.settings import SLOW_SECONDS, THINK_SECONDS
from stacks.runner import variables

FALLBACK_HOST = "http://localhost:8080"
ECHO_SIZES = (64, 512, 4096)


def running_stack_url() -> str:
    """The URL of the stack the runner says is running, or the default one."""
    from stacks.runner import lifecycle
    from stacks.runner.paths import run_base

    state = lifecycle.read_state(run_base())
    return state.base_url if state else FALLBACK_HOST


class Contract:
    """What the stack under load serves, learned from its /health at test start."""

    full = True  # False: only / and /json (the static stack)
    redis = False


@events.test_start.add_listener
def _learn_contract(environment, **_kwargs) -> None:
    host = (environment.host or LabUser.host).rstrip("/")
    try:
        with urllib.request.urlopen(host + "/health", timeout=5) as response:
            Contract.redis = "redis" in json.loads(response.read() or b"{}").get("services", {})
    except urllib.error.HTTPError as exc:
        Contract.full = exc.code not in (404, 405)
    except (OSError, ValueError):
        pass


def _think():
    raw = variables.chosen("LOCUST_THINK")
    return constant(float(raw)) if raw else between(*THINK_SECONDS)


class LabUser(FastHttpUser):
    """A visitor of the app."""

    host = running_stack_url()
    wait_time = _think()

    @task(45)
    def hello(self) -> None:
        self.client.get("/")

    @task(35)
    def hello_json(self) -> None:
        self.client.get("/json")

    @task(10)
    def echo(self) -> None:
        if not Contract.full:
            return self.hello()
        body = os.urandom(random.choice(ECHO_SIZES))
        with self.client.post(
            "/echo", data=body, headers={"Content-Type": "application/octet-stream"}, catch_response=True
        ) as response:
            if response.content != body:
                response.failure(f"/echo returned {len(response.content or b'')} bytes, not the {len(body)} sent")

    @task(2)
    def slow(self) -> None:
        if not Contract.full:
            return self.hello()
        self.client.get(f"/slow?seconds={SLOW_SECONDS}", name="/slow")

    @task(4)
    def counter(self) -> None:
        if not Contract.redis:
            return self.hello_json()
        self.client.get("/counter")
