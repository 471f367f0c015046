"""The production checklist against the fleet, as its client host sees the site: what the verify
stage runs after its watching window, failing the build with the item that failed.

The checklist is declared once (stacks/production/checklist.py) and checked by the functions of
``make check-deploy`` (stacks/production/check_deploy.py); here they are pointed at the fleet's
site instead of one box: its name through the fleet's DNS and load balancer, its CA, its
Prometheus. Only the items a client and an operator's monitoring can see are checked from
here; the ones about one box's processes and files (secrets, not root, the app socket, the
workers, the tracker's token) are what the fleet's roles set on every host, checked by the
fleet tests, and have no single box to look at.

    python -m ci.fleet_checklist     (on the client host: verify runs it there with nsenter)
"""

import sys

from fleet import inventory, monitoring, paths
from stacks.production import check_deploy

ITEMS = (
    "environment",
    "no_tracebacks",
    "certificate",
    "hsts",
    "server_tokens",
    "redirect",
    "prometheus_targets",
)  # check_deploy's functions that a client of the site can run


class Site:
    """What those checks read of a running production, for the fleet's site."""

    expected_environment = "production"
    http_port = 80

    def __init__(self) -> None:
        self.host = inventory.setting("site_name")
        self.url = f"https://{self.host}:443"
        self.cafile = str(paths.fleet_dir() / "tls" / "ca.crt")
        self.prometheus = monitoring.api(timeout=10)


def main() -> int:
    print(f"check-deploy on the fleet, from its client host ({len(ITEMS)} items a client can check):")
    return check_deploy.report(Site(), ITEMS)


if __name__ == "__main__":
    sys.exit(main())
