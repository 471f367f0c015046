"""Where locust's processes run: all on this machine's loopback, or on the fleet's client hosts.

Locust's distributed mode is how its users outgrow one generator: a master hands users
to workers on other machines. On the fleet (fleet/, ``make fleet-up``) the workers run
on the client hosts of the inventory, one after another in turn (``client``, ``client2``,
``client``, ...), each in its host's namespaces; the master and the stack they load listen
on the controller's fleet address (the root namespace's end of the fleet's link), which
every client host reaches. The server's access log tells which host each request came
from: ``requests_by_host`` counts them, so a run shows the users really spread.
"""

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Place:
    """``master``: the address the master and the stack listen on; ``hosts``: where workers go, in turn
    (empty: this machine); ``prefixes``: the command prefix that runs a process on each of them."""

    master: str
    hosts: tuple = ()
    prefixes: tuple = field(default=(), repr=False)

    def via(self, number: int) -> list:
        """The command prefix for worker ``number`` (or locust alone, 0)."""
        return list(self.prefixes[number % len(self.prefixes)]) if self.prefixes else []

    def host_of(self, number: int) -> str:
        return self.hosts[number % len(self.hosts)] if self.hosts else "localhost"

    @property
    def name(self) -> str:
        return f"the fleet's client hosts ({', '.join(self.hosts)})" if self.hosts else "this machine's loopback"


LOOPBACK = Place("127.0.0.1")


def fleet() -> Place:
    """The running fleet's client hosts; a one-line error when there is no fleet to run on."""
    from fleet import inventory, network, on_host, paths

    if os.geteuid() != 0:
        raise SystemExit("load: error: the fleet's hosts are network namespaces: run as root (sudo make load ...)")
    if paths.BRIDGE_NS not in network.namespaces():
        raise SystemExit("load: error: no fleet is running; run 'sudo make fleet-up' first, or leave out FLEET=1")
    clients = tuple(h.name for h in inventory.hosts() if "clients" in h.groups)
    if not clients:
        raise SystemExit(f"load: error: the fleet's inventory {paths.inventory()} has no host in the clients group")
    return Place(paths.CONTROLLER, clients, tuple(tuple(on_host.command(c)) for c in clients))


def access_lines(run_dir: Path) -> int:
    """How many lines the stack's nginx access log holds now (0 without one)."""
    log = run_dir / "logs" / "nginx-access.log"
    return sum(1 for _ in log.open(errors="replace")) if log.is_file() else 0


def requests_by_host(run_dir: Path, after_line: int = 0) -> dict:
    """{fleet host: requests} from the client addresses of the stack's nginx access log, past ``after_line``
    ("controller": this machine's own requests on the fleet's link, such as the runner's probe)."""
    from fleet import inventory, paths

    names = {h.address: h.name for h in inventory.hosts()} | {paths.CONTROLLER: "controller"}
    log = run_dir / "logs" / "nginx-access.log"
    if not log.is_file():
        return {}
    with log.open(errors="replace") as lines:
        sources = Counter(line.split(" ", 1)[0] for number, line in enumerate(lines) if number >= after_line)
    return {names.get(address, address): count for address, count in sorted(sources.items())}
