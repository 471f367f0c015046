"""Checker for exercise 17: a configuration of the wsgi stack that serves waiting requests within a memory budget.

The student's tuning.toml names values for knobs the wsgi stack's manifest
declares tunable (``[tunable]`` in stacks/wsgi/stack.toml). The checker starts
the real stack through the runner with those values (as ``TUNE_<KNOB>=`` does),
loads ``/slow`` with wrk at CONNECTIONS connections for SECONDS, samples the
memory of every process of the stack meanwhile, and compares both with the goal.

    python check.py path/to/tuning.toml
"""

import sys

from benchmarks.shared import wrk
from benchmarks.shared.sampler import Sampler
from course.tasks.checking import Checks, StackError, private_stack, student_toml
from stacks.runner import manifest, proctree

STACK = "wsgi"
SLOW_SECONDS = 0.1
CONNECTIONS = 64
SECONDS = 4
GOAL_RPS = 150  # of an ideal CONNECTIONS / SLOW_SECONDS = 640; the shipped 3 sync workers can never pass 30
MEMORY_BUDGET_MIB = 150


def main(path: str) -> int:
    checks = Checks(f"exercise 17: a configuration of {STACK} for /slow within {MEMORY_BUDGET_MIB} MiB, in {path}")
    try:
        chosen = student_toml(path)
    except ValueError as exc:
        return checks.stop(str(exc))
    knobs = manifest.find(STACK).tunable
    unknown = sorted(set(chosen) - set(knobs))
    if not checks.expect(
        not unknown,
        f"every key is a knob of {STACK}",
        f"{unknown} {'is not a knob' if len(unknown) == 1 else 'are not knobs'}; the knobs: {', '.join(knobs)}",
    ):
        return checks.finish()
    try:
        with private_stack(STACK, tuning=chosen) as state:
            url = f"{state.base_url}/slow?seconds={SLOW_SECONDS:g}"
            with Sampler(lambda: [state.pid, *proctree.descendants(state.pid)]) as sample:
                measured = wrk.run(url, CONNECTIONS, SECONDS, 1, 10)
    except StackError as exc:
        return checks.stop(f"{STACK} did not start with {chosen}: {exc}")
    answered = measured["rps"] * (1 - measured["non_2xx"] / measured["requests"]) if measured["requests"] else 0.0
    print(
        f"  measured: {answered:.0f} answered req/s on /slow at {CONNECTIONS} connections, "
        f"peak memory {sample.rss_mib:.0f} MiB, {measured['errors']} socket errors"
    )
    checks.expect(
        answered >= GOAL_RPS,
        f"at least {GOAL_RPS} requests a second answered on /slow",
        f"{answered:.0f} req/s: how many requests can wait at once in your configuration?",
    )
    checks.expect(
        sample.rss_mib <= MEMORY_BUDGET_MIB,
        f"the stack's processes stay within {MEMORY_BUDGET_MIB} MiB",
        f"peak {sample.rss_mib:.0f} MiB: every worker process is a whole interpreter",
    )
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
