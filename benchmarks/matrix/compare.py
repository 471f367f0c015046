"""Is the ranking stable across two runs?

Two stacks whose best medians differ by more than the margin (20%) in both
runs must come in the same order in both; closer ones may swap, since that is
within the noise of a shared two-core machine. Exit status 0 when stable.
"""

import json
from itertools import combinations

from benchmarks.matrix import summarize

MARGIN = 0.20


def best_of(results: dict) -> dict:
    """Each verified stack's best median requests/s."""
    return {s["name"]: summarize.best_rps(s) for s in results["stacks"] if s["verified"]}


def _best(path: str) -> dict:
    return best_of(json.loads(open(path).read()))


def _apart(a: float, b: float, margin: float) -> bool:
    low, high = sorted((a, b))
    return low > 0 and high / low > 1 + margin


def swaps(old: dict, new: dict, margin: float) -> list:
    """Pairs that are clearly apart in both runs yet change order."""
    found = []
    for a, b in combinations(sorted(set(old) & set(new)), 2):
        if _apart(old[a], old[b], margin) and _apart(new[a], new[b], margin) and (old[a] > old[b]) != (new[a] > new[b]):
            found.append((a, b))
    return found


def main(old_path: str, new_path: str, margin: float) -> int:
    old, new = _best(old_path), _best(new_path)
    for name in sorted(set(old) | set(new), key=lambda n: -new.get(n, 0)):
        print(f"{name:<12} {old.get(name, 0):>10.1f} {new.get(name, 0):>10.1f}")
    found = swaps(old, new, margin)
    for a, b in found:
        print(f"unstable: {a} and {b} differ by more than {margin:.0%} but swapped places")
    print("ranking stable" if not found else f"{len(found)} unstable pair(s)")
    return 1 if found else 0
