"""Lab 01: nginx's workers must be able to open uWSGI's unix socket — without root."""

from course.tasks.checking import serving_owners
from stacks.runner import account

STACK = "uwsgi"
NEEDS_ROOT = True  # started by an ordinary user, nginx ignores `user` and the lab cannot break


def check(checks, url, state) -> None:
    owners = serving_owners(state)
    user = account.service_account()[0]
    checks.expect(
        owners == {user},
        f"nginx's workers and uWSGI's workers all run as {user}",
        f"they run as {', '.join(sorted(owners))}",
    )
