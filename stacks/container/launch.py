"""How the container stack runs the image under Podman, as supervisord's program.

    python3 launch.py check IMAGE_ENV            can this machine run the image (IMAGE= in that file)?
    python3 launch.py run NAME SOCKETS [VAR...]  run $IMAGE in the foreground (exec: supervisord watches podman)

Supervisor watches ``podman run`` (attached, ``--rm``), not Podman's own restart
policy: every program of every stack is supervisord's, with its log, restarts and
stop in one place. supervisord's TERM reaches gunicorn through ``--sig-proxy``;
gunicorn finishes its requests, the container exits, ``--rm`` removes it and
conmon (Podman's monitor, which is the container's real parent) ends with it.
``--replace`` removes a container of the same name a crash left behind.

The flags this machine needs, named rather than left to Podman's defaults:
``--runtime=runc`` (crun fails on hybrid cgroups), ``--cgroup-manager=cgroupfs``
(no systemd), ``--events-backend=file`` (no journald), ``--pull=never`` (never ask
a registry), and ``--ulimit`` for open files at this process's own
limit (Podman's default of 1048576 open files is above the hard limit here and
runc refuses to start: "error setting rlimit type 7"), processes at 4096.

The container gets no network (``--network=none``): its one door is gunicorn's
unix socket in the run folder's var/, bind-mounted at /run/hello, where nginx
connects. It runs as the service account's uid and gid, with a read-only root,
no capabilities and no privilege gain; it gets the cores its launcher may use
(``--cpuset-cpus``: a benchmark pins the stack to one). supervisord's
SUPERVISOR_SERVER_URL is passed in, so the runner's stop and leak checks find
the container's processes like those of any other program. The variables VAR...
(the runner's ``environment_names``: PYTHON_ENV, the app's settings that are set,
the stack's own) are passed on, as the runner passes them to every program.

Standard library only: supervisord runs it with Debian's python3.
"""

import os
import resource
import subprocess
import sys

GLOBAL = ["--runtime=runc", "--cgroup-manager=cgroupfs", "--events-backend=file"]
SOCKETS_INSIDE = "/run/hello"
PROCESSES = 4096
OWN = {"PYTHONPATH"}  # set by the image: its release and the release's packages


def limits() -> list:
    """``--ulimit`` options runc can set here: open files at this process's own soft limit (never
    above its hard one), processes at a bound of their own (the app needs a handful; Podman's
    default and the host's own value were both refused here)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    files = min(value for value in (soft, hard, 1 << 16) if value != resource.RLIM_INFINITY)
    return [f"--ulimit=nofile={files}:{files}", f"--ulimit=nproc={PROCESSES}:{PROCESSES}"]


def settings(names: list) -> list:
    """``--env`` options passing on the stack's environment (the runner's ``environment_names``) but
    the image's own search path: the container does not inherit the environment of its starter.
    By name only: Podman reads each value from its own environment, so no value (a DSN's key)
    shows on a command line or in the log."""
    return [f"--env={name}" for name in names if name in os.environ and name not in OWN]


def run_options(name: str, sockets: str) -> list:
    cpus = ",".join(str(cpu) for cpu in sorted(os.sched_getaffinity(0)))
    stat = os.stat(sockets)
    options = [
        "--rm",
        "--replace",
        f"--name={name}",
        "--pull=never",
        "--network=none",
        "--read-only",
        f"--user={stat.st_uid}:{stat.st_gid}",
        "--cap-drop=all",
        "--security-opt=no-new-privileges",
        f"--cpuset-cpus={cpus}",
        *limits(),
        f"--volume={sockets}:{SOCKETS_INSIDE}",
        "--sig-proxy=true",
    ]
    marker = os.environ.get("SUPERVISOR_SERVER_URL")
    if marker:
        options.append(f"--env=SUPERVISOR_SERVER_URL={marker}")
    return options


def image_from(env_file: str) -> str:
    """IMAGE=... from the file the image's prepare step wrote."""
    with open(env_file) as handle:
        return next(line.split("=", 1)[1].strip() for line in handle if line.startswith("IMAGE="))


def check(image: str) -> int:
    """Start and remove a container of ``image`` with the stack's flags: the machine's real answer."""
    command = [
        "podman",
        *GLOBAL,
        "run",
        "--rm",
        "--pull=never",
        "--network=none",
        *limits(),
        image,
        "/usr/bin/python3",
        "-c",
        "pass",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        reason = (result.stderr.strip().splitlines() or ["no message"])[-1]
        user = (
            ""
            if os.geteuid() == 0
            else (
                " (rootless: it needs /etc/subuid and /etc/subgid entries for this "
                "user and newuidmap from Debian's uidmap)"
            )
        )
        print(f"error: Podman cannot run a container on this machine{user}: {reason}", file=sys.stderr)
        return 1
    return 0


def main(argv: list) -> int:
    if argv[:1] == ["check"] and len(argv) == 2:
        return check(image_from(argv[1]))
    if argv[:1] == ["run"] and len(argv) >= 3:
        name, sockets, names = argv[1], argv[2], argv[3:]
        command = ["podman", *GLOBAL, "run", *run_options(name, sockets), *settings(names), os.environ["IMAGE"]]
        print("$ " + " ".join(command), flush=True)
        os.execvp("podman", command)
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
