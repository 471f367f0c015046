"""The corpus: raw HTTP/1.1 requests as data files, each paired with its expectation.

``tests/hostile/cases/NNN-category-name.http`` holds the request as text with
escapes (``\\r``, ``\\n``, ``\\t``, ``\\\\``, ``\\xNN``, and ``<<N*c>>`` for N copies
of c); the file's own line breaks are not part of the request, so every line of
the request can stand on its own line. ``NNN-category-name.toml`` beside it says
what must happen: ``expect`` (serve, reject, either, wait), ``category``, ``why``,
and optionally ``ambiguous`` (a request that two parsers may frame differently),
``responses`` (how many answers a pipelined write may get: all of them, or fewer
when the server closes the connection, as HTTP/1.1 allows) and ``chunked`` (a
chunked body: refused with the manifest's status where the interface cannot
take one).
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from stacks.runner import includes, schema
from stacks.runner.errors import StackError
from stacks.runner.paths import ROOT
from stacks.runner.schema import spec

CASES_DIR = ROOT / "tests" / "hostile" / "cases"
EXPECTATIONS = ("serve", "reject", "either", "wait")
_ESCAPE = re.compile(rb"\\x([0-9a-fA-F]{2})|\\([rnt\\])|<<(\d+)\*(.)>>")
_SIMPLE = {b"r": b"\r", b"n": b"\n", b"t": b"\t", b"\\": b"\\"}


class CorpusError(Exception):
    """A corpus file that cannot be used, in one line."""


@dataclass(frozen=True)
class Case:
    """One case: its expectation file (``NNN-category-name.toml``, every key declared here and checked
    like a manifest's) and the request it goes with."""

    WHAT = "a case"
    category: str = field(default="", metadata=spec("the part of HTTP/1.1 it tests", required=True))
    expect: str = field(
        default="", metadata=spec("what a server should do with it", choices=EXPECTATIONS, required=True)
    )
    why: str = field(default="", metadata=spec("why, with the RFC that says so", required=True))
    ambiguous: bool = field(default=False, metadata=spec("two servers may frame it differently (smuggling)"))
    responses: int = field(
        default=0, metadata=spec("at most this many answers (0: not counted); fewer only with the connection closed")
    )
    chunked: bool = field(default=False, metadata=spec("it sends a chunked body"))
    name: str = field(default="", metadata=spec("the file name without its number", derived=True))
    raw: bytes = field(default=b"", metadata=spec("the request's bytes", derived=True))


def decode(text: str) -> bytes:
    """The bytes an escaped .http file stands for."""

    def one(match):
        if match.group(1):
            return bytes([int(match.group(1), 16)])
        if match.group(2):
            return _SIMPLE[match.group(2)]
        return match.group(4) * int(match.group(3))

    return _ESCAPE.sub(one, "".join(text.splitlines()).encode("latin-1"))


def load_case(request_file: Path) -> Case:
    expectation = request_file.with_suffix(".toml")
    if not expectation.is_file():
        raise CorpusError(f"{request_file.name} has no expectation file {expectation.name}")
    try:
        return schema.load(
            Case,
            includes.read(expectation),
            includes.shown(expectation),
            name=request_file.stem.split("-", 1)[1],
            raw=decode(request_file.read_text(encoding="latin-1")),
        )
    except StackError as exc:
        raise CorpusError(str(exc)) from None


def load(folder: Path = CASES_DIR) -> list[Case]:
    """Every case, in file order; a lone .toml or .http file is an error."""
    orphans = {p.stem for p in folder.glob("*.toml")} - {p.stem for p in folder.glob("*.http")}
    if orphans:
        raise CorpusError(f"expectation files without a request: {sorted(orphans)}")
    cases = [load_case(path) for path in sorted(folder.glob("*.http"))]
    names = [case.name for case in cases]
    if len(set(names)) != len(names):
        raise CorpusError("two cases share a name")
    return cases
