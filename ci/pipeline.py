"""The pipeline as code: every stage, its gate, and the builders and schedulers that run them.

Two builders, because two decisions are made:

    delivery     test -> release -> staging -> smoke -> promote      on every push to main
    deployment   production -> verify (-> rollback when either fails) on promotion

``delivery`` ends with an artefact that passed staging; ``promote`` hands it to ``deployment``
by itself only in continuous-deployment mode (``CI_AUTO_PROMOTE=1``). Otherwise a person with
the ``release-manager`` role starts ``deployment`` from the ``promote`` force scheduler with
that release id: Buildbot has no approval step like Jenkins' ``input``, a role-restricted force
scheduler is the gate. ``rollback`` is an ``alwaysRun`` step that runs only when production or
verify failed.

Each builder has a worker of its own (the build worker runs as the service account, the deploy
worker as root: ci/server.py says why) and holds a lock on what it changes: one delivery at a
time owns staging, one deployment at a time owns the fleet. So the next push is tested and
staged while the previous release rolls over the fleet, as on a team's CI, and every push is
built (no two pushes collapsed into one build): a commit that breaks a test must be seen
failing, not skipped because a newer one came. Each stage is one step running ``python -m ci.stages.<name>`` on the worker, in
the commit's own checkout, so the stage logic is code reviewed and tested like any other.

Secrets reach a step only as ``util.Secret`` in that step's own environment, and no step logs
its environment (``logEnviron=False``): the worker would otherwise print every variable it has
at the top of each step's log.
"""

from buildbot.plugins import schedulers, secrets, steps, util
from buildbot.process.results import FAILURE

from ci.plan import DELIVERY, DEPLOYMENT, STAGES, Stage

WORKER = "lab-worker"  # the service account's: every push's builds
DEPLOYER = "deploy-worker"  # root's (the fleet's namespaces need it): only the deployment builds
STAGING_LOCK = util.MasterLock("staging")  # one delivery at a time deploys to and smoke-tests staging
FLEET_LOCK = util.MasterLock("fleet")  # one deployment at a time rolls over (or back on) the fleet
RELEASE_MANAGER = "release-manager"
DEVELOPER = "developer"


def _result_properties(rc, stdout, stderr) -> dict:
    """A stage's last line of standard output, ``RESULT {json}``, as build properties."""
    import json

    for line in reversed(stdout.splitlines()):
        if line.startswith("RESULT "):
            try:
                return json.loads(line[len("RESULT ") :])
            except ValueError:
                return {}
    return {}


def _failed_in_deployment(step) -> bool:
    """Roll back when production or verify failed (not when the artefact never reached production)."""
    return step.build.results == FAILURE and bool(step.getProperty("rolled_out"))


def _auto_promote(settings):
    return lambda step: settings.auto_promote


def _stage_step(stage: Stage, settings):
    env = {
        "VENV": settings.venv,
        "LAB_CI_DIR": settings.folder,
        "PYTHONUNBUFFERED": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PATH": f"{settings.venv}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "CI_BUILD": util.Interpolate("%(prop:buildername)s-%(prop:buildnumber)s"),
        "CI_RELEASE_ID": util.Property("release_id", default=""),
    }
    if stage.secret:
        env["CI_SIGNING_KEY"] = util.Secret("release-signing-key")
    options = {}
    if stage.always_run:
        options = {"alwaysRun": True, "doStepIf": _failed_in_deployment, "hideStepIf": False}
    return steps.SetPropertyFromCommand(
        name=stage.name,
        command=[f"{settings.venv}/bin/python", "-m", f"ci.stages.{stage.name}"],
        extract_fn=_result_properties,
        env=env,
        logEnviron=False,
        haltOnFailure=True,
        timeout=1200,
        description=stage.gate[:60],
        **options,
    )


def _checkout(settings):
    return steps.Git(
        name="checkout",
        repourl=str(settings.repository),
        mode="full",
        method="clobber",
        logEnviron=False,
        haltOnFailure=True,
    )


def _artefact_download(name: str):
    return steps.FileDownload(
        name=f"fetch {name}",
        mastersrc=util.Interpolate(f"artefacts/%(prop:release_id)s.{name}"),
        workerdest=util.Interpolate(f"artefact/%(prop:release_id)s.{name}"),
        haltOnFailure=True,
    )


def delivery_factory(settings) -> util.BuildFactory:
    factory = util.BuildFactory()
    factory.addStep(_checkout(settings))
    stages = {s.name: s for s in STAGES}
    factory.addStep(_stage_step(stages["test"], settings))
    factory.addStep(_stage_step(stages["release"], settings))
    for name in ("tar.gz", "json"):  # the master keeps the artefact; later stages take it from there
        factory.addStep(
            steps.FileUpload(
                name=f"keep {name}",
                workersrc=util.Interpolate(f"artefact/%(prop:release_id)s.{name}"),
                masterdest=util.Interpolate(f"artefacts/%(prop:release_id)s.{name}"),
                mode=0o600,
                haltOnFailure=True,
            )
        )
    for name in ("tar.gz", "json"):
        factory.addStep(_artefact_download(name))
    factory.addStep(_stage_step(stages["staging"], settings))
    factory.addStep(_stage_step(stages["smoke"], settings))
    factory.addStep(
        steps.Trigger(
            name="promote",
            schedulerNames=["promote-automatically"],
            waitForFinish=False,
            updateSourceStamp=True,
            set_properties={"release_id": util.Property("release_id")},
            doStepIf=_auto_promote(settings),
            hideStepIf=False,
        )
    )
    return factory


def deployment_factory(settings) -> util.BuildFactory:
    factory = util.BuildFactory()
    factory.addStep(_checkout(settings))
    for name in ("tar.gz", "json"):
        factory.addStep(_artefact_download(name))
    for stage in STAGES:
        if stage.builder == DEPLOYMENT:
            factory.addStep(_stage_step(stage, settings))
    return factory


def configure(config: dict, settings, passwords: dict) -> None:
    """Fill Buildbot's configuration dictionary for these settings."""
    from buildbot.plugins import worker
    from twisted.cred import checkers

    config["workers"] = [
        worker.Worker(WORKER, util.Secret("worker-password"), max_builds=1),
        worker.Worker(DEPLOYER, util.Secret("deploy-worker-password"), max_builds=1),
    ]
    config["protocols"] = {"pb": {"port": f"tcp:{settings.ports['CI_WORKER_PORT']}:interface=127.0.0.1"}}
    config["secretsProviders"] = [secrets.SecretInAFile(dirname=str(settings.secrets))]
    config["change_source"] = []  # pushes arrive through the post-receive hook (ci/post_receive.py)
    config["schedulers"] = [
        schedulers.AnyBranchScheduler(
            name="on-push",
            builderNames=[DELIVERY],
            treeStableTimer=None,
            change_filter=util.ChangeFilter(branch="main"),
        ),
        schedulers.ForceScheduler(
            name="promote",
            builderNames=[DEPLOYMENT],
            buttonName="Promote to production",
            label="Promote a release that passed staging to production",
            properties=[
                util.StringParameter(
                    name="release_id", label="release id (from a green delivery build)", required=True, size=40
                )
            ],
        ),
        schedulers.ForceScheduler(name="rebuild", builderNames=[DELIVERY], buttonName="Run the delivery pipeline"),
        schedulers.Triggerable(name="promote-automatically", builderNames=[DEPLOYMENT]),
    ]
    config["builders"] = [
        util.BuilderConfig(
            name=name,
            workernames=[worker_name],
            factory=factory(settings),
            locks=[lock.access("exclusive")],
            collapseRequests=False,
        )
        for name, worker_name, factory, lock in (
            (DELIVERY, WORKER, delivery_factory, STAGING_LOCK),
            (DEPLOYMENT, DEPLOYER, deployment_factory, FLEET_LOCK),
        )
    ]
    users = {DEVELOPER: passwords["developer-password"], RELEASE_MANAGER: passwords["release-manager-password"]}
    config["www"] = {
        "port": f"tcp:{settings.ports['CI_PORT']}:interface=127.0.0.1",
        "auth": util.UserPasswordAuth(users),
        "authz": util.Authz(
            allowRules=[
                # Only the release manager may start the deployment builder (the promotion).
                util.ForceBuildEndpointMatcher(builder=DEPLOYMENT, role=RELEASE_MANAGER),
                util.RebuildBuildEndpointMatcher(builder=DEPLOYMENT, role=RELEASE_MANAGER),
                util.AnyControlEndpointMatcher(role=DEVELOPER),
                util.AnyEndpointMatcher(role=DEVELOPER),  # reading needs a login too
            ],
            roleMatchers=[
                util.RolesFromUsername(roles=[DEVELOPER], usernames=list(users)),
                util.RolesFromUsername(roles=[DEVELOPER, RELEASE_MANAGER], usernames=[RELEASE_MANAGER]),
            ],
        ),
        "change_hook_dialects": {"base": True},
        "change_hook_auth": [
            checkers.InMemoryUsernamePasswordDatabaseDontUse(hook=passwords["change-hook-password"].encode())
        ],
    }
    config["title"] = "Interface Lab"
    config["titleURL"] = "https://localhost/"
    config["buildbotURL"] = settings.ui_url
    config["db"] = {"db_url": "sqlite:///state.sqlite"}
    config["buildbotNetUsageData"] = None  # nothing leaves the machine
