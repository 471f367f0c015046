"""Find the error a user ran into, from the request id they were shown.

    python3 find_error.py LOGFILE REQUEST_ID

Prints the last line of that request's traceback (the exception and its
message); exits 1 when the log holds no error for that request id. The app logs
one JSON object per line in production; other lines (the server's own) are skipped.
"""

import json
import sys


def errors(log_file: str):
    """Every JSON log record that carries a traceback."""
    with open(log_file, errors="replace") as log:
        for line in log:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict) and record.get("traceback"):
                yield record


def main(log_file: str, request_id: str) -> int:
    for record in errors(log_file):
        if record.get("request_id") == request_id:
            print(record["traceback"].strip().splitlines()[-1])
            return 0
    return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
