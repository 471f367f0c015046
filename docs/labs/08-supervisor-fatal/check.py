"""Lab 08: gunicorn starts and stays up under supervisord, logging where supervisord collects it."""


from stacks.runner import supervise

STACK = "production"


def check(checks, url, state) -> None:
    states = {p["name"]: p["statename"] for p in supervise.programs(state.run)}
    checks.expect(states.get("gunicorn") == "RUNNING", "supervisord reports gunicorn RUNNING",
                  f"it reports {states.get('gunicorn')}")
