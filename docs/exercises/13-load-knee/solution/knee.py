"""A step load for locust, and the knee of what it measured.

``Steps`` tells locust how many users to run at each moment of the test;
``knee(steps)`` reads the measured steps. See README.md for both.
"""

from locust import LoadTestShape

STEP_SECONDS = 4
USERS = (1, 2, 4, 8, 16)  # doubling: each step asks twice as much of the server


class Steps(LoadTestShape):
    """1, 2, 4, 8 then 16 users, STEP_SECONDS each, all started at once; then stop."""

    def tick(self):
        step = int(self.get_run_time() // STEP_SECONDS)
        if step >= len(USERS):
            return None
        return USERS[step], USERS[step]


def knee(steps: list) -> int:
    """The users of the last step after which doubling them raised throughput by less than 20 %."""
    for now, doubled in zip(steps, steps[1:], strict=False):
        if doubled["rps"] < 1.2 * now["rps"]:
            return now["users"]
    return steps[-1]["users"]
