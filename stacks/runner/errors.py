"""The one error type the runner reports to a person.

Every failure a user can act on is raised as a ``StackError`` whose first line
says what went wrong and what to do; the command line prints it and exits
non-zero. ``details`` (log tails, for instance) are printed after that line.
"""


class StackError(Exception):
    """A failure with a one-line message a person can act on."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return self.message


def reported(command, *args) -> int:
    """Run ``command(*args)`` for a command line: its exit status, or 2 after a StackError's
    one line (and its details) on stderr, or 130 after Ctrl-C.

    Every command line of the project ends this way (``python -m stacks``,
    ``python -m benchmarks``, the production tools, the course's labs).
    """
    import sys

    try:
        return command(*args)
    except StackError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        if exc.details:
            print(exc.details, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
