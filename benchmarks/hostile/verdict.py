"""Judging one exchange: what the stack did, and whether that is allowed.

Outcomes: ``served`` (a final answer below 400, or an HTTP/0.9 one), ``refused``
(4xx, or the 501/505 the RFCs name for an unknown coding or version), ``closed``
(no answer, connection closed), ``silent`` (no answer, still waiting), ``error``
(any other 5xx). Verdicts: ``pass``; ``divergence`` (allowed only when recorded in
tests/hostile/divergences.toml with its reason and upstream reference - a 5xx too,
where a server answers it before the app runs); ``failure`` (never allowed: an
unrecorded divergence, a stack that stops answering ``GET /``, or two responses
to one ambiguous request behind a front server).
"""

from dataclasses import dataclass, field

from stacks.runner import includes, schema
from stacks.runner.paths import ROOT
from stacks.runner.schema import spec

DIVERGENCES = ROOT / "tests" / "hostile" / "divergences.toml"
REFUSALS = (501, 505)
ALLOWED = {
    "serve": {"served"},
    "reject": {"refused", "closed"},
    "either": {"served", "refused", "closed"},
    "wait": {"silent", "refused", "closed"},
}


@dataclass(frozen=True)
class Traits:
    """What of a stack the rules depend on, from its manifest."""

    front: bool  # a front server (nginx, Apache) parses the request before the app's server
    chunked_refused: str = ""  # the status its interface answers a chunked body with, if it cannot take one
    hello_only: bool = False  # no app behind it: only / and /json exist

    @classmethod
    def of(cls, stack_manifest) -> "Traits":
        chunked = stack_manifest.chunked_request
        return cls(
            front=bool(stack_manifest.front),
            chunked_refused="" if chunked == "echoed" else chunked,
            hello_only=stack_manifest.contract == "hello",
        )


@dataclass(frozen=True)
class Known:
    """One recorded divergence (``[[known]]``): these stacks, on these cases, do this, for this reason."""

    WHAT = "a known divergence"
    stacks: tuple = field(default=(), metadata=spec("the stacks where it happens", items=str, required=True))
    cases: tuple = field(
        default=(), metadata=spec("the case files' names without their numbers", items=str, required=True)
    )
    observed: str = field(
        default="", metadata=spec('what the replay reports ("served", "refused, 2 responses"...)', required=True)
    )
    reason: str = field(default="", metadata=spec("why the server does it", required=True))
    reference: str = field(
        default="", metadata=spec("the upstream issue, document or source that says so", required=True)
    )


@dataclass(frozen=True)
class Divergences:
    """tests/hostile/divergences.toml: every divergence the replay allows."""

    WHAT = "divergences.toml"
    known: tuple = field(default=(), metadata=spec("the recorded divergences", items=Known))


def outcome(statuses: list, ended: str) -> str:
    if not statuses:
        return "silent" if ended == "silent" else "closed"
    first = statuses[0]
    if first < 400:
        return "served"
    if first < 500 or first in REFUSALS:
        return "refused"
    return "error"


def observed(case, statuses: list, ended: str) -> str:
    """The short description a divergence is recorded under: the outcome, and the answer count."""
    text = outcome(statuses, ended)
    if (case.ambiguous and len(statuses) > 1) or (case.responses and len(statuses) > case.responses):
        text += f", {len(statuses)} responses"
    return text


def judge(case, statuses: list, ended: str, traits: Traits) -> tuple[str, str]:
    """(verdict, why) for one exchange, before known divergences are consulted."""
    kind = outcome(statuses, ended)
    allowed = ALLOWED[case.expect]
    if case.chunked and traits.chunked_refused and case.expect == "serve":
        allowed = {"refused"}  # the interface cannot take a chunked body: the manifest's status
    if traits.hello_only and kind == "refused" and statuses[0] in (404, 405):
        allowed = allowed | {"refused"}  # no app: /echo does not exist there
    if kind == "error":  # recorded only where the server answers it before the app runs
        return "divergence", f"answered {statuses[0]}: a server error for the client's request"
    if case.ambiguous and len(statuses) > 1:
        if traits.front:
            return "failure", "two responses to one ambiguous request behind a front server"
        return "divergence", "answered the ambiguous request twice"
    if kind not in allowed:
        return "divergence", f"{kind}, expected {' or '.join(sorted(allowed))}"
    if kind == "served" and case.responses and len(statuses) > case.responses:
        return "divergence", f"{len(statuses)} responses where at most {case.responses} were due"
    if kind == "served" and case.responses and len(statuses) < case.responses and ended == "silent":
        return "divergence", f"{len(statuses)} of {case.responses} pipelined requests answered, then silence"
    return "pass", ""


def load_known(path=DIVERGENCES) -> list[Known]:
    """The recorded divergences, every key checked like a manifest's (a one-line error names file, key, value)."""
    if not path.is_file():
        return []
    return list(schema.load(Divergences, includes.read(path), includes.shown(path)).known)


def recorded(known: list[Known], stack: str, case: str, seen: str) -> Known | None:
    return next((k for k in known if stack in k.stacks and case in k.cases and k.observed == seen), None)
