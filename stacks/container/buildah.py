"""Committing layers with buildah: one image per layer, each on the one before, nothing pulled.

``buildah from scratch`` (or from the layer below, ``--pull=never``), ``buildah add``
the layer's tarball or folder, ``buildah config`` the image's settings, and
``buildah commit --timestamp``: the image's creation time and every file's time in
the new layer are set to that second, so the same files give the same layer and the
same settings the same image ID. ``--omit-history``: buildah writes into a layer's
history the name it found the parent under ("FROM <name>"), and an image known by
two names (the same content built under two recipes) made that, and so the ID,
vary; what made each layer is a label instead (``LABEL_PREFIX`` + the layer's name).
Each layer is its own tagged image, which is the build cache: a layer whose inputs
did not change is not built again.
"""

import subprocess

STORAGE = ["--storage-driver=overlay"]  # podman's default here; named so both tools agree
LABEL_PREFIX = "org.interface-lab.layer."


def run(*args: str, log=None) -> str:
    """One buildah command; its standard output, stripped. Fails with buildah's message."""
    result = subprocess.run(["buildah", *STORAGE, *args], capture_output=True, text=True)
    if log is not None:
        log.write(f"$ buildah {' '.join(args)}\n{result.stderr}")
    if result.returncode != 0:
        raise RuntimeError(f"buildah {args[0]} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout.strip()


def commit_layer(parent: str, source: str, tag: str, epoch: int, layer: str, made_by: str, config: list, log) -> str:
    """Add ``source`` (a tarball, unpacked, or a folder's content) at / on ``parent`` ('scratch' for
    none), label it ``layer`` made by ``made_by``, apply ``config`` (buildah config options) and
    commit as ``tag``; return the image ID."""
    container = run("from", "--pull=never", "--quiet", parent, log=log)
    try:
        run("add", "--quiet", container, source, "/", log=log)
        run("config", "--label", f"{LABEL_PREFIX}{layer}={made_by}", *config, container, log=log)
        return run(
            "commit",
            "--quiet",
            "--rm",
            "--omit-history",
            f"--timestamp={epoch}",
            "--identity-label=false",
            "--format=oci",
            container,
            tag,
            log=log,
        )
    except BaseException:
        subprocess.run(["buildah", *STORAGE, "rm", container], capture_output=True)
        raise
