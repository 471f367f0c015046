"""The HTTP/2 cases of the hostile corpus: attacks described as data, built into frames by ``h2_attacks``.

``tests/hostile/h2/NNN-name.toml`` names an ``attack`` (get, streams, resets,
big-header, hpack-bomb, continuation), how many streams or frames it sends
(``count``), a byte size where it has one (``size``), what the edge must do
(``expect``: *serve* it, or *refuse*: reset the streams, send GOAWAY, close, or
answer 4xx) and ``why``. Every count is bounded here, so a case is a few
seconds on loopback at most. The keys are declared and checked like a
manifest's (stacks/runner/schema.py), as the HTTP/1.1 cases' are.
"""

from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.hostile.corpus import CorpusError
from stacks.runner import includes, schema
from stacks.runner.errors import StackError
from stacks.runner.paths import ROOT
from stacks.runner.schema import spec

CASES_DIR = ROOT / "tests" / "hostile" / "h2"
ATTACKS = ("get", "streams", "resets", "big-header", "hpack-bomb", "continuation")
EXPECTATIONS = ("serve", "refuse")
MAX_COUNT = 10_000  # streams or frames in one case: the bound that keeps a case short
MAX_SIZE = 1 << 20  # bytes in one header value


@dataclass(frozen=True)
class H2Case:
    """One HTTP/2 case: what it sends and what the edge must do with it."""

    WHAT = "an HTTP/2 case"
    category: str = field(default="", metadata=spec("the part of HTTP/2 it tests", required=True))
    attack: str = field(
        default="", metadata=spec("how its frames are built (h2_attacks)", choices=ATTACKS, required=True)
    )
    count: int = field(default=1, metadata=spec(f"streams or frames it sends, at most {MAX_COUNT}"))
    size: int = field(default=0, metadata=spec(f"bytes of the header it sends, at most {MAX_SIZE}"))
    expect: str = field(default="", metadata=spec("what the edge must do with it", choices=EXPECTATIONS, required=True))
    why: str = field(default="", metadata=spec("why, and the advisory it has the shape of", required=True))
    name: str = field(default="", metadata=spec("the file name without its number", derived=True))

    def check(self, where: str) -> None:
        if not 0 < self.count <= MAX_COUNT or not 0 <= self.size <= MAX_SIZE:
            raise StackError(f"{where}: count must be 1..{MAX_COUNT} and size 0..{MAX_SIZE}: a case stays bounded")


def load_case(path: Path) -> H2Case:
    try:
        return schema.load(H2Case, includes.read(path), includes.shown(path), name=path.stem.split("-", 1)[1])
    except StackError as exc:
        raise CorpusError(str(exc)) from None


def load(folder: Path = CASES_DIR) -> list[H2Case]:
    """Every HTTP/2 case, in file order."""
    cases = [load_case(path) for path in sorted(folder.glob("*.toml"))]
    if len({case.name for case in cases}) != len(cases):
        raise CorpusError("two HTTP/2 cases share a name")
    return cases
