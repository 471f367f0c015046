"""``make setup``'s part for the fleet: the Debian packages its hosts run.

Standard library only (it runs before the virtualenv exists); it installs
through the runner's own installer, so root installs and an ordinary user gets
the apt-get command to run. Ansible itself comes from PyPI
(requirements/fleet.txt, in the project's virtualenv).
"""

from stacks.runner import setup as runner_setup

PACKAGES = [
    "iproute2",
    "util-linux",
    "openssh-server",
    "openssh-client",
    "dnsmasq-base",
    "nftables",
    "nginx",
    "redis-server",
    "openssl",
    "prometheus",
    "prometheus-nginx-exporter",
    "prometheus-redis-exporter",
    "bind9-dnsutils",
]  # dig and nslookup on client: lab 15 (Debian's dnsutils is its transitional name)


def main() -> None:
    runner_setup.install_packages(PACKAGES)
