"""No stack's servers log a permission error at start-up and under the contract requests.

gunicorn 25+ opened a control socket under $HOME: started by root as the service
account, it logged ``Control server error: [Errno 13] Permission denied:
'/root/.gunicorn'``. A server that cannot write where it wants is a broken
deployment, even when it keeps serving.
"""


def test_no_permission_errors_in_the_logs(stack):
    assert stack.request("/")[0] == 200
    for log in sorted((stack.run / "logs").glob("*.log")):
        lines = [line for line in log.read_text(errors="replace").splitlines() if "Permission denied" in line]
        assert not lines, f"{log.name}: {lines[:3]}"
