"""The numbers in the exercises' and labs' instructions are the ones their code uses.

A README that says "3 workers" or "after 3 s" is checked against the checker's
constant or the lab's change; every localhost port a README tells a student to
open is the default port of a stack. Change the code and the README must follow.
"""

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from stacks.runner import manifest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
READMES = sorted([*DOCS.glob("exercises/*/README.md"), *DOCS.glob("labs/*/README.md")])


def checker(folder: str):
    """The check.py module of docs/<folder>, imported as the tools import it."""
    path = DOCS / folder / "check.py"
    spec = importlib.util.spec_from_file_location("checked_" + path.parent.name.replace("-", "_"), path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(DOCS))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(DOCS))
    return module


def startretries() -> int:
    return int(re.search(r'"startretries=(\d+)"', (ROOT / "stacks" / "runner" / "supervise.py").read_text()).group(1))


def read_timeout_of_the_break(lab) -> str:
    return re.search(r"proxy_read_timeout (\d+)s", lab.BREAK["proxy-app.conf"][0][1]).group(1)


# Each README phrase, built from what the code says.
FACTS = {
    "exercises/09-attach-redis": lambda m: [f"{m.WORKERS} workers, {m.REQUESTS} visits answer `1` to `{m.REQUESTS}`",
                                            f"with {m.WORKERS} workers, makes {m.REQUESTS} visits"],
    "exercises/11-graceful-reload": lambda m: [f"with {m.WORKERS} sync workers",
                                               f"{len(m.CLIENTS)} clients send requests without pause "
                                               f"({m.CLIENTS.count('/slow')} of them to a page\nthat takes {m.SLOW_SECONDS} s)"],
    "exercises/12-availability": lambda m: [f"every {m.INTERVAL * 1000:g} ms", f"down {m.OUTAGES} times",
                                            f"to within {m.TOLERANCE:f}"],
    "exercises/13-load-knee": lambda m: [", ".join(map(str, m.WANTED_USERS[:-1])) + f" and then {m.WANTED_USERS[-1]} users",
                                         f"with {m.WORKERS} sync workers", f"takes {m.SLOW_SECONDS:g} s",
                                         f"then waits {m.WAIT_SECONDS:g} s", f"less than {m.KNEE_GROWTH_PERCENT} %"],
    "labs/05-uwsgi-need-app": lambda m: [f"{startretries()} times here (`startretries`)"],
    "labs/09-gateway-timeout": lambda m: [f"after {read_timeout_of_the_break(m)} s", f"/slow?seconds={m.SLOW_SECONDS}"],
    "labs/12-broken-deploy": lambda m: [f"head -c {len(m.UPLOAD)} ", f"a {len(m.UPLOAD) // 1024} KiB upload"],
}


@pytest.mark.parametrize("folder", sorted(FACTS))
def test_a_readme_states_the_numbers_its_checker_uses(folder):
    readme = (DOCS / folder / "README.md").read_text()
    missing = [phrase for phrase in FACTS[folder](checker(folder)) if phrase not in readme]
    assert not missing, f"docs/{folder}/README.md should say, as the code does: {missing}"


def default_ports() -> set:
    return {int(port) for stack in manifest.discover().values() for port in stack.ports.values() if port != "auto"}


@pytest.mark.parametrize("readme", READMES, ids=lambda p: str(p.parent.relative_to(DOCS)))
def test_every_localhost_port_in_a_readme_is_a_stacks_default(readme):
    named = {int(p) for p in re.findall(r"localhost:(\d+)", readme.read_text())}
    assert named <= default_ports(), f"{readme.relative_to(ROOT)} names ports no stack uses by default: {named - default_ports()}"


def test_three_nines_is_43_minutes_a_month():
    readme = (DOCS / "exercises" / "12-availability" / "README.md").read_text()
    minutes = round((1 - 0.999) * 30 * 24 * 60)
    assert f"99.9 % of the time: {minutes} minutes of\ndowntime a month" in readme
