"""Lab 05: uWSGI loads the app, and its program stays RUNNING under supervisord."""


from stacks.runner import supervise

STACK = "uwsgi"


def check(checks, url, state) -> None:
    states = {p["name"]: p["statename"] for p in supervise.programs(state.run)}
    checks.expect(states.get("uwsgi") == "RUNNING", "supervisord reports uwsgi RUNNING",
                  f"it reports {states.get('uwsgi')}")
