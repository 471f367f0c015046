"""Lab 08: gunicorn starts and stays up under supervisord, logging where supervisord collects it."""


from stacks.runner import supervise

STACK = "production"

# The mistake: the stack's own gunicorn_conf.py with this one change (broken); unchanged, it is the fix.
BREAK = {'gunicorn_conf.py': [(
    'keepalive = 5\n',
    'keepalive = 5\n# Errors to a file of their own, as on the old server.\nerrorlog = "/var/log/hello/gunicorn-error.log"\n',
)]}


def check(checks, url, state) -> None:
    states = {p["name"]: p["statename"] for p in supervise.programs(state.run)}
    checks.expect(states.get("gunicorn") == "RUNNING", "supervisord reports gunicorn RUNNING",
                  f"it reports {states.get('gunicorn')}")
