"""Running the system tools the fleet needs (ip, ssh-keygen, ...) with one-line errors."""

import subprocess


def run(*command: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True)
    if check and result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise SystemExit(f"fleet: error: '{' '.join(command)}' failed: {detail[-1] if detail else result.returncode}")
    return result


def in_namespace(ns: str, *command: str, check: bool = True) -> subprocess.CompletedProcess:
    return run("ip", "netns", "exec", ns, *command, check=check)
