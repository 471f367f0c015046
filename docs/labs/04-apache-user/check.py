"""Lab 04: Apache's master may stay root; the children that serve must not."""

from course.tasks.checking import serving_owners
from stacks.runner import account

STACK = "cgi"
NEEDS_ROOT = True  # only a root master can switch users; as anyone else there is nothing to break


def check(checks, url, state) -> None:
    owners = serving_owners(state)
    user = account.service_account()[0]
    checks.expect(owners == {user}, f"Apache's children run as {user}", f"they run as {', '.join(sorted(owners))}")
