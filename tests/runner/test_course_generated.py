"""A manifest, a config template or a results file changed: the course pages generated from it changed too.

The diagrams in docs/diagrams/ are drawn from the manifests and the web servers'
config templates, and the numbers on the course pages come from the code and the
benchmark results (course/). Changing one without running ``make tables`` leaves a
page that contradicts the stack: this fails then, next to the runner's own
generated-tables check, so whoever edits a stack sees it.
"""

from course.__main__ import main


def test_the_course_pages_generated_from_the_stacks_are_fresh(capsys):
    assert main(["--check"]) == 0, capsys.readouterr().out
