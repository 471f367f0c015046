"""No tracked file holds a merge's conflict markers.

Several engineers merge into main in one day; a marker that slips through breaks
the Makefile or a page for everyone, and git itself does not refuse to commit it.
"""

import subprocess

from stacks.runner.paths import ROOT


def test_no_tracked_file_holds_conflict_markers():
    found = subprocess.run(
        ["git", "grep", "-n", "-E", "^(<<<<<<<|>>>>>>>) ", "--", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert found.stdout == "", f"conflict markers left by a merge:\n{found.stdout}"
