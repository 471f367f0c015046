"""The run state: what a start put where, written by ``start``, read by every tool.

``<run>/state.json`` holds one ``RunState``. It names the stack, supervisord's
pid, every port by name, the URL a person opens (``url``, localhost), the base
URL a client connects to (``base_url``: scheme, 127.0.0.1 or the host, port; no
path), the probe URL, the CA file of a TLS stack and more URLs the stack serves.
Tools read it here and never derive one URL from another.
"""

import json
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

FILE_NAME = "state.json"


@dataclass(frozen=True)
class RunState:
    """A started stack, as the runner recorded it."""

    stack: str
    pid: int
    host: str
    ports: dict  # every port of the manifest by name, as numbers
    base_url: str  # where clients connect, e.g. http://127.0.0.1:8080 (no trailing slash)
    url: str  # what a person opens, e.g. http://localhost:8080/
    probe: str  # the probe's full URL
    run: Path
    cafile: str = ""  # the CA certificate of a TLS stack
    urls: dict = field(default_factory=dict)  # more URLs the stack serves, by name (display form)
    overlay: str = ""  # the folder whose files replaced templates, or ''
    user: str = "www-data"  # the account its servers run as when started by root (RunOptions.user)
    started: float = field(default_factory=time.time)

    @property
    def port(self) -> int:
        """The stack's main port (``PORT``)."""
        return self.ports["port"]

    def to_json(self) -> str:
        return json.dumps({**asdict(self), "run": str(self.run)}, indent=2)

    def write(self) -> None:
        (self.run / FILE_NAME).write_text(self.to_json())

    @classmethod
    def load(cls, run: Path) -> "RunState | None":
        """The state recorded in ``run``, running or not; None when there is none (or it is unreadable)."""
        try:
            raw = json.loads((Path(run) / FILE_NAME).read_text())
            known = {f.name for f in fields(cls)}
            return cls(**{**{k: v for k, v in raw.items() if k in known}, "run": Path(raw["run"])})
        except (OSError, ValueError, KeyError, TypeError):
            return None


def state_file(run: Path) -> Path:
    return Path(run) / FILE_NAME
