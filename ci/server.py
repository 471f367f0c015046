"""``make ci-up`` / ``ci-down`` / ``ci-status``: a Buildbot master and one worker under supervisord.

Everything lives in one folder (``LAB_CI_DIR``, default /tmp/interface-lab-ci-<uid>):

    settings.json   what this start was given (ports, profile, the checkout's virtualenv)
    secrets/        one 0600 file per secret (secrets_dir.py), read by Buildbot's SecretInAFile
    lab.git         the bare repository you push to; its post-receive hook starts the pipeline
    master/         the master's folder: master.cfg (a link to ci/master.cfg), its database, artefacts/
    worker/         the build worker's folder: the delivery builds (test, release, staging, smoke)
    deployer/       the deploy worker's folder: the deployment builds (production, verify, rollback)
    staging/        the staging stack's run folder (the production stack with PYTHON_ENV=staging)
    logs/           supervisord's and each program's log

Started by root, nothing that serves or runs pushed code is root: the master (which serves the
UI, the API and the workers' port) and the build worker (which runs every pushed commit's tests
and starts staging) run as the lab's service account (``LAB_USER``, www-data), which alone may
read the secrets. Only the deploy worker keeps root, because the fleet's hosts are network
namespaces that only root can enter; it runs nothing but the deployment builder, which starts
from a release that passed staging and was promoted (on real servers it would deploy over SSH
as an account of its own). The web UI listens on loopback only and wants a login.

``ci-down`` stops the master, the workers and the staging stack and checks that no process or port of theirs is left; the folder stays
(builds, artefacts and the repository survive a restart), ``rm -r`` it to start from nothing.
"""

import os
import pwd
import re
import subprocess
import time
import urllib.error
from pathlib import Path

from ci import api, secrets_dir
from ci.settings import Settings, buildbot_venv, ci_dir
from stacks.runner import account, lifecycle, ports, supervise
from stacks.runner.errors import StackError
from stacks.runner.manifest import Process
from stacks.runner.needs import find_binary
from stacks.runner.paths import ROOT

START_SECONDS = 120  # the master's first start creates its database and reads the config
HOOK = """#!/bin/sh
# Installed by 'make ci-up': tell the CI server what was pushed (ci/post_receive.py).
exec /usr/bin/python3 {script} {url} {password_file}
"""


def _supervisor_pid(folder: Path) -> int:
    try:
        pid = int((folder / "supervisord.pid").read_text())
    except (OSError, ValueError):
        return 0
    return pid if supervise.pid_alive(pid) else 0


def _buildbot(*argv: str, cwd: Path) -> None:
    result = subprocess.run(
        [str(buildbot_venv() / "bin" / argv[0]), *argv[1:]], cwd=cwd, capture_output=True, text=True
    )
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip().splitlines()
        raise StackError(
            f"'{' '.join(argv[:2])}' failed: {said[-1] if said else result.returncode}",
            "\n".join("    " + line for line in said[-15:]),
        )


def _repository(settings: Settings) -> None:
    """The bare repository, and its hook pointed at this start's master."""
    repo = settings.repository
    if not (repo / "HEAD").is_file():
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(repo)], check=True)
    hook = repo / "hooks" / "post-receive"
    hook.write_text(
        HOOK.format(
            script=ROOT / "ci" / "post_receive.py",
            url=settings.ui_url + "change_hook/base",
            password_file=settings.secrets / "change-hook-password",
        )
    )
    hook.chmod(0o755)


def _master(settings: Settings) -> Path:
    master = settings.path / "master"
    if not (master / "buildbot.tac").is_file():
        master.mkdir(parents=True, exist_ok=True)
        _buildbot("buildbot", "create-master", "--relocatable", "--quiet", str(master), cwd=settings.path)
    (master / "master.cfg.sample").unlink(missing_ok=True)
    link = master / "master.cfg"
    link.unlink(missing_ok=True)
    link.symlink_to(ROOT / "ci" / "master.cfg")
    (master / "artefacts").mkdir(exist_ok=True)
    return master


def _worker(settings: Settings, name: str, folder: str, password: str) -> Path:
    """A worker's folder; its buildbot.tac (which holds its password) rewritten for this start, 0600."""
    worker = settings.path / folder
    worker.mkdir(parents=True, exist_ok=True)
    (worker / "buildbot.tac").unlink(missing_ok=True)
    _buildbot(
        "buildbot-worker",
        "create-worker",
        "--relocatable",
        "--quiet",
        "--umask=0o022",
        str(worker),
        f"127.0.0.1:{settings.ports['CI_WORKER_PORT']}",
        name,
        "-",
        cwd=settings.path,
    )
    tac = worker / "buildbot.tac"
    text = re.sub(r"^passwd = .*$", f"passwd = {password!r}", tac.read_text(), flags=re.M)
    fd = os.open(tac, os.O_WRONLY | os.O_TRUNC)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    tac.chmod(0o600)
    (worker / "info" / "admin").write_text("Interface Lab <lab@localhost>\n")
    (worker / "info" / "host").write_text(f"the lab's machine: {WORKER_ROLES[name]}\n")
    return worker


WORKER_ROLES = {
    "lab-worker": "builds every push: tests, the release, staging, the smoke",
    "deploy-worker": "deploys a promoted release to the fleet, watches it, rolls it back",
}


def _processes(master: Path, worker: Path, deployer: Path) -> list:
    bin_dir = buildbot_venv() / "bin"
    programs = [
        ("master", "buildbot", master, False),
        ("worker", "buildbot-worker", worker, False),
        ("deployer", "buildbot-worker", deployer, True),  # root: the fleet's hosts are namespaces only root enters
    ]
    return [
        Process(
            name=name,
            command=f"{bin_dir}/{tool} start --nodaemon {folder}",
            directory=str(folder),
            as_root=as_root,
            stopwaitsecs=30,
            environment={"HOME": str(folder)},  # git's and Python's per-user files stay in its own folder
        )
        for name, tool, folder, as_root in programs
    ]


def _give_to_service(settings: Settings, folders: list) -> None:
    """Under root: the service account owns what the master and the build worker write, and alone
    reads the secrets (0700 folder, 0600 files); each build folder trusts the bare repository."""
    if not account.is_root():
        return
    user = account.service_account(settings.user)[0]
    entry = pwd.getpwnam(user)
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, entry.pw_uid, entry.pw_gid, follow_symlinks=False)
    # git refuses a repository another account owns unless told it is safe: the worker's own setting.
    gitconfig = settings.path / "worker" / ".gitconfig"
    gitconfig.write_text(f"[safe]\n\tdirectory = {settings.repository}\n")
    os.chown(gitconfig, entry.pw_uid, entry.pw_gid)


def _wait_ready(settings: Settings, passwords: dict) -> str:
    """'' once the UI answers and every worker is connected, else why not."""
    deadline = time.monotonic() + START_SECONDS
    reason = "the web UI did not answer"
    while time.monotonic() < deadline:
        states = {p["name"]: p["statename"] for p in supervise.programs(settings.path)}
        if any(state in ("FATAL", "EXITED", "BACKOFF") for state in states.values()):
            return f"a program stopped: {states}"
        if api.answers(settings.ui_url):
            try:
                client = api.Api(settings.ui_url, "developer", passwords["developer-password"])
                workers = client.get("workers")["workers"]
                if workers and all(w["connected_to"] for w in workers):
                    return ""
                reason = "the worker did not connect"
            except (OSError, urllib.error.URLError, ValueError) as exc:
                reason = f"the API did not answer: {exc}"
        time.sleep(0.5)
    return f"{reason} within {START_SECONDS}s"


def up() -> int:
    settings = Settings.from_environ()
    folder = settings.path
    if _supervisor_pid(folder):
        raise StackError(f"the CI server is already running from {folder}: 'make ci-status', or 'make ci-down' first")
    if not (buildbot_venv() / "bin" / "buildbot").exists():
        raise StackError(
            "Buildbot's virtualenv is missing: run 'make setup', which builds it from requirements/buildbot.txt"
        )
    for variable in ("CI_PORT", "CI_WORKER_PORT"):
        port = settings.ports[variable]
        if not ports.is_free(port, "127.0.0.1"):
            who = ports.holder(port)
            raise StackError(
                f"port {port} is in use{' by ' + who if who else ''}; stop that process or choose "
                f"another: make ci-up {variable}={port + 1}"
            )
    # Others may enter (the staging stack's service account must reach its run folder); what is
    # private is private by itself: secrets/ 0700, the worker's buildbot.tac and supervisord.conf 0600.
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)
    (folder / "logs").mkdir(exist_ok=True)
    passwords = secrets_dir.ensure(settings.secrets)
    settings.write()
    _repository(settings)
    master = _master(settings)
    worker = _worker(settings, "lab-worker", "worker", passwords["worker-password"])
    deployer = _worker(settings, "deploy-worker", "deployer", passwords["deploy-worker-password"])
    _buildbot("buildbot", "upgrade-master", "--quiet", str(master), cwd=folder)  # checks master.cfg, makes the database
    _give_to_service(settings, [master, worker, settings.secrets, settings.staging, folder / "sources"])
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder),
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    conf = folder / "supervisord.conf"
    conf.write_text(supervise.config(_processes(master, worker, deployer), env, folder, settings.user))
    conf.chmod(0o600)
    supervisord = find_binary("supervisord")
    if not supervisord:
        raise StackError("supervisord is missing: run 'make setup'")
    pid = supervise.start(supervisord, conf, folder)
    reason = _wait_ready(settings, passwords)
    if reason:
        tails = _log_tails(folder)
        down(quiet=True)
        raise StackError(f"the CI server did not start: {reason}", tails)
    print(f"ci-up: Buildbot master and its two workers running under supervisord (pid {pid})")
    _describe(settings)
    print("stop: make ci-down")
    return 0


def _log_tails(folder: Path) -> str:
    lines = []
    for log in (folder / "master" / "twistd.log", folder / "worker" / "twistd.log", folder / "logs" / "master.log"):
        if log.is_file():
            lines += [f"  {log}:"] + ["    " + line for line in log.read_text(errors="replace").splitlines()[-12:]]
    return "\n".join(lines)


def _describe(settings: Settings) -> None:
    print(f"  web UI:     {settings.ui_url}  (loopback only; log in as developer or release-manager,")
    print(f"              passwords in {settings.secrets}/developer-password and release-manager-password)")
    print(f"  repository: git remote add lab {settings.repository} && git push lab HEAD:main")
    print(
        f"  profile:    {settings.profile}; promotion to production: "
        f"{'automatic (continuous deployment)' if settings.auto_promote else 'by the release manager'}"
    )
    print(f"  logs:       {settings.path}/logs/, {settings.path}/master/twistd.log")


def down(quiet: bool = False) -> int:
    folder = ci_dir()
    from ci import production_load, staging  # the staging stack and the production load go with the server

    staging.stop(folder)
    production_load.stop(folder)
    pid = _supervisor_pid(folder)
    if pid:
        supervise.shutdown(folder, pid)
    for leftover in ("supervisor.sock", "supervisord.pid"):
        (folder / leftover).unlink(missing_ok=True)
    try:
        settings = Settings.read(folder)
        held = [
            p
            for p in (settings.ports["CI_PORT"], settings.ports["CI_WORKER_PORT"])
            if not ports.wait_free(p, "127.0.0.1", 10)
        ]
    except StackError:
        held = []
    if held:
        raise StackError(f"ports {held} are still held after ci-down: {', '.join(ports.holder(p) for p in held)}")
    if not quiet:
        print(
            "ci-down: "
            + ("master, workers and staging stopped; nothing of them runs" if pid else "the CI server was not running")
            + f" (builds and repository kept in {folder})"
        )
    return 0


def status() -> int:
    folder = ci_dir()
    settings = Settings.read(folder)
    if not _supervisor_pid(folder):
        print(f"ci-status: the CI server is not running (folder {folder}); start it with 'make ci-up'")
        return 1
    for program in supervise.programs(folder):
        print(f"  {program['name']:<8} {program['statename']:<9} pid {program['pid']}")
    _describe(settings)
    passwords = secrets_dir.read(settings.secrets)
    client = api.Api(settings.ui_url, "developer", passwords["developer-password"])
    for build in client.builds()[-5:]:
        print(f"  build {build['buildid']:>3} {build['state_string']}")
    lifecycle_state = lifecycle.read_state(settings.staging)
    print(f"  staging:    {lifecycle_state.base_url if lifecycle_state else 'not running'}")
    return 0
