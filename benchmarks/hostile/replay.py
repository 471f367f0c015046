"""Replaying the corpus against one running stack, whole and in pieces, with a health check after each case."""

import time

from benchmarks.hostile import corpus, raw_http, verdict
from stacks.runner import probe

MODES = ("whole", "pieces")
ANSWER_SECONDS = 4.0  # a refusal or an answer arrives well within this, even from CGI
WAIT_SECONDS = 1.0  # for a case whose right answer may be to keep waiting


def healthy(base_url: str, cafile: str) -> str:
    """'' when ``GET /`` answers Hello, World!, else why not."""
    for attempt in range(3):  # a worker the case made exit is replaced within a moment
        try:
            status, _, body = probe.request(base_url + "/", cafile, timeout=10)
            if (status, body) == (200, b"Hello, World!"):
                return ""
            problem = f"GET / answered {status}"
        except OSError as exc:
            problem = f"GET / failed: {exc}"
        time.sleep(0.5 * (attempt + 1))
    return problem


def run_case(case, base_url, cafile, mode, traits, known, stack) -> dict:
    # Waiting long only makes sense where an answer is due: a case whose right (or recorded)
    # outcome is silence is given WAIT_SECONDS, which keeps a whole replay short.
    silent = case.expect == "wait" or any(
        k.observed == "silent" and stack in k.stacks and case.name in k.cases for k in known
    )
    seconds = WAIT_SECONDS if silent else ANSWER_SECONDS
    seen = raw_http.exchange(
        base_url, cafile, case.raw, mode == "pieces", max(case.responses, 1), case.ambiguous, seconds
    )
    result, why = verdict.judge(case, seen.statuses, seen.ended, traits)
    text = verdict.observed(case, seen.statuses, seen.ended)
    entry = {
        "statuses": seen.statuses,
        "ended": seen.ended,
        "outcome": verdict.outcome(seen.statuses, seen.ended),
        "observed": text,
        "verdict": result,
        "why": why,
    }
    if result == "divergence":
        record = verdict.recorded(known, stack, case.name, text)
        if record:
            entry.update(verdict="known", reason=record.reason, reference=record.reference)
        else:
            entry["verdict"] = "failure"
            entry["why"] = f"unrecorded divergence: {why} (observed: {text})"
    return entry


def replay(stack: str, base_url: str, cafile: str, traits: verdict.Traits, cases=None, progress=None) -> dict:
    """Every case in every mode against the stack at ``base_url``: a JSON-ready report."""
    cases = corpus.load() if cases is None else cases
    known = verdict.load_known()
    began = time.monotonic()
    results = {}
    for case in cases:
        results[case.name] = {mode: run_case(case, base_url, cafile, mode, traits, known, stack) for mode in MODES}
        problem = healthy(base_url, cafile)  # after every case: no crash, no hung worker
        if problem:
            for entry in results[case.name].values():
                entry.update(verdict="failure", why=f"after this case {problem}")
        if progress:
            progress(case, results[case.name])
    used = {
        (stack, name, r["observed"])
        for name, modes in results.items()
        for r in modes.values()
        if r["verdict"] == "known"
    }
    stale = [
        {"case": case, "observed": k.observed}
        for k in known
        if stack in k.stacks
        for case in k.cases
        if (stack, case, k.observed) not in used and case in results
    ]
    counts = {}
    for modes in results.values():
        for r in modes.values():
            counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
    return {
        "front": traits.front,
        "cases": results,
        "counts": counts,
        "stale_divergences": stale,
        "seconds": round(time.monotonic() - began, 1),
    }


def failures(report: dict) -> list[str]:
    """One line per failed exchange, and per recorded divergence that no longer happens."""
    lines = [
        f"{name} ({mode}): {r['why']}"
        for name, modes in report["cases"].items()
        for mode, r in modes.items()
        if r["verdict"] == "failure"
    ]
    lines += [f"recorded divergence no longer seen: {s['case']} ({s['observed']})" for s in report["stale_divergences"]]
    return lines
