"""Lab 05: uWSGI loads the app, and its program stays RUNNING under supervisord."""

from course.tasks.checking import program_running

STACK = "uwsgi"

# The mistake: the stack's own uwsgi.ini with this one change (broken); unchanged, it is the fix.
BREAK = {
    "uwsgi.ini": [
        (
            "module = hello.wsgi:application\n",
            "module = hello.main:application\n",
        )
    ]
}


def check(checks, url, state) -> None:
    program_running(checks, state, "uwsgi")
