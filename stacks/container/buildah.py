"""Committing layers with buildah: one image per layer, each on the one before, nothing pulled.

``buildah from scratch`` (or from the layer below, ``--pull=never``), ``buildah add``
the layer's tarball or folder, ``buildah config`` the image's settings, and
``buildah commit --timestamp``: the image's creation time, its history and every
file's time in the new layer are set to that second, so the same files give the
same layer and the same settings the same image ID. Each layer is its own tagged
image, which is the build cache: a layer whose inputs did not change is not built again.
"""

import subprocess

STORAGE = ["--storage-driver=overlay"]  # podman's default here; named so both tools agree


def run(*args: str, log=None) -> str:
    """One buildah command; its standard output, stripped. Fails with buildah's message."""
    result = subprocess.run(["buildah", *STORAGE, *args], capture_output=True, text=True)
    if log is not None:
        log.write(f"$ buildah {' '.join(args)}\n{result.stderr}")
    if result.returncode != 0:
        raise RuntimeError(f"buildah {args[0]} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout.strip()


def commit_layer(parent: str, source: str, tag: str, epoch: int, created_by: str, config: list, log) -> str:
    """Add ``source`` (a tarball, unpacked, or a folder's content) at / on ``parent`` ('scratch' for
    none), apply ``config`` (buildah config options) and commit as ``tag``; return the image ID."""
    container = run("from", "--pull=never", "--quiet", parent, log=log)
    try:
        run("add", "--quiet", container, source, "/", log=log)
        run("config", "--created-by", created_by, *config, container, log=log)
        return run("commit", "--quiet", "--rm", f"--timestamp={epoch}", "--identity-label=false", "--format=oci",
                   container, tag, log=log)
    except BaseException:
        subprocess.run(["buildah", *STORAGE, "rm", container], capture_output=True)
        raise
