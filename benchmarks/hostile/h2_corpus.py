"""The HTTP/2 cases of the hostile corpus: attacks described as data, built into frames by ``h2_attacks``.

``tests/hostile/h2/NNN-name.toml`` names an ``attack`` (get, streams, resets,
big-header, hpack-bomb, continuation), how many streams or frames it sends
(``count``), a byte size where it has one (``size``), what the edge must do
(``expect``: *serve* it, or *refuse*: reset the streams, send GOAWAY, close, or
answer 4xx) and ``why``. Every count is bounded here, so a case is a few
seconds on loopback at most.
"""

from dataclasses import dataclass
from pathlib import Path

from benchmarks.hostile.corpus import CorpusError, read_expectation
from stacks.runner.paths import ROOT

CASES_DIR = ROOT / "tests" / "hostile" / "h2"
ATTACKS = ("get", "streams", "resets", "big-header", "hpack-bomb", "continuation")
EXPECTATIONS = ("serve", "refuse")
KEYS = {"category": str, "attack": str, "count": int, "size": int, "expect": str, "why": str}
MAX_COUNT = 10_000  # streams or frames in one case: the bound that keeps a case short
MAX_SIZE = 1 << 20  # bytes in one header value


@dataclass(frozen=True)
class H2Case:
    name: str
    category: str
    attack: str
    count: int
    expect: str
    why: str
    size: int = 0


def load_case(path: Path) -> H2Case:
    meta = read_expectation(path, KEYS, EXPECTATIONS)
    if meta.get("attack") not in ATTACKS:
        raise CorpusError(f"{path.name}: attack must be one of {', '.join(ATTACKS)}")
    if not 0 < meta.get("count", 0) <= MAX_COUNT or not 0 <= meta.get("size", 0) <= MAX_SIZE:
        raise CorpusError(f"{path.name}: count must be 1..{MAX_COUNT} and size 0..{MAX_SIZE}: a case stays bounded")
    return H2Case(name=path.stem.split("-", 1)[1], **meta)


def load(folder: Path = CASES_DIR) -> list[H2Case]:
    """Every HTTP/2 case, in file order."""
    cases = [load_case(path) for path in sorted(folder.glob("*.toml"))]
    if len({case.name for case in cases}) != len(cases):
        raise CorpusError("two HTTP/2 cases share a name")
    return cases
