"""Checker for exercise 18: the student's test stage, run on three small commits.

Each commit is a tiny project (a module and its test) made in a temporary folder; the
student's script runs in it with the project's ruff and pytest on PATH, as the pipeline's
worker would run it. A good commit must pass; a commit whose test fails, and one whose code
fails lint, must each end the script with a non-zero status — and a lint failure must stop
it before the tests run, as a gate does.

    python check.py path/to/test-stage.sh
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from checking import Checks  # noqa: E402

GOOD = 'def greeting(name: str) -> str:\n    return f"Hello, {name}!"\n'
TEST = (
    "import os\n\nfrom greet import greeting\n\n\ndef test_greeting():\n"
    '    open(os.environ["TESTS_RAN"], "w").close()\n    assert greeting("Ada") == "Hello, Ada!"\n'
)
COMMITS = {  # name -> (the module's text, should the stage pass?)
    "a good commit": (GOOD, True),
    "a commit that breaks the test": (GOOD.replace("Hello,", "Hi,"), False),
    "a commit that fails lint (an unused import)": ("import os\n" + GOOD, False),
}


def run_stage(script: Path, module: str) -> tuple:
    """(exit status, output, whether the tests ran) of the script on a commit holding ``module``."""
    with tempfile.TemporaryDirectory(prefix="exercise-18-") as folder:
        project = Path(folder)
        (project / "tests").mkdir()
        (project / "greet.py").write_text(module)
        (project / "tests" / "test_greet.py").write_text(TEST)
        (project / "tests" / "conftest.py").write_text("import sys\n\nsys.path.insert(0, '.')\n")
        (project / "ruff.toml").write_text('[lint]\nselect = ["E", "F", "I"]\n')  # not a config found further up
        ran = project / "tests-ran"
        env = {
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "TESTS_RAN": str(ran),
            "RUFF_CACHE_DIR": str(project / ".ruff_cache"),
        }
        result = subprocess.run(
            ["sh", str(script.resolve())], cwd=project, env=env, capture_output=True, text=True, timeout=120
        )
        return result.returncode, result.stdout + result.stderr, ran.exists()


def main(path: str) -> int:
    checks = Checks(f"exercise 18: the test stage in {path}")
    script = Path(path)
    if not script.is_file():
        return checks.stop(f"{path} does not exist")
    for name, (module, passes) in COMMITS.items():
        status, output, tests_ran = run_stage(script, module)
        last = (output.strip().splitlines() or ["(no output)"])[-1]
        if passes:
            checks.expect(
                status == 0 and tests_ran,
                f"{name}: the stage passes (exit 0) after running the tests",
                f"exit {status}, tests ran: {tests_ran}; its output ends: {last}",
            )
        else:
            checks.expect(
                status != 0,
                f"{name}: the stage fails (a non-zero exit stops the pipeline)",
                f"exit {status}: the pipeline would go on to release it; its output ends: {last}",
            )
        if "lint" in name:
            checks.expect(
                not tests_ran,
                f"{name}: the tests do not run after lint failed",
                "a gate stops at the first failure; the tests ran anyway",
            )
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
