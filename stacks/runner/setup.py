"""``make setup``: install what the stacks and the tests need, idempotently.

Debian packages come from the manifests (plus what building the virtualenv
needs); as root they are installed with apt-get, otherwise the exact command is
printed. The virtualenv is built from Debian's /usr/bin/python3 so that the
unprivileged account the servers run as can execute it, and is rebuilt only
when the pinned requirements change. A stack may need a virtualenv of its own
(``[[needs]] venv = NAME, requirements = FILE``) for a tool that pins its own
dependencies; it is built the same way, as ``.venv-NAME``.
"""

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

from stacks.runner import account, manifest, needs
from stacks.runner.errors import StackError
from stacks.runner.paths import ROOT, extra_venv_dir, reachable, venv_dir

# wrk and taskset (util-linux): make bench; chromium: the course site's check;
# slowhttptest: make slow-clients and make availability; nghttp2-client: h2load, HTTP/2 at the edge
BASE_PACKAGES = ["python3-venv", "python3-dev", "gcc", "procps", "util-linux", "curl", "wrk", "chromium",
                 "slowhttptest", "nghttp2-client"]
REQUIREMENTS = ROOT / "requirements" / "dev.txt"
SHARED_VENVS = Path("/opt/interface-lab/venvs")
POLICY_RC = Path("/usr/sbin/policy-rc.d")


def _missing(packages: list) -> list:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package} ${db:Status-Status}\n", *packages],
        capture_output=True, text=True,
    )
    installed = {line.split()[0] for line in result.stdout.splitlines() if line.endswith(" installed")}
    return [p for p in packages if p not in installed]


def install_packages(packages: list) -> None:
    """apt-get install what is missing (as root), without letting services start."""
    missing = _missing(packages)
    if not missing:
        return
    command = "apt-get install -y " + " ".join(missing)
    if not account.is_root():
        print(f"setup: warning: missing Debian packages; stacks needing them will not start: run 'sudo {command}'")
        return
    print(f"setup: installing {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    made_policy = not POLICY_RC.exists()
    if made_policy:  # keep Debian from starting nginx/apache/redis on their default ports
        POLICY_RC.write_text("#!/bin/sh\nexit 101\n")
        POLICY_RC.chmod(0o755)
    try:
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], check=True, env=env)
    except subprocess.CalledProcessError as exc:
        raise StackError(f"apt-get failed ({exc.returncode}); run '{command}' by hand to see why") from None
    finally:
        if made_policy:
            POLICY_RC.unlink()


def _requirements_digest(files) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _venv_target(venv: Path) -> Path:
    """Where the virtualenv's files go: in place, or, when root and the checkout is
    private, a world-readable folder that ``.venv`` links to."""
    if account.is_root() and account.unreachable_part(ROOT):
        key = hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
        return SHARED_VENVS / (key + venv.name.removeprefix(venv_dir().name))
    return venv


def build_venv(venv: Path | None = None, requirements: Path = REQUIREMENTS, digest_of=None) -> None:
    """Create or refresh a virtualenv (the project's by default) from pinned requirements."""
    venv = venv or venv_dir()
    stamp = venv / ".requirements.sha256"
    digest = _requirements_digest(digest_of or (ROOT / "requirements").glob("*.txt"))
    if stamp.is_file() and stamp.read_text() == digest and (venv / "bin" / "python").exists():
        return
    target = _venv_target(venv)
    if not (target / "bin" / "python").exists():
        print(f"setup: creating the virtualenv in {target}")
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["/usr/bin/python3", "-m", "venv", str(target)], check=True)
        if target != venv:
            if venv.is_symlink() or venv.exists():
                venv.unlink() if venv.is_symlink() else shutil.rmtree(venv)
            venv.symlink_to(target)
    print(f"setup: installing the pinned requirements of {requirements.relative_to(ROOT)} into {venv.name}")
    # Through the real folder, not the .venv link: pip writes this path into the
    # scripts' #! lines, and the service account cannot pass through a private checkout.
    pip = [str(reachable(venv) / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    try:
        subprocess.run([*pip, "-r", str(requirements)], check=True)
    except subprocess.CalledProcessError:
        raise StackError(f"pip could not install {requirements.relative_to(ROOT)}; see its output above") from None
    stamp.write_text(digest)


def build_extra_venvs(stacks) -> None:
    """The virtualenvs of their own that the given stacks need."""
    for name, requirements in needs.extra_venvs(stacks).items():
        path = ROOT / requirements
        build_venv(extra_venv_dir(name), path, [path])


def run(stack_name: str = "") -> None:
    """Set up everything, or only what one stack needs."""
    stacks = [manifest.find(stack_name)] if stack_name else list(manifest.discover().values())
    install_packages(BASE_PACKAGES + needs.debian_packages(stacks))
    build_venv()
    build_extra_venvs(stacks)
