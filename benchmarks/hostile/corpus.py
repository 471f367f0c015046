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
import tomllib
from dataclasses import dataclass
from pathlib import Path

from stacks.runner.paths import ROOT

CASES_DIR = ROOT / "tests" / "hostile" / "cases"
EXPECTATIONS = ("serve", "reject", "either", "wait")
KEYS = {"category": str, "expect": str, "why": str, "ambiguous": bool, "responses": int, "chunked": bool}
_ESCAPE = re.compile(rb"\\x([0-9a-fA-F]{2})|\\([rnt\\])|<<(\d+)\*(.)>>")
_SIMPLE = {b"r": b"\r", b"n": b"\n", b"t": b"\t", b"\\": b"\\"}


class CorpusError(Exception):
    """A corpus file that cannot be used, in one line."""


@dataclass(frozen=True)
class Case:
    name: str  # the file name without its number: stable when cases are added
    category: str
    expect: str
    why: str
    raw: bytes
    ambiguous: bool = False
    responses: int = 0  # 0: not counted; N: at most N answers, fewer only with the connection closed
    chunked: bool = False


def decode(text: str) -> bytes:
    """The bytes an escaped .http file stands for."""

    def one(match):
        if match.group(1):
            return bytes([int(match.group(1), 16)])
        if match.group(2):
            return _SIMPLE[match.group(2)]
        return match.group(4) * int(match.group(3))

    return _ESCAPE.sub(one, "".join(text.splitlines()).encode("latin-1"))


def read_expectation(path: Path, keys: dict = KEYS, expectations: tuple = EXPECTATIONS) -> dict:
    """A case's TOML, its keys and types checked against ``keys`` and its ``expect`` against ``expectations``."""
    try:
        meta = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(f"{path.name} is not valid TOML: {exc}") from None
    for key, value in meta.items():
        if key not in keys or not isinstance(value, keys[key]):
            raise CorpusError(f"{path.name}: unknown key or wrong type: {key} = {value!r}")
    if meta.get("expect") not in expectations:
        raise CorpusError(f"{path.name}: expect must be one of {', '.join(expectations)}")
    return meta


def load_case(request_file: Path) -> Case:
    expectation = request_file.with_suffix(".toml")
    if not expectation.is_file():
        raise CorpusError(f"{request_file.name} has no expectation file {expectation.name}")
    meta = read_expectation(expectation)
    name = request_file.stem.split("-", 1)[1]
    return Case(name=name, raw=decode(request_file.read_text(encoding="latin-1")), **meta)


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
