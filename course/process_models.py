"""The process-model table on docs/index.md: which stacks run the app how, from their manifests.

Each stack's manifest names its ``process_model`` (what benchmarks group by); the
table lists, for each model, what happens and what ``/env`` shows (said once here),
and the stacks that use it (read from the manifests, never typed), so a new stack
or a changed model moves its row by itself.
"""

from stacks.runner import manifest as manifests

# model: (its name on the page, what happens, what /env shows)
MODELS = {
    "per-request": (
        "process per request",
        "a new process starts, answers one request, exits",
        "`wsgi.run_once: true`, a new pid every time",
    ),
    "prefork": (
        "pre-fork",
        "a master starts N processes up front; each answers its requests one after another",
        "`wsgi.multiprocess: true`, `wsgi.multithread: false`",
    ),
    "prefork+threads": (
        "pre-fork and threads",
        "a master starts N processes, each with a pool of threads: processes × threads requests at once",
        "`wsgi.multiprocess: true`, `wsgi.multithread: true`",
    ),
    "threads": (
        "threads",
        "one process, a pool of threads; requests share memory",
        "`wsgi.multithread: true` (wsgiref says `false`)",
    ),
    "event-loop": (
        "event loop",
        "one thread interleaves many connections while each waits",
        "tornado: no `wsgi.*` keys; ASGI: the `scope`, no `environ`",
    ),
    "prefork+event-loop": (
        "pre-fork and event loops",
        "a master starts N processes, each an event loop",
        "the ASGI `scope`, a pid per worker",
    ),
}


def table() -> str:
    """The rows, one per process model any stack uses; nginx's own model said beside the event loops."""
    stacks = manifests.discover()
    fronted = [name for name, stack in stacks.items() if stack.front.startswith("nginx")]
    rows = ["| model | what happens | stacks | `/env` shows |", "|---|---|---|---|"]
    for model, (title, happens, shows) in MODELS.items():
        names = [f"`{name}`" for name, stack in stacks.items() if stack.process_model == model]
        if model == "event-loop":
            names.append(f"and nginx itself, in front of {len(fronted)} stacks")
        if names:
            rows.append(f"| {title} | {happens} | {', '.join(names)} | {shows} |")
    unknown = sorted({s.process_model for s in stacks.values()} - set(MODELS) - {"none"})
    if unknown:
        raise LookupError(f"process models with no row in course/process_models.py: {unknown}")
    return "\n".join(rows)
