"""docs/security.md, generated from benchmarks/results/hostile.json: never edited by hand.

``make tables`` writes it from the committed results (``make hostile-all`` ends
with it). Every number and every sentence about a stack is computed from the
results, so the page cannot drift from what the replay saw.
"""

import json

from benchmarks.hostile import corpus, h2_corpus, verdict
from benchmarks.hostile.results import RESULTS
from stacks.runner import manifest
from stacks.runner.paths import ROOT

DOC = ROOT / "docs" / "security.md"
MARK = {"served": "serves", "refused": "", "closed": "closes", "silent": "waits", "error": "ERROR"}


def _cell(result: dict) -> str:
    """One exchange as a table cell: the status, or what happened instead; † for a known divergence."""
    statuses, kind = result["statuses"], result["outcome"]
    text = str(statuses[0]) if statuses and statuses[0] else MARK[kind]
    if len(statuses) > 1:
        text += f" ×{len(statuses)}"
    if result["verdict"] == "known":
        text += " †"
    if result["verdict"] == "failure":
        text += " ✗"
    return text


def _stack_cell(modes: dict) -> str:
    whole, pieces = _cell(modes["whole"]), _cell(modes["pieces"])
    return whole if whole == pieces else f"{whole} / {pieces} (pieces)"


def _summary_rows(stacks: dict) -> list:
    manifests = manifest.discover()
    rows = [
        "| stack | front | refused | served | waited or closed | known divergences | failures | replay (s) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, report in stacks.items():
        outcomes = [m["whole"]["outcome"] for m in report["cases"].values()]
        known = sum(1 for m in report["cases"].values() if "known" in (m["whole"]["verdict"], m["pieces"]["verdict"]))
        failed = sum(1 for m in report["cases"].values() for r in m.values() if r["verdict"] == "failure")
        front = manifests[name].front if name in manifests else ""
        rows.append(
            f"| `{name}` | {front or '—'} | {outcomes.count('refused')} | {outcomes.count('served')} | "
            f"{outcomes.count('silent') + outcomes.count('closed')} | {known} | {failed} | {report['seconds']} |"
        )
    return rows


def _front_reading(stacks: dict) -> str:
    """Why a front server matters, in numbers: accepted-what-should-be-refused, with and without one."""
    by_name = {case.name: case for case in corpus.load()}

    def accepted(report):
        return sum(1 for m in report["cases"].values() if m["whole"]["verdict"] == "known")

    fronted = {n: accepted(r) for n, r in stacks.items() if r["front"]}
    direct = {n: accepted(r) for n, r in stacks.items() if not r["front"]}
    if not fronted or not direct:
        return "*Not every kind of stack was replayed: run `make hostile-all` for the comparison.*"
    worst = max(direct, key=direct.get)
    twice = sorted(
        n
        for n, r in stacks.items()
        if not r["front"]
        and any(len(m["whole"]["statuses"]) > 1 and by_name[c].ambiguous for c, m in r["cases"].items())
    )
    smuggled = (
        f" Exposed directly, {', '.join(f'`{n}`' for n in twice)} answered an ambiguous request twice: "
        "a request hidden in another's body was served, which is request smuggling once any proxy "
        "frames the bytes differently."
        if twice
        else ""
    )
    return (
        f"Servers exposed directly diverge from the RFCs on up to {direct[worst]} cases (`{worst}`); "
        f"behind nginx or Apache, on at most {max(fronted.values())}. "
        f"The front server parses every request first and passes on only what it could frame itself, "
        f"rewritten in its own unambiguous form (nginx sends the app a Content-Length or its own chunks, "
        f"never the client's framing), so the app server never sees the ambiguous requests — and none of "
        f"the {len(fronted)} stacks with a front answered any of them twice." + smuggled
    )


def _h2_cell(result: dict) -> str:
    """What a stack did with one HTTP/2 case: GOAWAY and its code, streams reset, statuses, or closing."""
    parts = [f"GOAWAY {result['goaway']}"] if result["goaway"] else []
    if result["resets"]:
        parts.append(f"{result['resets']} reset")
    parts += [f"{count}× {status}" for status, count in result["statuses"].items()]
    if not result["goaway"] and result["ended"] == "closed":
        parts.append("closed")
    text = ", ".join(parts) or result["outcome"]
    return text + {"known": " †", "failure": " ✗"}.get(result["verdict"], "")


def _h2_section(stacks: dict) -> list:
    """The HTTP/2 cases, for the stacks that offer h2 (their reports carry an 'h2' part)."""
    offering = {name: report["h2"] for name, report in stacks.items() if "h2" in report}
    cases = h2_corpus.load()
    lines = [
        "## HTTP/2 cases",
        "",
        f"{len(cases)} cases in `tests/hostile/h2/` attack the edge over HTTP/2, built frame by frame with the "
        "h2 library (`benchmarks/hostile/h2_attacks.py`), each on one TLS connection, bounded in count and "
        "time, and followed by the same `GET /` check. They go to every stack that picks h2 by ALPN. "
        "*refuse* means the server must stop the attack itself: reset the streams, send GOAWAY, close the "
        "connection or answer 4xx. A cell says what it did; *reset*: streams the server reset.",
        "",
    ]
    if not offering:
        return lines + ["*No stack that offers HTTP/2 was replayed yet: `make hostile STACK=production`.*", ""]
    names = list(offering)
    lines += ["| case | expect | " + " | ".join(f"`{n}`" for n in names) + " |", "|---|---|" + "---|" * len(names)]
    for case in cases:
        cells = [_h2_cell(offering[n]["cases"][case.name]) if case.name in offering[n]["cases"] else "—" for n in names]
        lines.append(f"| {case.name} | {case.expect} | " + " | ".join(cells) + " |")
    lines += ["", "| case | why |", "|---|---|"] + [f"| {case.name} | {case.why} |" for case in cases]
    return lines + [""]


def render(data: dict) -> str:
    cases = corpus.load()
    stacks = data["stacks"]
    names = list(stacks)
    lines = [
        "# Hostile input: which stack refuses what",
        "",
        "<!-- generated by 'make tables' from benchmarks/results/hostile.json; do not edit -->",
        "",
        f"The corpus in `tests/hostile/cases/` holds {len(cases)} raw HTTP/1.1 requests written for this lab, "
        "each a data file with its expectation beside it: *serve* it, *reject* it (4xx, or the 501/505 the RFCs "
        "name), *either*, or *wait* (the request is incomplete: waiting for the rest is right). "
        "`make hostile STACK=name` replays it against the running stack, every case whole and again in small "
        "pieces, and after every case checks that `GET /` still answers. Never allowed, on any stack: a 5xx "
        "for the client's mistake, a stack that stops answering, and two responses to one ambiguous request "
        "behind a front server (the mark of request smuggling). A server exposed directly may diverge from "
        "the expectation only where the divergence is recorded, with its reason and upstream reference, in "
        "`tests/hostile/divergences.toml` — listed at the end of this page.",
        "",
        "## Why a front server matters",
        "",
        _front_reading(stacks),
        "",
        "## Per stack",
        "",
        "![a heat map: a row per stack, a column per case, coloured by what the stack did](charts/hostile.svg)",
        "",
        *_summary_rows(stacks),
        "",
        "Counted on the whole-request replay; *waited or closed*: no answer, the connection kept open or closed.",
        "",
        "## Every case",
        "",
        "A cell is the status the stack answered; *serves*: an answer with no status line (HTTP/0.9); *closes*: "
        "closed without an answer; *waits*: still waiting for more; ×2: two responses on one connection; "
        "† a known divergence (below); ✗ a failure. Where the replay in pieces differed, both are shown.",
        "",
    ]
    by_category = {}
    for case in cases:
        by_category.setdefault(case.category, []).append(case)
    for category, members in by_category.items():
        lines += [
            f"### {category}",
            "",
            "| case | expect | " + " | ".join(f"`{n}`" for n in names) + " |",
            "|---|---|" + "---|" * len(names),
        ]
        for case in members:
            cells = [
                _stack_cell(stacks[n]["cases"][case.name]) if case.name in stacks[n]["cases"] else "—" for n in names
            ]
            flag = " (ambiguous)" if case.ambiguous else ""
            lines.append(f"| {case.name}{flag} | {case.expect} | " + " | ".join(cells) + " |")
        lines.append("")
    lines += _h2_section(stacks)
    lines += [
        "## Known divergences",
        "",
        "What a server accepts or does that the case's expectation (the RFCs) says it should not — the "
        "front servers' own choices as well as those of servers exposed directly — recorded on purpose: "
        "the reason, and where upstream discusses it. Behind a front server, the app server's own "
        "divergences hardly show: the front refuses first (compare `uvicorn` with `nginx-uvicorn`).",
        "",
        "| stacks | cases | observed | reason | reference |",
        "|---|---|---|---|---|",
    ]
    for known in verdict.load_known():
        lines.append(
            f"| {', '.join(f'`{s}`' for s in known.stacks)} | {', '.join(known.cases)} | {known.observed} | "
            f"{known.reason} | {known.reference} |"
        )
    why = {case.name: case.why for case in cases}
    lines += ["", "## What each case is", "", "| case | why |", "|---|---|"]
    lines += [f"| {name} | {text} |" for name, text in why.items()]
    return "\n".join(lines) + "\n"


def render_committed() -> str:
    """The page from the committed replays, benchmarks/results/hostile.json."""
    return render(json.loads(RESULTS.read_text()))
