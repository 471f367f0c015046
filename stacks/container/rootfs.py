"""The image's base layer: a Debian root filesystem made by mmdebstrap from the Debian registry.

``mmdebstrap --variant=minbase --include=python3 bookworm`` is the whole recipe;
the options around it make the tarball small and the same on every build:

- SOURCE_DATE_EPOCH (a fixed date, ``EPOCH``): mmdebstrap clamps every file's time
  to it and removes what differs per run (machine-id, ldconfig's cache, logs); the
  host's /etc/resolv.conf and /etc/hostname, which it copies in, are removed too,
  so two builds from the same mirror content are byte for byte equal.
- merged /usr by the debootstrap method (the ``merged-usr`` hook): without it
  bookworm's usrmerge package pulls in all of perl (about 40 MB).
- dpkg drops man pages, translations and documentation (copyright files kept).
- ``force-unsafe-io``: dpkg skips fsync while installing (a throw-away build dir).
- /dev entries are left out of the tarball (the runtime makes /dev).
- The .deb files are kept in ``<cache>/debs`` between builds (mmdebstrap's
  sync-in/sync-out hooks), so a rebuild downloads nothing when the mirror has not moved.

Only Debian packages are downloaded, from the sources below (the release, its
updates and its security archive). mmdebstrap needs root here (its ``root`` mode);
an ordinary user would need its ``unshare`` mode and subordinate ids (/etc/subuid).
"""

import hashlib
import json
import shlex
import subprocess
import sys
from pathlib import Path

SUITE = "bookworm"
EPOCH = 1684540800  # 2023-05-20, the month Debian 12 was released: every file's time is clamped to it
SOURCES = (
    f"deb http://deb.debian.org/debian {SUITE} main",
    f"deb http://deb.debian.org/debian {SUITE}-updates main",
    f"deb http://deb.debian.org/debian-security {SUITE}-security main",
)
PACKAGES = ("python3",)
DPKG_OPTIONS = (
    "path-exclude=/usr/share/man/*",
    "path-exclude=/usr/share/locale/*",
    "path-exclude=/usr/share/info/*",
    "path-exclude=/usr/share/doc/*",
    "path-include=/usr/share/doc/*/copyright",
    "force-unsafe-io",
)


def command(cache: Path) -> list:
    """The mmdebstrap command line, writing an uncompressed tarball to standard output."""
    debs = cache / "debs"
    return [
        "mmdebstrap",
        "--variant=minbase",
        "--include=" + ",".join(PACKAGES),
        "--mode=root",
        "--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr",
        *(f"--dpkgopt={option}" for option in DPKG_OPTIONS),
        "--skip=essential/unlink",
        f'--setup-hook=mkdir -p {shlex.quote(str(debs))} "$1"/var/cache/apt/archives/',
        f"--setup-hook=sync-in {shlex.quote(str(debs))} /var/cache/apt/archives/",
        f"--customize-hook=sync-out /var/cache/apt/archives {shlex.quote(str(debs))}",
        '--customize-hook=rm -f "$1"/etc/resolv.conf "$1"/etc/hostname',
        SUITE,
        "-",
        *SOURCES,
    ]


def key() -> str:
    """What names a base build: the recipe (not the cache folder). Same key, same recipe."""
    recipe = json.dumps(
        {
            "suite": SUITE,
            "epoch": EPOCH,
            "sources": SOURCES,
            "packages": PACKAGES,
            "dpkg": DPKG_OPTIONS,
            "hook": "merged-usr",
        },
        sort_keys=True,
    )
    return hashlib.sha256(recipe.encode()).hexdigest()[:16]


def build(cache: Path, target: Path, log) -> Path:
    """Build the base tarball into ``target`` (via a temporary name), mmdebstrap's progress going to ``log``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    env = {
        "SOURCE_DATE_EPOCH": str(EPOCH),
        "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
        "LC_ALL": "C.UTF-8",
        "TMPDIR": str(cache),
    }
    with partial.open("wb") as out:
        debstrap = subprocess.Popen(command(cache), stdout=subprocess.PIPE, stderr=log, env=env)
        try:
            # The runtime makes /dev itself; device nodes in a layer are refused by rootless storage.
            tar_filter = subprocess.run(
                ["mmtarfilter", "--path-exclude=/dev/*"], stdin=debstrap.stdout, stdout=out, stderr=log
            )
            debstrap.stdout.close()
            failed = debstrap.wait() != 0 or tar_filter.returncode != 0
        except BaseException:  # stopped (Ctrl-C, a start-up deadline): mmdebstrap unmounts and removes its folder
            debstrap.terminate()
            debstrap.wait()
            partial.unlink(missing_ok=True)
            raise
        if failed:
            partial.unlink(missing_ok=True)
            raise RuntimeError(f"mmdebstrap failed ({debstrap.returncode}); its output is above")
    partial.rename(target)
    return target


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


if __name__ == "__main__":  # python3 -m stacks.container.rootfs CACHE TARGET: one base tarball, for measuring
    print(build(Path(sys.argv[1]), Path(sys.argv[2]), sys.stderr))
