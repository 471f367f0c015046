"""Lab 05: uWSGI loads the app, and its program stays RUNNING under supervisord."""


from stacks.runner import supervise

STACK = "uwsgi"

# The mistake: the stack's own uwsgi.ini with this one change (broken); unchanged, it is the fix.
BREAK = {'uwsgi.ini': [(
    'module = hello.wsgi:application\n',
    'module = hello.main:application\n',
)]}


def check(checks, url, state) -> None:
    states = {p["name"]: p["statename"] for p in supervise.programs(state.run)}
    checks.expect(states.get("uwsgi") == "RUNNING", "supervisord reports uwsgi RUNNING",
                  f"it reports {states.get('uwsgi')}")
