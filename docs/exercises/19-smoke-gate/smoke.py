"""The smoke stage's load: is the release staging runs fit for production?

    python smoke.py URL      exit 0 when it is, 1 when it is not

Run by the pipeline after the deploy to staging; a non-zero exit stops the pipeline there,
before production.
"""

import sys
import urllib.request


def main(url: str) -> int:
    with urllib.request.urlopen(url + "/", timeout=5) as response:
        status = response.status
    print(f"smoke: GET / answered {status}")
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].rstrip("/")))
