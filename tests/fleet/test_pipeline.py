"""The CI/CD pipeline (ci/, make ci-up) against the fleet these tests share: a push goes through
test -> release -> staging -> smoke -> promote -> production -> verify, and every bad commit is
stopped where it should be, or rolled back.

One CI server for the module; four pushes in order, each a fixture that waits for the builds it
starts: a good commit (it reaches every app host under load, nothing fails, the time from push
to the last host is measured), a commit that breaks a test (it never reaches staging), a release
that fails on staging (it never reaches production), a release that fails only under
production's configuration (it is rolled back by itself, and its failed requests are counted).
"""

import base64
import time
import urllib.error

import pytest

from ci import fleet_hosts
from fleet import results
from stacks.runner import probe
from tests.fleet import pipeline_server

SUCCESS, FAILURE = 0, 2
LOGIC = "apps/hello/logic.py"
ECHO = "def echo(request, config):\n"


def fault_in_echo(environments: tuple):
    """An edit that makes POST /echo (every fifth request of the load) fail in ``environments``."""

    def edit(clone):
        path = clone / LOGIC
        text = path.read_text()
        assert ECHO in text, f"{LOGIC} has no {ECHO!r} any more: update this test"
        path.write_text(
            text.replace(
                ECHO,
                ECHO + f"    if config.environment in {environments!r}:\n"
                "        raise RuntimeError('a bug only deployed configurations reach')\n",
            )
        )

    return edit


def break_a_test(clone):
    path = clone / LOGIC
    text = path.read_text()
    assert '_text(200, "Hello, World!")' in text
    path.write_text(text.replace('_text(200, "Hello, World!")', '_text(200, "Hello, world")'))


@pytest.fixture(scope="module")
def server(fleet):
    started = pipeline_server.start()
    yield started
    assert pipeline_server.stop(started) == [], "ci-down left something running"


def staging_release(server) -> tuple:
    """(the release staging serves, its digest)."""
    current = (server.settings.staging / "state" / "production" / "current").resolve()
    digest = current / "DIGEST"
    return (current.name, digest.read_text().strip()) if digest.is_file() else ("", "")


@pytest.fixture(scope="module")
def good(server):
    """A good commit, pushed: its delivery build and the deployment it promoted itself to."""
    delivered, deployed = len(server.builds("delivery")), len(server.builds("deployment"))
    pushed_at = server.push("a good commit")
    delivery = server.next_build("delivery", delivered)
    deployment = server.next_build("deployment", deployed) if delivery["results"] == SUCCESS else None
    return {
        "pushed_at": pushed_at,
        "delivery": delivery,
        "deployment": deployment,
        "commit": pipeline_server.git(server.clone, "rev-parse", "HEAD").strip(),
        "served": fleet_hosts.releases_served(),
        "staging": staging_release(server),
    }


@pytest.fixture(scope="module")
def broken(server, good):
    delivered, deployed = len(server.builds("delivery")), len(server.builds("deployment"))
    server.push("a commit that breaks a test", break_a_test)
    delivery = server.next_build("delivery", delivered)
    return {
        "delivery": delivery,
        "deployments": len(server.builds("deployment")) - deployed,
        "staging": staging_release(server),
    }


@pytest.fixture(scope="module")
def fails_smoke(server, good, broken):
    pipeline_server.git(server.clone, "reset", "-q", "--hard", good["commit"])  # the broken test undone
    delivered, deployed = len(server.builds("delivery")), len(server.builds("deployment"))
    server.push("a release that fails on staging", fault_in_echo(("staging", "production")), force=True)
    delivery = server.next_build("delivery", delivered)
    time.sleep(3)  # a deployment it wrongly triggered would show by now
    return {
        "delivery": delivery,
        "deployments": len(server.builds("deployment")) - deployed,
        "served": fleet_hosts.releases_served(),
    }


@pytest.fixture(scope="module")
def fails_in_production(server, good, fails_smoke):
    # From the good commit again (a force push), so no extra good release has to go through first.
    pipeline_server.git(server.clone, "reset", "-q", "--hard", good["commit"])
    delivered, deployed = len(server.builds("delivery")), len(server.builds("deployment"))
    server.push("a release that fails only in production", fault_in_echo(("production",)), force=True)
    delivery = server.next_build("delivery", delivered)
    deployment = server.next_build("deployment", deployed) if delivery["results"] == SUCCESS else None
    return {"delivery": delivery, "deployment": deployment, "served": fleet_hosts.releases_served()}


def test_a_good_commit_reaches_every_app_host_under_load_without_a_failed_request(server, good):
    delivery, deployment = good["delivery"], good["deployment"]
    assert delivery["results"] == SUCCESS, server.log(delivery, list(server.steps(delivery))[-1])[-3000:]
    assert deployment and deployment["results"] == SUCCESS, server.log(deployment, "verify")[-3000:]
    release_id = delivery["properties"]["release_id"][0]
    assert deployment["properties"]["release_id"][0] == release_id  # the same artefact, promoted
    assert set(good["served"].values()) == {release_id}, good["served"]
    assert len(good["served"]) >= 2
    requests, failed = (deployment["properties"][k][0] for k in ("requests", "failed_requests"))
    assert requests > 100 and failed == 0, (requests, failed)
    assert "rollback" not in server.steps(deployment) or server.steps(deployment)["rollback"]["results"] == 3  # skipped
    # Staging ran the same artefact: the digest make deploy gives that commit's code.
    assert good["staging"][1] == delivery["properties"]["digest"][0]
    steps = {**server.steps(delivery), **server.steps(deployment)}
    on_fleet = steps["production"]["complete_at"]
    figures = {
        "push_to_fleet_seconds": round(on_fleet - good["pushed_at"], 1),
        "push_to_verified_seconds": round(steps["verify"]["complete_at"] - good["pushed_at"], 1),
        "stages": {
            name: round(steps[name]["complete_at"] - steps[name]["started_at"], 1)
            for name in ("checkout", "test", "release", "staging", "smoke", "production", "verify")
        },
        "profile": server.settings.profile,
        "verify_seconds": server.settings.verify_seconds,
        "requests": requests,
        "failed_requests": failed,
        "app_hosts": len(good["served"]),
        "load_average": round(__import__("os").getloadavg()[0], 1),
    }
    results.record("pipeline", figures)
    assert figures["push_to_fleet_seconds"] < 600, figures  # the goal: a push on the fleet within ten minutes


def test_a_commit_that_breaks_a_test_never_reaches_staging(server, good, broken):
    delivery = broken["delivery"]
    assert delivery["results"] == FAILURE
    steps = server.steps(delivery)
    assert steps["test"]["results"] == FAILURE
    assert "staging" not in steps and "release" not in steps, list(steps)
    assert broken["deployments"] == 0
    assert "1 failed" in server.log(delivery, "test") and "Hello, world" in server.log(delivery, "test")
    assert broken["staging"] == good["staging"], "staging must still run the previous release"


def test_a_release_that_fails_its_smoke_never_reaches_production(server, good, fails_smoke):
    delivery = fails_smoke["delivery"]
    assert delivery["results"] == FAILURE
    steps = server.steps(delivery)
    assert steps["staging"]["results"] == SUCCESS and steps["smoke"]["results"] == FAILURE
    assert "promote" not in steps
    assert "requests failed on staging" in server.log(delivery, "smoke")
    assert fails_smoke["deployments"] == 0
    assert fails_smoke["served"] == good["served"], "production must be untouched"


def test_a_release_failing_only_in_production_is_rolled_back_by_itself(server, good, fails_in_production):
    delivery, deployment = fails_in_production["delivery"], fails_in_production["deployment"]
    assert delivery["results"] == SUCCESS, "it passes staging: the fault is in production's configuration only"
    bad = delivery["properties"]["release_id"][0]
    assert deployment and deployment["results"] == FAILURE
    steps = server.steps(deployment)
    assert steps["production"]["results"] == SUCCESS, "it did reach production"
    assert steps["verify"]["results"] == FAILURE and steps["rollback"]["results"] == SUCCESS
    failed = deployment["properties"]["failed_requests"][0]
    assert failed > 0
    verify_log = server.log(deployment, "verify")
    assert (
        f", {failed} failed;" in verify_log
        and "requests failed under load" in verify_log
        and "rolling back" in verify_log
    )
    assert bad not in fails_in_production["served"].values(), fails_in_production["served"]
    assert set(fails_in_production["served"].values()) == set(good["served"].values())
    assert "is off every app host" in server.log(deployment, "rollback")
    results.record(
        "pipeline_rollback",
        {
            "failed_requests": failed,
            "rollback_seconds": round(steps["rollback"]["complete_at"] - steps["rollback"]["started_at"], 1),
        },
    )


def test_no_secret_appears_in_any_log_of_any_build(server, good, broken, fails_smoke, fails_in_production):
    client, secrets = server.api(), server.secrets
    texts = []
    for build in client.builds():
        for step in client.steps(build["buildid"]):
            texts += [client.log_text(log["logid"]) for log in client.get(f"steps/{step['stepid']}/logs")["logs"]]
    assert len(texts) > 40
    for name, value in secrets.items():
        assert not any(value in text for text in texts), f"secret {name} is printed in a step's log"
    assert not any("CI_SIGNING_KEY=" in text for text in texts), "a step logged its environment"


def test_the_rest_api_lists_the_builds_and_wants_a_login(server, good):
    builds = server.api().builds()
    assert [b["number"] for b in builds if b["builderid"] == good["delivery"]["builderid"]][0] == 1
    status, _, _ = probe.request(server.settings.ui_url + "api/v2/builds")
    assert status == 403, "the API answers nobody who has not logged in"


def test_only_the_release_manager_may_promote(server, good):
    release_id = good["delivery"]["properties"]["release_id"][0]
    with pytest.raises(urllib.error.HTTPError) as refused:
        server.api("developer").control(
            "forceschedulers/promote", "force", builderNames=["deployment"], release_id=release_id
        )
    assert refused.value.code == 403
    # The release manager may: a release the master does not keep is refused by the pipeline itself,
    # before anything reaches production.
    deployed = len(server.builds("deployment"))
    server.api("release-manager").control(
        "forceschedulers/promote", "force", builderNames=["deployment"], release_id="no-such-release"
    )
    forced = server.next_build("deployment", deployed, seconds=120)
    steps = server.steps(forced)
    assert forced["results"] == FAILURE and "production" not in steps, list(steps)
    assert forced["properties"]["owner"][0] == "release-manager"


def test_the_web_ui_shows_a_build_with_its_steps(server, good, tmp_path):
    from tests.docs.browser import Browser

    deployment = good["deployment"]
    browser = Browser()
    try:
        token = base64.b64encode(f"developer:{server.secrets['developer-password']}".encode()).decode()
        browser.call("Network.setExtraHTTPHeaders", headers={"Authorization": f"Basic {token}"})
        # Logged in, the master sends the browser on to the build's page (its UI's own route).
        page = f"/builders/{deployment['builderid']}/builds/{deployment['number']}"
        browser.visit(f"{server.settings.ui_url}auth/login?redirect={page}")
        browser.call("Network.setExtraHTTPHeaders", headers={})
        deadline, text = time.monotonic() + 30, ""
        while time.monotonic() < deadline and not all(s in text for s in ("production", "verify", "rollback")):
            time.sleep(0.5)
            text = browser.call("Runtime.evaluate", expression="document.body.innerText", returnByValue=True)["result"][
                "value"
            ]
        browser.screenshot(tmp_path / "build.png")
    finally:
        browser.close()
    assert all(step in text for step in ("checkout", "production", "verify", "rollback")), text[:2000]
    assert "developer" in text  # logged in
