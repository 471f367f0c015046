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
