"""``make environ-table``: what each interface hands the app, side by side.

Starts every stack in turn (in a private run directory on a free port, so a
stack a person is running is left alone), asks each for ``/env`` a few times, and
writes docs/interfaces/environ.md, keeping what it saw in benchmarks/results/environ.json
so a test can regenerate the page and compare. The page is generated, never edited: it is
the lab's answer to "what is an interface", read off the real servers.
"""

import json
import os
import shutil
import time
from pathlib import Path

from stacks.runner import manifest, private, probe
from stacks.runner.errors import StackError
from stacks.runner.options import RunOptions
from stacks.runner.paths import ROOT

PAGE = ROOT / "docs" / "interfaces" / "environ.md"
OBSERVED = ROOT / "benchmarks" / "results" / "environ.json"  # what the committed page was written from
COLUMNS = [
    "GATEWAY_INTERFACE", "SERVER_SOFTWARE", "SERVER_PROTOCOL", "SCRIPT_NAME", "PATH_INFO",
    "wsgi.multithread", "wsgi.multiprocess", "wsgi.run_once", "wsgi.input_terminated",
]
# Keys every interface delivers (or that only carry the request): not "distinctive".
COMMON = {
    "CONTENT_LENGTH", "CONTENT_TYPE", "QUERY_STRING", "REMOTE_ADDR", "REMOTE_PORT", "REQUEST_METHOD",
    "SERVER_NAME", "SERVER_PORT", "REQUEST_URI", "RAW_URI", "DOCUMENT_URI", "wsgi.version",
    "wsgi.url_scheme", "wsgi.input", "wsgi.errors", "wsgi.file_wrapper",
}
# An ASGI server hands the app a scope instead: its table has columns of its own.
SCOPE_COLUMNS = ["asgi", "http_version", "scheme", "server", "client", "root_path", "extensions", "headers"]
SCOPE_COMMON = {"type", "method", "path", "raw_path", "query_string", "headers"}


def _cell(value) -> str:
    if value is None:
        return "—"
    text = json.dumps(value) if not isinstance(value, str) else (value or '""')
    return text.replace("|", "\\|")[:40]


REQUESTS = 4


def _observe(name: str, options: RunOptions, run_dir: Path) -> dict:
    """Start ``name`` privately in ``run_dir`` with every port of it free, read /env a few times, stop it."""
    try:
        state = private.start_private(name, options.but(ports={}), run_dir=run_dir)
    except StackError as exc:
        return {"error": str(exc)}
    try:
        documents = [json.loads(probe.request(state.base_url + "/env", state.cafile)[2]) for _ in range(REQUESTS)]
        return {"first": documents[0], "pids": len({d["process"]["pid"] for d in documents})}
    except (OSError, ValueError) as exc:
        return {"error": f"/env failed: {exc}"}
    finally:
        private.stop_private(state)


def is_scope(environ: dict) -> bool:
    """True when /env showed an ASGI scope rather than a CGI/WSGI environment."""
    return environ.get("type") == "http" and "asgi" in environ


def _scope_cell(scope: dict, key: str) -> str:
    """One cell of the scope table, whole (never cut short as environ cells are)."""
    if key not in scope:
        return "—"
    value = scope[key]
    if key == "asgi" and isinstance(value, dict):  # a missing spec_version means 2.0 (the ASGI spec)
        return f"{value.get('version', '?')}, spec {value.get('spec_version', '2.0')}"
    if key == "extensions" and isinstance(value, dict):
        return ", ".join(f"`{name}`" for name in value) or "{}"
    if key == "headers":
        return " ".join(name for name, _ in value).replace("|", "\\|")
    return "null" if value is None else _cell(value) if isinstance(value, str) else json.dumps(value)


def _extras(environ: dict, inherited_keys: frozenset) -> str:
    """Keys beyond the common ones; those copied from the server's own process
    environment (wsgiref does that) are counted, not listed. ``inherited_keys`` is the
    environment the observing command had (saved with the observations, so the page is
    the same whoever renders it, under make or not)."""
    common, columns = (SCOPE_COMMON, SCOPE_COLUMNS) if is_scope(environ) else (COMMON, COLUMNS)
    keys = sorted(k for k in environ if k not in common and k not in columns and not k.startswith("HTTP_"))
    inherited = [k for k in keys if k in inherited_keys or k.startswith("SUPERVISOR_")]
    named = ", ".join(f"`{k}`" for k in keys if k not in inherited) or "—"
    if inherited:
        named += f"; and {len(inherited)} variables of the server's own process environment (`PATH`, `HOME`, ...)"
    return named


REFERENCES = [
    "## References", "",
    "- Specifications: [PEP 3333 (the WSGI environ)](https://peps.python.org/pep-3333/#environ-variables) · "
    "[RFC 3875 (the CGI meta-variables)](https://www.rfc-editor.org/rfc/rfc3875#section-4.1) · "
    "[ASGI HTTP scope](https://asgi.readthedocs.io/en/latest/specs/www.html#http-connection-scope)",
    "- Further reading: [What happens when you type a URL and press Enter](https://github.com/alex/what-happens-when)",
    "",
]


def from_saved(saved: dict) -> str:
    """The page from what ``write`` kept in OBSERVED: the same page, byte for byte."""
    return render_page(saved["stacks"], saved["date"], saved["host"], saved.get("inherited", ()))


def render_page(observed: dict, date: str = "", host: str = "", inherited=None) -> str:
    date, host = date or time.strftime("%Y-%m-%d"), host or os.uname().nodename.split(".")[0]
    inherited_keys = frozenset(os.environ if inherited is None else inherited)
    lines = [
        "# What each interface hands the app",
        "",
        "<!-- generated by 'make environ-table' from the running stacks; do not edit -->",
        "",
        f"Every stack was started in turn and asked for `GET /env` {REQUESTS} times. The app prints",
        "the request environment exactly as the interface delivered it. The last columns count",
        f"the processes that answered those {REQUESTS} requests: a process per request (CGI) shows",
        f"{REQUESTS}, a pre-forked pool some number up to its size, a single process 1.",
        "",
        "| stack | " + " | ".join(f"`{c}`" for c in COLUMNS) + f" | processes for {REQUESTS} requests | Python |",
        "|---" * (len(COLUMNS) + 3) + "|",
    ]
    scopes = {name: seen for name, seen in observed.items() if "first" in seen and is_scope(seen["first"]["environ"])}
    for name, seen in observed.items():
        if name in scopes:
            continue
        if "error" in seen:
            lines.append(f"| `{name}` | {seen['error'][:80]} |" + " |" * (len(COLUMNS) + 1))
            continue
        first = seen["first"]
        cells = [_cell(first["environ"].get(c)) for c in COLUMNS]
        lines.append(f"| `{name}` | " + " | ".join(cells) + f" | {seen['pids']} | {first['process']['python']} |")
    lines += _scope_table(scopes)
    lines += ["", "## Keys only some interfaces add", "", "| stack | extra keys |", "|---|---|"]
    for name, seen in observed.items():
        if "first" in seen:
            lines.append(f"| `{name}` | {_extras(seen['first']['environ'], inherited_keys)} |")
    lines += ["", f"Generated {date} on {host}.", ""]
    lines += REFERENCES
    return "\n".join(lines)


def _scope_table(scopes: dict) -> list:
    """The ASGI stacks: what their scope holds, column by column (none observed: no table)."""
    if not scopes:
        return []
    lines = [
        "",
        "## The ASGI scope",
        "",
        "An ASGI server hands the app a scope, not an environment: `/env` shows it under the",
        "same `environ` key, bytes as their Python literal (`b'...'`); `headers` (here their names)",
        "is a list of `[name, value]` pairs. Ports are the free ports the stacks ran on; `client` is",
        "null where the peer is a unix socket (behind nginx).",
        "",
        "| stack | " + " | ".join(f"`{c}`" for c in SCOPE_COLUMNS) + f" | processes for {REQUESTS} requests | Python |",
        "|---" * (len(SCOPE_COLUMNS) + 3) + "|",
    ]
    for name, seen in scopes.items():
        scope = seen["first"]["environ"]
        cells = [_scope_cell(scope, c) for c in SCOPE_COLUMNS]
        lines.append(f"| `{name}` | " + " | ".join(cells) + f" | {seen['pids']} | {seen['first']['process']['python']} |")
    return lines


def write(options: RunOptions, names=None, page: Path = PAGE) -> int:
    """Observe the stacks (all by default) and write the page; non-zero if any failed.

    Every stack starts as ``options`` say, but in a private run directory on free ports.
    """
    base = private.new_run_dir("environ-table")  # one folder for every stack in turn
    observed = {}
    try:
        for name, stack in manifest.discover().items():
            if names and name not in names:
                continue
            if stack.contract != "full":
                observed[name] = {"error": "no app behind it (serves only / and /json)"}
                continue
            print(f"environ-table: {name}", flush=True)
            observed[name] = _observe(name, options, base)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    page.parent.mkdir(parents=True, exist_ok=True)
    saved = {"date": time.strftime("%Y-%m-%d"), "host": os.uname().nodename.split(".")[0],
             "inherited": sorted(os.environ), "stacks": observed}
    page.write_text(from_saved(saved))
    if page == PAGE:
        OBSERVED.write_text(json.dumps(saved, indent=1) + "\n")
    print(f"wrote {page}")
    failed = [n for n, seen in observed.items() if "error" in seen and "no app" not in seen["error"]]
    if failed:
        print(f"could not observe: {', '.join(failed)}")
    return 1 if failed else 0
