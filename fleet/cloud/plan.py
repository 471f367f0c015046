"""The fleet mapped onto a cloud provider's objects (AWS's names), from the inventory and its firewall rules.

- every host but the clients (they stand for the internet and the admins' machines)
  becomes an instance with the inventory's address, in one subnet of one VPC;
- hosts with the same groups share one *security group* holding their nftables rules;
- every inventory group also gets an empty *member* group that its instances wear:
  a rule whose sources are exactly a group's addresses names that group instead of
  addresses, the cloud's way of saying "the load balancer only";
- the load balancer gets an elastic address, and the site's name an A record for it in
  a Route 53 zone; the managed alternative, an application load balancer with the app
  hosts as its targets, is planned beside it.

Plain data, no AWS client: ``check`` creates it in moto.
"""

import ipaddress
from dataclasses import dataclass, field

from fleet import inventory, paths
from fleet.cloud.rules import Allowed

OUTSIDE = {"clients"}  # groups that are not servers: their hosts stay addresses


@dataclass(frozen=True)
class Rule:
    """One ingress rule of a security group: protocol, port, and either networks or member groups."""

    protocol: str
    port: int
    cidrs: tuple = ()
    groups: tuple = ()  # inventory groups whose member security group is the source
    comment: str = ""


@dataclass
class SecurityGroup:
    name: str
    hosts: list
    rules: list = field(default_factory=list)


@dataclass
class Plan:
    vpc_cidr: str
    subnet_cidr: str
    instances: dict  # host -> (address, [security group names])
    security_groups: dict  # name -> SecurityGroup
    member_groups: dict  # inventory group -> member security group name
    lb_host: str
    site_name: str
    app_hosts: list
    app_port: int


def _role_name(groups: tuple) -> str:
    return "ilab-" + "-".join(groups)


def make(rules: list[Allowed], inventory_file=None) -> Plan:
    """The plan for ``inventory_file`` (the inventory in use by default), whose rendered rules are ``rules``."""
    hosts = [h for h in inventory.hosts(inventory_file) if not OUTSIDE & set(h.groups)]
    address = {h.name: h.address for h in hosts}
    groups_of = {h.name: tuple(sorted(set(h.groups) - {"all"})) for h in hosts}
    members = {g: sorted(n for n, gs in groups_of.items() if g in gs) for gs in groups_of.values() for g in gs}
    member_groups = {g: f"ilab-member-{g}" for g in sorted(members)}
    by_addresses: dict = {}  # the hosts' addresses -> the group they are (the first by name, when two are)
    for g, names in sorted(members.items()):
        by_addresses.setdefault(frozenset(f"{address[n]}/32" for n in names), g)
    security_groups: dict = {}
    for name in address:
        role = _role_name(groups_of[name])
        security_groups.setdefault(role, SecurityGroup(role, [])).hosts.append(name)
    for group in security_groups.values():
        first = group.hosts[0]
        mine = [r for r in rules if r.host == first]
        for other in group.hosts[1:]:
            theirs = [r.key()[1:] for r in rules if r.host == other]
            if sorted(theirs) != sorted(r.key()[1:] for r in mine):
                raise ValueError(f"{first} and {other} share groups but not rules: one security group cannot hold both")
        wanted: dict = {}
        for r in mine:
            wanted.setdefault((r.protocol, r.port, r.comment), set()).add(r.source)
        for (protocol, port, comment), sources in sorted(wanted.items()):
            group_name = by_addresses.get(frozenset(sources))
            group.rules.append(
                Rule(protocol, port, groups=(group_name,), comment=comment)
                if group_name
                else Rule(protocol, port, cidrs=tuple(sorted(sources)), comment=comment)
            )
    lb = next(n for n, gs in groups_of.items() if "lbs" in gs)
    network = ipaddress.ip_network(paths.NETWORK)
    return Plan(
        vpc_cidr=str(network.supernet(new_prefix=16)),
        subnet_cidr=str(network),
        instances={
            n: (address[n], [_role_name(groups_of[n]), *(member_groups[g] for g in groups_of[n])]) for n in address
        },
        security_groups=security_groups,
        member_groups=member_groups,
        lb_host=lb,
        site_name=inventory.setting("site_name"),
        app_hosts=members.get("apps", []),
        app_port=int(inventory.setting("app_port")),
    )
