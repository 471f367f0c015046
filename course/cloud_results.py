"""The cloud mapping on docs/cloud.md: the security groups and the check's verdict, from benchmarks/results/cloud.json.

``python -m fleet.cloud`` writes the file (the plan it created in moto and what the
comparison with nftables found); this only lays it out. Standard library only.
"""

import json

from course import blocks
from course.facts import RESULTS

RESULTS_FILE = RESULTS / "cloud.json"


def _source(rule: dict, members: dict) -> str:
    if rule["groups"]:
        return ", ".join(f"`{members[g]}` (the {g})" for g in rule["groups"])
    return ", ".join(f"`{c}`" for c in rule["cidrs"])


def security_groups() -> str:
    data = json.loads(RESULTS_FILE.read_text())
    members = data["member_groups"]
    rows = [
        "| security group | instances | protocol and port | from | why (the nftables comment) |",
        "|---|---|---|---|---|",
    ]
    for name, group in data["security_groups"].items():
        for rule in group["rules"]:
            rows.append(
                f"| `{name}` | {', '.join(group['hosts'])} | {rule['protocol']} {rule['port']} | "
                f"{_source(rule, members)} | {rule['comment']} |"
            )
    return "\n".join(rows)


def instances() -> str:
    data = json.loads(RESULTS_FILE.read_text())
    rows = ["| instance | private address | security groups |", "|---|---|---|"]
    rows += [
        f"| {host} | {i['address']} | {', '.join(f'`{g}`' for g in i['security_groups'])} |"
        for host, i in data["instances"].items()
    ]
    return "\n".join(rows)


def verdict() -> str:
    data = json.loads(RESULTS_FILE.read_text())
    c = data["comparison"]
    same = not c["only_in_nftables"] and not c["only_in_security_groups"]
    text = (
        f"Checked {data['checked'][:10]} against moto {data['moto']} (boto3 {data['boto3']}): nftables allows "
        f"{c['allowed_by_nftables']} paths (host, protocol, port, source) into the hosts that became instances, "
        f"the security groups read back from the API allow {c['allowed_by_security_groups']}, and "
    )
    text += (
        "they are the same paths."
        if same
        else f"they differ: only nftables allows {c['only_in_nftables']}; only the security groups allow "
        f"{c['only_in_security_groups']}."
    )
    text += (
        " The site's A record names the load balancer's elastic address"
        if data["site_record_is_the_elastic_address"]
        else " The site's A record does NOT name the elastic address"
    )
    text += (
        ", and the managed load balancer's targets are the app instances."
        if data["alb_targets_are_the_app_hosts"]
        else ", and the managed load balancer's targets are NOT the app instances."
    )
    return text


def fill(text: str) -> str:
    return blocks.fill(
        text, {"cloud security groups": security_groups, "cloud instances": instances, "cloud check": verdict}
    )
