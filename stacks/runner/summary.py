"""The run summary a person reads after a start and in ``make status``."""

from stacks.runner import manifest, procfs, proctree, supervise
from stacks.runner.runstate import RunState


def describe(state: RunState) -> str:
    """URL, processes with pids and owners, logs, how to stop."""
    stack = manifest.find(state.stack)
    infos = supervise.programs(state.run)
    lines = [f"Stack {state.stack!r} is up at {state.url}", f"  {stack.summary}"]
    lines.extend(f"  {name}: {url}" for name, url in state.urls.items())
    if state.overlay:
        lines.append(f"  templates replaced by the overlay in {state.overlay}")
    if state.cafile:
        lines.append(f"  its certificate authority: {state.cafile} (curl --cacert {state.cafile} {state.url})")
    lines.append("  processes:")
    width = max([10, *(len(info["name"]) for info in infos)])  # names line up, however long
    for info in infos:
        pid = info["pid"]
        children = proctree.descendants(pid) if pid else []  # pid 0: not running (FATAL, STOPPED)
        shown = ", ".join(map(str, children[:8])) + (", ..." if len(children) > 8 else "")
        lines.append(
            f"    {info['name']:<{width}} {info['statename']:<8} pid {pid} as {procfs.owner(pid)}"
            + (f"; {len(children)} child process(es) as {procfs.owner(children[0])}: {shown}" if children else "")
        )
    lines.append("  logs:")
    lines.extend(f"    {log}" for log in sorted((state.run / "logs").glob("*.log")))
    lines.append(f"  rendered configs: {state.run / 'conf'}")
    lines.append("  stop it with: make stop-stack")
    return "\n".join(lines)
