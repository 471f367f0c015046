"""The lab's code imports its packages as installed (``pip install -e .``), never by changing sys.path.

A checker that put docs/ on sys.path to find its helper worked only when run as a
file from the checkout; imported by another module it found the helper, or not,
depending on which checker had run first. Only code that runs under an interpreter
without the lab installed may still change sys.path, each for the reason given.
"""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("stacks", "fleet", "benchmarks", "course", "docs", "tests", "ci")
ALLOWED = {
    "stacks/container/image.py": "run as a file by Debian's python3 (the stack's prepare step), without the virtualenv",
    "stacks/production/releases.py": "reads the lock of the checkout it is given, which may not be the installed one",
}


def changes_sys_path(tree) -> bool:
    for node in ast.walk(tree):
        target = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target = node.func.value  # sys.path.insert(...), .append, .extend
        elif isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            first = targets[0]
            target = first.value if isinstance(first, ast.Subscript) else first  # sys.path[:0] = ..., sys.path += ...
        if isinstance(target, ast.Attribute) and target.attr == "path" and getattr(target.value, "id", "") == "sys":
            return True
    return False


def test_the_scan_sees_each_way():
    for code in ("sys.path.insert(0, 'x')", "sys.path[:0] = ['x']", "sys.path += ['x']", "sys.path.append('x')"):
        assert changes_sys_path(ast.parse(code)), code
    assert not changes_sys_path(ast.parse("print(sys.path)"))


def test_no_module_of_the_lab_changes_sys_path():
    changing = [
        str(path.relative_to(ROOT))
        for folder in FOLDERS
        for path in sorted((ROOT / folder).rglob("*.py"))
        if changes_sys_path(ast.parse(path.read_text(), str(path)))
    ]
    assert sorted(set(changing) - set(ALLOWED)) == [], "import through the installed packages instead"


def test_a_checker_imported_as_a_module_finds_its_helper_from_anywhere(tmp_path):
    """What the course's generators do with every checker: import it, with no docs/ on sys.path."""
    code = (
        "import importlib.util, sys; "
        "spec = importlib.util.spec_from_file_location('c', sys.argv[1]); "
        "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); print(m.STACK)"
    )
    lab = ROOT / "docs" / "labs" / "02-fastcgi-path-info" / "check.py"
    done = subprocess.run([sys.executable, "-c", code, str(lab)], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "fastcgi", done.stderr
