"""The container page's numbers and tables, from benchmarks/results/container.json (make image-measure)
and, per request, from benchmarks/results/latest.json (make bench).

Facts (``container.*``) and generated blocks (the image's layers, its largest
folders, start and memory against ``wsgi``, requests/s against ``production`` and ``wsgi``)
for docs/interfaces/container.md; registered in course/facts.py and course/registry.py like
every other page's.
"""

import json
from pathlib import Path

from course import bench_stacks

RESULTS = Path(__file__).resolve().parents[1] / "benchmarks" / "results" / "container.json"
COMPARED = ("container", "production", "wsgi")  # the same gunicorn app: in a container, behind nginx, alone
MIB = 1024 * 1024


def results() -> dict:
    return json.loads(RESULTS.read_text())


def _mib(size: int) -> str:
    return f"{size / MIB:.0f} MiB" if size >= MIB else f"{size / 1024:.0f} KiB"


def _seconds(value: float) -> str:
    return f"{value:.1f} s"


def _reproducible() -> str:
    layers = results()["reproducible"]
    equal = [name for name, compared in layers.items() if compared["equal"]]
    return f"{len(equal)} of {len(layers)}"


def _stack(name: str) -> dict:
    return results()["stacks"][name]


def _role(name: str, role: str) -> dict:
    return _stack(name)["memory"]["by_role"].get(role, {"processes": 0, "bytes": 0})


def _share_of_production(connections: int) -> float:
    return bench_stacks.levels("container")[connections]["rps"] / bench_stacks.levels("production")[connections]["rps"]


def per_request_table() -> str:
    rows = ["| stack | connections | req/s (median of rounds) | p99 ms |", "|---|--:|--:|--:|"]
    for name in COMPARED:
        for connections, level in bench_stacks.levels(name).items():
            rows.append(f"| `{name}` | {connections} | {level['rps']:,.0f} | {level['p99_ms']:.2f} |")
    shares = ", ".join(
        f"{_share_of_production(c):.2f} at {c} connections"
        for c in bench_stacks.levels("container")
        if c in bench_stacks.levels("production")
    )
    rows += [
        "",
        f"`container` served {shares} of `production`'s requests/s (`make bench`, {bench_stacks.measured_on()}).",
    ]
    return "\n".join(rows)


def facts() -> dict:
    return {
        "container.image_size": lambda: _mib(results()["image"]["bytes"]),
        "container.layers": lambda: str(len(results()["image"]["layers"])),
        "container.reproducible": _reproducible,
        "container.build_from_nothing": lambda: _seconds(sum(results()["build"]["from_nothing_seconds"].values())),
        "container.base_seconds": lambda: _seconds(results()["build"]["from_nothing_seconds"]["base"]),
        "container.release_seconds": lambda: _seconds(results()["build"]["from_nothing_seconds"]["release"]),
        "container.start": lambda: _seconds(_stack("container")["median_seconds"]),
        "container.wsgi_start": lambda: _seconds(_stack("wsgi")["median_seconds"]),
        "container.memory": lambda: _mib(_stack("container")["memory"]["total_bytes"]),
        "container.wsgi_memory": lambda: _mib(_stack("wsgi")["memory"]["total_bytes"]),
        "container.podman_memory": lambda: _mib(_role("container", "podman")["bytes"]),
        "container.conmon_memory": lambda: _mib(_role("container", "conmon")["bytes"]),
        "container.load_average": lambda: f"{results()['machine']['load_average_before']:g}",
        "container.measured_at": lambda: results()["measured_at"][:10],
    }


def layers_table() -> str:
    rows = ["| layer (bottom first) | made by | size |", "|---|---|--:|"]
    for number, layer in enumerate(results()["image"]["layers"], 1):
        rows.append(f"| {number} | `{layer['created_by']}` | {_mib(layer['bytes'])} |")
    rows.append(f"| the image | | {_mib(results()['image']['bytes'])} |")
    return "\n".join(rows)


def largest_table() -> str:
    rows = ["| folder in the image | size |", "|---|--:|"]
    rows += [f"| `{entry['folder']}` | {_mib(entry['bytes'])} |" for entry in results()["image"]["largest_folders"]]
    return "\n".join(rows)


def starts_table() -> str:
    rows = ["| stack | start (median of its starts) | resident memory | processes |", "|---|--:|--:|--:|"]
    for name, stack in results()["stacks"].items():
        roles = stack["memory"]["by_role"]
        count = sum(role["processes"] for role in roles.values())
        rows.append(
            f"| `{name}` | {_seconds(stack['median_seconds'])} | {_mib(stack['memory']['total_bytes'])} | {count} |"
        )
    return "\n".join(rows)


def roles_table() -> str:
    roles = _stack("container")["memory"]["by_role"]
    rows = ["| process (container stack) | count | resident memory |", "|---|--:|--:|"]
    rows += [
        f"| {name} | {role['processes']} | {_mib(role['bytes'])} |"
        for name, role in sorted(roles.items(), key=lambda item: -item[1]["bytes"])
    ]
    return "\n".join(rows)


BLOCKS = {
    "container layers": layers_table,
    "container largest folders": largest_table,
    "container starts": starts_table,
    "container memory": roles_table,
    "container per request": per_request_table,
}


def fill(text: str) -> str:
    from course import blocks  # here: course.blocks imports course.facts, which imports this module

    return blocks.fill(text, BLOCKS)
