"""A learner's file tried on a fleet host in place of the one the fleet wrote, and that one put back.

A lab on the fleet loads the learner's copy of a host's file (the DNS host's
dnsmasq.conf), looks at what the fleet does with it, and restores the fleet's own.
``make lab-start`` leaves the broken copy in place, so the symptom can be seen until
the next check puts the fleet's file back. So that "the fleet's own file" is known
even while another one is in place, the first load keeps a copy of it, and every load
records what it wrote (under the fleet's folder: fleet-down removes both). A host
file that is no longer what was loaded was rewritten since (a ``make fleet-up``):
it is then the fleet's own, and the kept copy is renewed from it.
"""

from pathlib import Path

from fleet import paths


def on_controller(host: str, path: Path) -> Path:
    """Where this machine sees ``path`` of ``host`` (its folders are bind mounts of hosts/NAME/<key>)."""
    for key, mount in paths.HOST_MOUNTS.items():
        if path.is_relative_to(mount):
            return paths.host_dir(host) / key / path.relative_to(mount)
    raise ValueError(f"{path} is not in a host's own folders ({', '.join(map(str, paths.HOST_MOUNTS.values()))})")


def _records(host: str, path: Path) -> tuple:
    folder = paths.fleet_dir() / "trials" / host / str(path).lstrip("/").replace("/", "_")
    return folder / "own", folder / "loaded"


def own(host: str, path: Path) -> str:
    """The text of ``path`` as the fleet wrote it on ``host``, whatever is loaded there now."""
    current = on_controller(host, path).read_text()
    kept, loaded = _records(host, path)
    if not kept.is_file() or not loaded.is_file() or current != loaded.read_text():
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(current)
    return kept.read_text()


def load(host: str, path: Path, text: str) -> None:
    """Put ``text`` in place of ``path`` on ``host``, keeping the fleet's own first."""
    own(host, path)
    on_controller(host, path).write_text(text)
    _records(host, path)[1].write_text(text)


def restore(host: str, path: Path) -> None:
    """Put the fleet's own ``path`` back on ``host``."""
    on_controller(host, path).write_text(own(host, path))
