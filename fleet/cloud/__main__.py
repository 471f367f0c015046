"""``python -m fleet.cloud``: the fleet's cloud mapping, created in moto and checked against nftables.

Writes the mapping and the comparison to benchmarks/results/cloud.json (docs/cloud.md
is generated from it by ``make tables``); exits 1 when the security groups and the
firewall rules disagree.
"""

import argparse
import dataclasses
import json
import sys
import time
from importlib import metadata

from fleet.cloud import check, emulator, plan, rules
from stacks.runner.paths import ROOT

RESULTS = ROOT / "benchmarks" / "results" / "cloud.json"


def document(the_plan: plan.Plan, comparison: dict) -> dict:
    """What the page shows: the plan's objects and the comparison's verdict (not the emulator's random ids)."""
    return {
        "checked": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "moto": metadata.version("moto"),
        "boto3": metadata.version("boto3"),
        "vpc_cidr": the_plan.vpc_cidr,
        "subnet_cidr": the_plan.subnet_cidr,
        "instances": {h: {"address": a, "security_groups": g} for h, (a, g) in the_plan.instances.items()},
        "security_groups": {
            n: {"hosts": g.hosts, "rules": [dataclasses.asdict(r) for r in g.rules]}
            for n, g in the_plan.security_groups.items()
        },
        "member_groups": the_plan.member_groups,
        "lb_host": the_plan.lb_host,
        "site_name": the_plan.site_name,
        "app_hosts": the_plan.app_hosts,
        "app_port": the_plan.app_port,
        "comparison": {
            k: comparison[k]
            for k in (
                "allowed_by_nftables",
                "allowed_by_security_groups",
                "only_in_nftables",
                "only_in_security_groups",
            )
        },
        "site_record_is_the_elastic_address": comparison["site_record"] == comparison["elastic_address"],
        "alb_targets_are_the_app_hosts": comparison["alb_targets"] == comparison["app_instances"],
    }


def run(inventory=None) -> tuple[dict, list]:
    """Render, plan, create in moto and compare, for ``inventory`` (the inventory in use by default)."""
    firewall = rules.allowed(rules.render(inventory))
    the_plan = plan.make(firewall, inventory)
    with emulator.running() as url:
        comparison = check.compare(the_plan, firewall, url)
    return document(the_plan, comparison), firewall


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fleet.cloud", description=__doc__.splitlines()[0])
    parser.add_argument("--results", default=str(RESULTS), help="where the JSON goes")
    args = parser.parse_args(argv)
    try:
        result, _ = run()
    except (RuntimeError, rules.RulesError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    with open(args.results, "w") as out:
        out.write(json.dumps(result, indent=1) + "\n")
    comparison = result["comparison"]
    differ = comparison["only_in_nftables"] or comparison["only_in_security_groups"]
    print(
        f"{comparison['allowed_by_nftables']} paths allowed by nftables, "
        f"{comparison['allowed_by_security_groups']} by the security groups: "
        + ("they differ" if differ else "the same")
        + f"; wrote {args.results}"
    )
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
