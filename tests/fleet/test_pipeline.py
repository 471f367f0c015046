"""The CI/CD pipeline (ci/, make ci-up) against the fleet these tests share: a push goes through
test -> release -> staging -> smoke -> promote -> production -> verify, and every bad commit is
stopped where it should be, or rolled back.

One CI server for the module and four pushes to main, each a commit on the one before (no force
push): a good commit (it reaches every app host under load, nothing fails, the time from push to
the last host is measured), a commit that breaks a test (it never reaches staging), a release
that fails on staging (it never reaches production), a release that fails only under
production's configuration (it is rolled back by itself, and its failed requests are counted).
They are pushed one after another, as a team pushes: the pipeline builds every one, stages the
next while the previous rolls over the fleet, and each case is read from the builds of its own
commit and release. ``make pipeline-measure`` pushes the good commit alone and records its time.
"""

import base64
import time
import urllib.error

import pytest

from ci import fleet_hosts, results
from stacks.runner import probe
from tests.fleet import pipeline_server

SUCCESS, FAILURE, SKIPPED = 0, 2, 3
LOGIC = "apps/hello/logic.py"
ECHO = "def echo(request, config):\n"


def fault_in_echo(environments: tuple, good: str):
    """An edit that makes POST /echo (every fifth request of the load) fail in ``environments``,
    on the good commit's app (whatever the commits since changed in it)."""

    def edit(clone):
        pipeline_server.git(clone, "checkout", good, "--", LOGIC)
        path = clone / LOGIC
        text = path.read_text()
        assert ECHO in text, f"{LOGIC} has no {ECHO!r} any more: update this test"
        names = ", ".join(f'"{name}"' for name in environments) + ("," if len(environments) == 1 else "")
        path.write_text(  # as ruff format writes it: the test stage's lint checks formatting
            text.replace(
                ECHO,
                ECHO + f"    if config.environment in ({names}):\n"
                '        raise RuntimeError("a bug only deployed configurations reach")\n',
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


@pytest.fixture
def bad_commits_pushed(pushes):
    if "broken" not in pushes:
        pytest.skip("make pipeline-measure pushes the good commit alone")


def release_of(build: dict) -> str:
    return build["properties"].get("release_id", [""])[0]


@pytest.fixture(scope="module")
def pushes(server):
    """The four commits pushed, and for each its delivery build (and the deployment it promoted itself to)."""
    pushed = {"good": server.push("a good commit")}
    commits = {"good": server.head()}
    # make pipeline-measure times the good commit alone, through the full test stage. The bad commits
    # are left out there: the full stage's unit tests already catch the injected faults (a 500 on
    # /echo under production's configuration), so they would never reach the gates they are for.
    cases = (
        ()
        if results.recording()
        else (
            ("broken", "a commit that breaks a test", break_a_test),
            (
                "fails_smoke",
                "a release that fails on staging",
                fault_in_echo(("staging", "production"), commits["good"]),
            ),
            (
                "fails_in_production",
                "a release that fails only in production",
                fault_in_echo(("production",), commits["good"]),
            ),
        )
    )
    for name, message, edit in cases:
        pushed[name] = server.push(message, edit)
        commits[name] = server.head()
    found = {}
    for name, commit in commits.items():
        delivery = server.build_of("delivery", "got_revision", commit)
        promoted = delivery["results"] == SUCCESS  # continuous deployment: a green delivery promotes itself
        deployment = server.build_of("deployment", "release_id", release_of(delivery)) if promoted else None
        found[name] = {"pushed_at": pushed[name], "commit": commit, "delivery": delivery, "deployment": deployment}
    found["deployed_releases"] = [release_of(b) for b in server.builds("deployment")]
    found["served_at_the_end"] = fleet_hosts.releases_served()
    return found


def test_a_good_commit_reaches_every_app_host_under_load_without_a_failed_request(server, pushes):
    good = pushes["good"]
    delivery, deployment = good["delivery"], good["deployment"]
    assert delivery["results"] == SUCCESS, server.log(delivery, list(server.steps(delivery))[-1])[-3000:]
    assert deployment and deployment["results"] == SUCCESS, server.log(deployment, "verify")[-3000:]
    release_id = release_of(delivery)  # the same artefact, promoted
    served = deployment["properties"]["served"][0]  # each app host's own /health, asked by verify
    assert set(served.values()) == {release_id} and len(served) >= 2, served
    requests, failed = (deployment["properties"][k][0] for k in ("requests", "failed_requests"))
    assert requests > 100 and failed == 0, (requests, failed)
    steps = {**server.steps(delivery), **server.steps(deployment)}
    assert steps["rollback"]["results"] == SKIPPED
    verify_log = server.log(deployment, "verify")
    assert "check-deploy on the fleet" in verify_log and " checks pass\n" in verify_log, verify_log[-2000:]
    assert "FAIL " not in verify_log, verify_log[-2000:]
    # Staging ran the same artefact: the digest make deploy gives that commit's code.
    assert delivery["properties"]["staging_release"][0], delivery["properties"]
    figures = {
        "push_to_fleet_seconds": round(steps["production"]["complete_at"] - good["pushed_at"], 1),
        "push_to_verified_seconds": round(steps["verify"]["complete_at"] - good["pushed_at"], 1),
        "stages": {
            name: round(steps[name]["complete_at"] - steps[name]["started_at"], 1)
            for name in ("checkout", "test", "release", "staging", "smoke", "production", "verify")
        },
        "profile": server.settings.profile,
        "verify_seconds": server.settings.verify_seconds,
        "requests": requests,
        "failed_requests": failed,
        "app_hosts": len(served),
        "pushed_alone": results.recording(),
    }
    results.record("push", figures)
    assert figures["push_to_fleet_seconds"] < 600, figures  # the goal: a push on the fleet within ten minutes


def test_a_commit_that_breaks_a_test_never_reaches_staging(server, pushes, bad_commits_pushed):
    delivery = pushes["broken"]["delivery"]
    assert delivery["results"] == FAILURE
    steps = server.steps(delivery)
    assert steps["test"]["results"] == FAILURE
    assert "staging" not in steps and "release" not in steps, list(steps)
    assert "1 failed" in server.log(delivery, "test") and "Hello, world" in server.log(delivery, "test")
    # The next push found staging still on the good commit's release: the broken one never got there.
    after = pushes["fails_smoke"]["delivery"]["properties"]
    assert after["previous_staging_release"][0] == pushes["good"]["delivery"]["properties"]["staging_release"][0]


def test_a_release_that_fails_its_smoke_never_reaches_production(server, pushes, bad_commits_pushed):
    delivery = pushes["fails_smoke"]["delivery"]
    assert delivery["results"] == FAILURE
    steps = server.steps(delivery)
    assert steps["staging"]["results"] == SUCCESS and steps["smoke"]["results"] == FAILURE
    assert "promote" not in steps
    assert "requests failed on staging" in server.log(delivery, "smoke")
    # Its deploy to staging changed code only: the lock's virtualenv was reused, not built again.
    assert "the lock is unchanged: reusing its virtualenv" in server.log(delivery, "staging")
    assert release_of(delivery) not in pushes["deployed_releases"], "it must never be deployed"
    assert release_of(delivery) not in pushes["served_at_the_end"].values()
    # Production, when the next release rolled out, was still on the good one.
    rolled = pushes["fails_in_production"]["deployment"]["properties"]
    assert rolled["previous"][0] == [release_of(pushes["good"]["delivery"])], rolled["previous"]


def test_a_release_failing_only_in_production_is_rolled_back_by_itself(server, pushes, bad_commits_pushed):
    case = pushes["fails_in_production"]
    delivery, deployment = case["delivery"], case["deployment"]
    assert delivery["results"] == SUCCESS, "it passes staging: the fault is in production's configuration only"
    bad, good = release_of(delivery), release_of(pushes["good"]["delivery"])
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
    served = pushes["served_at_the_end"]  # asked of each app host directly, after the pipeline
    assert bad not in served.values() and set(served.values()) == {good} and len(served) >= 2, served
    assert "is off every app host" in server.log(deployment, "rollback")
    results.record(
        "rollback",
        {
            "failed_requests": failed,
            "rollback_seconds": round(steps["rollback"]["complete_at"] - steps["rollback"]["started_at"], 1),
        },
    )


def test_no_secret_appears_in_any_log_of_any_build(server, pushes, bad_commits_pushed):
    client, secrets = server.api(), server.secrets
    texts = []
    for build in client.builds():
        for step in client.steps(build["buildid"]):
            texts += [client.log_text(log["logid"]) for log in client.get(f"steps/{step['stepid']}/logs")["logs"]]
    assert len(texts) > 40
    for name, value in secrets.items():
        assert not any(value in text for text in texts), f"secret {name} is printed in a step's log"
    assert not any("CI_SIGNING_KEY=" in text for text in texts), "a step logged its environment"


def test_the_rest_api_lists_the_builds_and_wants_a_login(server, pushes):
    builds = server.api().builds()
    delivery = pushes["good"]["delivery"]
    assert [b["number"] for b in builds if b["builderid"] == delivery["builderid"]][:4] == [1, 2, 3, 4]
    status, _, _ = probe.request(server.settings.ui_url + "api/v2/builds")
    assert status == 403, "the API answers nobody who has not logged in"


def test_only_the_release_manager_may_promote(server, pushes):
    release_id = release_of(pushes["good"]["delivery"])
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


def test_the_web_ui_shows_a_build_with_its_steps(server, pushes, tmp_path):
    from tests.docs.browser import Browser

    deployment = pushes["good"]["deployment"]
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


def test_verify_fails_naming_the_checklist_item_the_fleet_fails(server, pushes):
    """The cache host cut off: Prometheus loses the Redis exporter, and the checklist verify runs
    on the fleet names that item (the reason a build would end red with, and roll back for)."""
    from ci.stages import verify
    from fleet import paths
    from fleet.run import run

    assert verify.checklist_failure() == "", "the fleet on the good release passes the checklist"
    run("ip", "-n", paths.BRIDGE_NS, "link", "set", "cache", "down")
    try:
        deadline, reason = time.monotonic() + 60, ""
        while "Prometheus" not in reason and time.monotonic() < deadline:  # until it has scraped and seen it down
            reason = verify.checklist_failure()
    finally:
        run("ip", "-n", paths.BRIDGE_NS, "link", "set", "cache", "up")
    assert reason.startswith("check-deploy on the fleet: failing: ") and "Prometheus scrapes every target" in reason
    deadline = time.monotonic() + 60
    while verify.checklist_failure() and time.monotonic() < deadline:
        time.sleep(1)
