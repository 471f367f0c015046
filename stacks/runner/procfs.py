"""Reading /proc, once: a process's state, parent, CPU time, memory, environment, command line, owner.

Standard library only, so the runner can use it before the virtualenv exists;
the benchmarks and the production tools read processes through it too. Every
reader is safe against a process that ends while it is read (it returns a
neutral value) and parses /proc/<pid>/stat after the last ``)``, because the
command name in parentheses may hold spaces and parentheses itself.
"""

import os
import pwd
from pathlib import Path

PROC = Path("/proc")
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def pids() -> list:
    """Every process id there is now."""
    return sorted(int(p.name) for p in PROC.iterdir() if p.name.isdigit())


def stat_fields(pid: int) -> list:
    """/proc/<pid>/stat from field 3 (state) on, or [] when the process is gone."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return []
    return text[text.rindex(")") + 2 :].split()


def state(pid: int) -> str:
    """The one-letter state (R, S, Z, ...), or '' when the process is gone."""
    fields = stat_fields(pid)
    return fields[0] if fields else ""


def parent(pid: int) -> int:
    """The parent's pid, or 0 when the process is gone."""
    fields = stat_fields(pid)
    return int(fields[1]) if fields else 0


def parents() -> dict:
    """{pid: parent pid} of every live process."""
    found = {}
    for pid in pids():
        ppid = parent(pid)
        if ppid or pid == 1:
            found[pid] = ppid
    return found


def cpu_seconds(pid: int) -> float | None:
    """User and system time of the process and the children it reaped, or None when it is gone."""
    fields = stat_fields(pid)
    if not fields:
        return None
    return sum(int(f) for f in fields[11:15]) / TICKS_PER_SECOND  # utime, stime, cutime, cstime


def rss_bytes(pid: int) -> int:
    """Resident memory (VmRSS), 0 when the process is gone or has none (a kernel thread)."""
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def environ_entries(pid: int) -> list:
    """The raw ``KEY=VALUE`` entries of the process's environment, [] when unreadable."""
    try:
        return (PROC / str(pid) / "environ").read_bytes().split(b"\0")
    except OSError:
        return []


def environment(pid: int) -> dict:
    """The process's environment as it was started, {} when unreadable."""
    return dict(e.decode(errors="replace").split("=", 1) for e in environ_entries(pid) if b"=" in e)


def command_line(pid: int) -> str:
    """The command line, arguments joined by spaces, '' when the process is gone."""
    try:
        raw = (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()


def owner(pid: int) -> str:
    """The user name the process runs as, '?' when it is gone."""
    try:
        return pwd.getpwuid((PROC / str(pid)).stat().st_uid).pw_name
    except (OSError, KeyError):
        return "?"


def socket_inodes(pid: int) -> set:
    """The inodes of the sockets the process holds open (those /proc lets us see)."""
    inodes = set()
    try:
        for fd in (PROC / str(pid) / "fd").iterdir():
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    except OSError:
        pass
    return inodes


def listening_inodes(pid: int) -> set:
    """The inodes of the listening sockets (TCP and unix) in the network namespace ``pid`` is in."""
    inodes = set()
    for table, state_column, listening in (("tcp", 3, "0A"), ("tcp6", 3, "0A"), ("unix", 3, "00010000")):
        try:
            lines = (PROC / str(pid) / "net" / table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            columns = line.split()
            inode = columns[9] if table != "unix" else columns[6]
            if len(columns) > state_column and columns[state_column] == listening:
                inodes.add(inode)
    return inodes
