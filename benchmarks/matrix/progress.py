"""Progress lines while the matrix runs: which round, which stack, time left.

The time left is the measuring time still planned plus, for every start still
to come, the average start/verify/stop overhead seen so far (a guess until
the first stack has run).
"""

import sys
import time

FIRST_GUESS_OVERHEAD = 4.0  # seconds to start, verify and stop a stack, before one is measured


def _clock(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


class Progress:
    """Tracks the planned tasks (one per stack start) and prints one line per step."""

    def __init__(self, planned: dict, out=sys.stdout) -> None:
        self._planned = dict(planned)  # (round, stack) -> measuring seconds
        self._overheads: list = []
        self._out = out
        self._began = time.monotonic()
        self._task_began = 0.0

    def _overhead(self) -> float:
        return sum(self._overheads) / len(self._overheads) if self._overheads else FIRST_GUESS_OVERHEAD

    def left(self) -> float:
        return sum(self._planned.values()) + len(self._planned) * self._overhead()

    def say(self, text: str) -> None:
        print(text, file=self._out, flush=True)

    def begin(self, round_no: int, rounds: int, stack: str, index: int, count: int) -> None:
        self._task_began = time.monotonic()
        self.say(
            f"[round {round_no}/{rounds} · stack {index}/{count}] {stack}: starting (about {_clock(self.left())} left)"
        )

    def finish(self, round_no: int, stack: str, measured_seconds: float) -> None:
        """The task is over (measured, failed or skipped): drop it from the plan."""
        planned = self._planned.pop((round_no, stack), 0.0)
        if self._task_began and planned:
            self._overheads.append(max(0.0, time.monotonic() - self._task_began - measured_seconds))
        self._task_began = 0.0

    def drop(self, stack: str) -> None:
        """A failed stack: forget its remaining rounds."""
        for key in [k for k in self._planned if k[1] == stack]:
            del self._planned[key]

    def elapsed(self) -> float:
        return time.monotonic() - self._began

    @staticmethod
    def clock(seconds: float) -> str:
        return _clock(seconds)
