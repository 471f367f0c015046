"""``make image``: the app as an OCI image, built offline from Debian packages and the release.

Three layers, each committed by buildah as an image of its own (stacks/container/buildah.py):

    base     Debian 12 minbase and python3, by mmdebstrap                    rootfs.py
    server   gunicorn's virtualenv and the lab's gunicorn settings            layers.py
    release  the release make deploy builds: the app's code and its virtualenv, current -> it

Every layer is tagged with a digest of its inputs (the recipe, the pinned
requirements, the code, the commit), so the image of a checkout is found in
Podman's storage instead of being built again, and a commit that changes only
the code builds only the release layer. Nothing is pulled from a container
registry: the base comes from Debian's package archive, the virtualenvs from
the same locked PyPI packages ``make setup`` installs (requirements/lock.txt, hash-checked).

Reproducible: the base is clamped to ``rootfs.EPOCH``, the server layer too, and
the release layer to the commit's time (SOURCE_DATE_EPOCH), so the same inputs
give the same image ID; ``verify`` builds every layer again from nothing and compares.

    python3 -m stacks.container.image build          build what is missing; print the image
    python3 -m stacks.container.image name           the image this checkout makes (nothing built)
    python3 -m stacks.container.image ensure FILE    build if missing; write IMAGE=<name> to FILE
    python3 -m stacks.container.image verify         build everything again aside and compare digests
"""

import argparse
import fcntl
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

if not __package__:  # run as a file (the stack's prepare step, Debian's python3): the checkout is the top
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from stacks.container import buildah, layers, rootfs  # noqa: E402
from stacks.production import releases  # noqa: E402
from stacks.runner import variables  # noqa: E402
from stacks.runner.paths import APP_DIR, INTERFACES_DIR, ROOT  # noqa: E402

REPOSITORY = "localhost/interface-lab/hello"
HERE = Path(__file__).resolve().parent
USER = "www-data"  # in Debian's base-passwd, uid 33 as on the host; the stack passes the service account's ids


def cache_dir() -> Path:
    """Where the base tarball, the .deb files and the staging folders are kept (IMAGE_CACHE overrides)."""
    if variables.chosen("IMAGE_CACHE"):
        return Path(variables.chosen("IMAGE_CACHE"))
    if os.geteuid() == 0:
        return Path("/var/cache/interface-lab/image")
    return Path.home() / ".cache" / "interface-lab" / "image"


def _sha(*parts) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else str(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def commit_epoch() -> int:
    """The time of the checkout's commit: the release layer's SOURCE_DATE_EPOCH."""
    result = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], capture_output=True, text=True)
    return int(result.stdout.strip()) if result.returncode == 0 and result.stdout.strip() else rootfs.EPOCH


def runtime_config(release_id: str) -> list:
    """The image's settings (buildah config options): what runs, as whom, with which environment."""
    site = f"{layers.CURRENT}/venv/lib/{layers.PYTHON}/site-packages"
    command = [
        f"{layers.SERVER_VENV}/bin/python",
        "-m",
        "gunicorn",
        "--config",
        str(layers.GUNICORN_CONF),
        "hello.wsgi:application",
    ]
    env = {
        "PYTHONPATH": f"{layers.CURRENT}:{site}",
        "PYTHON_ENV": "production",
        "PYTHONUNBUFFERED": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "RELEASE": release_id,
        "BIND": "unix:/run/hello/gunicorn.sock",
    }
    return [
        "--cmd",
        json.dumps(command),
        "--entrypoint",
        "[]",
        "--user",
        USER,
        "--workingdir",
        str(layers.CURRENT),
        "--stop-signal",
        "TERM",
        "--label",
        f"org.opencontainers.image.version={release_id}",
        "--label",
        f"org.opencontainers.image.revision={releases.revision(ROOT)}",
        *(option for key, value in env.items() for option in ("--env", f"{key}={value}")),
    ]


@dataclass(frozen=True)
class Recipe:
    """The three layers' tags, each a digest of its inputs and the layer below."""

    base: str
    server: str
    release: str
    epoch: int

    @classmethod
    def of_checkout(cls) -> "Recipe":
        builder = b"".join((HERE / name).read_bytes() for name in ("rootfs.py", "buildah.py"))
        base = _sha(rootfs.key(), builder)
        server = _sha(
            base,
            layers.server_pins(),
            (INTERFACES_DIR / "gunicorn" / "gunicorn_conf.py").read_bytes(),
            (HERE / "layers.py").read_bytes(),
        )
        epoch = commit_epoch()
        release = _sha(
            server,
            releases.digest(APP_DIR.parent, ROOT),
            releases.revision(ROOT),
            epoch,
            (HERE / "image.py").read_bytes(),
            (ROOT / "stacks" / "production" / "releases.py").read_bytes(),
        )
        return cls(f"{REPOSITORY}:base-{base}", f"{REPOSITORY}:server-{server}", f"{REPOSITORY}:{release}", epoch)


def exists(tag: str) -> bool:
    return subprocess.run(["podman", "image", "exists", tag], capture_output=True).returncode == 0


def inspect(tag: str) -> dict:
    """Podman's view of an image: ID, digest, size, layers."""
    result = subprocess.run(["podman", "image", "inspect", tag], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)[0]


def image_id(tag: str) -> str:
    """The ID of a tagged image: a layer is built on its parent's ID, so the history it records
    ("FROM ...") names the content, not the tag it was found under."""
    return inspect(tag)["Id"]


def say(message: str) -> None:
    print(f"image: {message}", flush=True)


@dataclass
class Built:
    """What a build made or found: the image's tag, how long each built layer took, second builds' IDs."""

    image: str
    seconds: dict  # layer -> seconds, for the layers built this time
    check_ids: dict  # layer -> image ID, for the layers built a second time (``fresh``)


LAYERS = ("base", "server", "release")


def build(recipe: Recipe, cache: Path, fresh: tuple = (), log=sys.stdout) -> Built:
    """Build the layers of ``recipe`` that are missing; those named in ``fresh`` are built again from
    nothing (with every layer above them) beside the cached ones: ``Built.check_ids`` has their IDs."""
    cache.mkdir(parents=True, exist_ok=True)
    os.environ["SOURCE_DATE_EPOCH"] = str(recipe.epoch)
    os.umask(0o022)  # the folders and files staged for a layer get the same modes whoever builds it
    tags, rebuilding = {}, False
    for name in LAYERS:
        rebuilding = rebuilding or name in fresh
        tags[name] = getattr(recipe, name) + ("-check" if rebuilding else "")
    built = Built(tags["release"], {}, {})
    with (cache / "build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not exists(tags["base"]):
            say("base layer: Debian bookworm minbase + python3 by mmdebstrap (only Debian packages are downloaded)")
            started = time.monotonic()
            tarball = rootfs.build(cache, cache / "base.tar", log)
            buildah.commit_layer(
                "scratch",
                str(tarball),
                tags["base"],
                rootfs.EPOCH,
                "base",
                f"mmdebstrap --variant=minbase --include=python3 {rootfs.SUITE}",
                [],
                log,
            )
            tarball.unlink()
            _settle(built, "base", tags, recipe, started)
        if not exists(tags["server"]):
            say("server layer: gunicorn's virtualenv (its part of requirements/lock.txt) and its settings")
            started = time.monotonic()
            stage = layers.stage_server(cache / "stage" / "server")
            buildah.commit_layer(
                image_id(tags["base"]),
                str(stage),
                tags["server"],
                rootfs.EPOCH,
                "server",
                "gunicorn: requirements/lock.txt, interfaces/gunicorn/gunicorn_conf.py",
                [],
                log,
            )
            _settle(built, "server", tags, recipe, started)
        if not exists(tags["release"]):
            say("release layer: the release make deploy builds (app code and its virtualenv)")
            started = time.monotonic()
            release = layers.stage_release(cache / "stage" / "release")
            buildah.commit_layer(
                image_id(tags["server"]),
                str(cache / "stage" / "release"),
                tags["release"],
                recipe.epoch,
                "release",
                f"release {release.name}",
                runtime_config(release.name),
                log,
            )
            _settle(built, "release", tags, recipe, started)
    return built


def _settle(built: Built, name: str, tags: dict, recipe: Recipe, started: float) -> None:
    """Record a layer just built; a second build equal to the cached one loses its ``-check`` name."""
    built.seconds[name] = round(time.monotonic() - started, 1)
    original = getattr(recipe, name)
    if tags[name] == original:
        return
    built.check_ids[name] = image_id(tags[name])
    if exists(original) and image_id(original) == built.check_ids[name]:
        subprocess.run(["podman", "untag", built.check_ids[name], tags[name]], capture_output=True, check=True)
        tags[name] = original


def _remove_checks(recipe: Recipe) -> None:
    for name in reversed(LAYERS):
        subprocess.run(["podman", "rmi", getattr(recipe, name) + "-check"], capture_output=True)


def verify(recipe: Recipe, cache: Path, fresh: tuple = LAYERS, log=sys.stdout) -> dict:
    """Build the ``fresh`` layers (and those above) again from nothing beside the cached image;
    compare the image IDs layer by layer, then remove the second build."""
    first = build(recipe, cache, log=log)
    _remove_checks(recipe)  # left by a check that was stopped half-way
    try:
        again = build(recipe, cache, fresh, log=log)
    finally:
        _remove_checks(recipe)
    compared = {}
    for name, second in again.check_ids.items():
        ids = [image_id(getattr(recipe, name)), second]
        compared[name] = {"ids": ids, "equal": ids[0] == ids[1]}
    return {
        "image": first.image,
        "first_build_seconds": first.seconds,
        "second_build_seconds": again.seconds,
        "layers": compared,
    }


def main(argv=None) -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped: mmdebstrap and buildah clean up first
    parser = argparse.ArgumentParser(
        prog="python3 -m stacks.container.image",
        description=__doc__.splitlines()[0],
        epilog=variables.help_text(variables.TOOLS),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=("build", "name", "ensure", "verify"))
    parser.add_argument("file", nargs="?", type=Path, help="ensure: the KEY=VALUE file to write IMAGE= into")
    args = parser.parse_args(argv)
    recipe = Recipe.of_checkout()
    if args.command != "name" and os.geteuid() != 0:
        print(
            "error: the image is built as root here (mmdebstrap's root mode, rootful Podman); as an ordinary "
            "user mmdebstrap --mode=unshare and rootless Podman need /etc/subuid and /etc/subgid entries: "
            "run 'sudo make image'",
            file=sys.stderr,
        )
        return 2
    if args.command == "name":
        print(recipe.release)
        return 0
    if args.command == "verify":
        print(json.dumps(verify(recipe, cache_dir()), indent=2))
        return 0
    try:
        built = build(recipe, cache_dir())
    except (RuntimeError, OSError, subprocess.CalledProcessError) as exc:
        print(f"error: the image could not be built: {exc}", file=sys.stderr)
        return 1
    if args.command == "ensure" and args.file:
        args.file.write_text(f"IMAGE={built.image}\n")
    say(f"{built.image} ({'built: ' + json.dumps(built.seconds) if built.seconds else 'already built'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
