"""Checker for exercise 05: the student's answers against live cgi and uwsgi stacks.

Both stacks are started through the runner (private run directory, free port)
and asked the questions; nothing is hard-coded, so the answers are whatever the
real servers say on this machine. Unanswered questions fail before anything starts.

    python check.py path/to/answers.toml
"""

import json
import os
import sys

from course.tasks.checking import Checks, StackError, private_stack, request, student_toml
from stacks.runner import proctree, supervise


def env(base: str) -> dict:
    return json.loads(request(base + "/env?x=1")[2])


def cgi_truth(base: str, state) -> dict:
    documents = [env(base) for _ in range(3)]
    environ = documents[0]["environ"]
    return {
        "script_name": environ.get("SCRIPT_NAME"),
        "path_info": environ.get("PATH_INFO"),
        "query_string": environ.get("QUERY_STRING"),
        "run_once": environ.get("wsgi.run_once"),
        "processes_for_three_requests": len({d["process"]["pid"] for d in documents}),
        "executable": documents[0]["process"]["executable"],
    }


def uwsgi_truth(base: str, state) -> dict:
    environ = env(base)["environ"]
    master = next(p["pid"] for p in supervise.programs(state.run) if p["name"] == "uwsgi")
    return {
        "multithread": environ.get("wsgi.multithread"),
        "multiprocess": environ.get("wsgi.multiprocess"),
        "server_software": environ.get("SERVER_SOFTWARE", "").split("/")[0],
        "workers": len(proctree.descendants(master)),
    }


TRUTH = {"cgi": cgi_truth, "uwsgi": uwsgi_truth}
PATHS = {"executable"}  # answers that name a file: any spelling of the same file is right


def agrees(key: str, given, seen) -> bool:
    """Does the answer say what the stack showed? A path compares as the file it names
    (``/usr/bin/python3.11`` is ``/usr/bin/python3`` on Debian 12), other answers exactly."""
    if key in PATHS and isinstance(given, str) and isinstance(seen, str) and os.path.isabs(given):
        return os.path.realpath(given) == os.path.realpath(seen)
    return given == seen and type(given) is type(seen)


def main(path: str) -> int:
    checks = Checks(f"exercise 05: the answers in {path}")
    try:
        answers = student_toml(path)
    except ValueError as exc:
        return checks.stop(str(exc))
    open_questions = [f"{s}.{k}" for s, table in answers.items() for k, v in table.items() if v == "?"]
    if open_questions:
        return checks.stop(f"still unanswered: {', '.join(open_questions)}")
    for stack, truth in TRUTH.items():
        try:
            with private_stack(stack) as state:
                seen = truth(state.base_url, state)
        except StackError as exc:
            return checks.stop(f"the {stack} stack did not start here: {exc}")
        for key, value in seen.items():
            given = answers.get(stack, {}).get(key)
            hint = " (give the absolute path)" if key in PATHS and not os.path.isabs(str(given)) else ""
            checks.expect(
                agrees(key, given, value), f"{stack}.{key}", f"{given!r} is not what the {stack} stack shows{hint}"
            )
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
