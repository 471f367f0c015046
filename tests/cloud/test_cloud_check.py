"""The fleet's cloud mapping, created in moto's emulated AWS API and read back: its security groups
let in exactly what the firewall role's nftables rules let in, and docs/cloud.md shows today's mapping."""

import json

import pytest

from fleet import paths
from fleet.cloud import __main__ as cloud_main
from fleet.cloud import check, emulator, plan, rules
from fleet.cloud.rules import Allowed

pytestmark = pytest.mark.slow  # Ansible renders the rules, moto_server starts: about 20 s
VOLATILE = ("checked", "moto", "boto3")  # when and with what it was checked, not what was found


@pytest.fixture(scope="module")
def checked():
    firewall = rules.allowed(rules.render(paths.INVENTORY))  # the lab's, as the committed mapping is
    the_plan = plan.make(firewall, paths.INVENTORY)
    with emulator.running() as url:
        comparison = check.compare(the_plan, firewall, url)
        in_cloud = check.effective(url)
    return the_plan, firewall, comparison, in_cloud


def test_the_security_groups_allow_exactly_what_nftables_allows(checked):
    _, _, comparison, _ = checked
    assert comparison["allowed_by_nftables"] > 20, "every host's rules were read"
    assert (comparison["only_in_nftables"], comparison["only_in_security_groups"]) == ([], [])


def test_a_path_on_one_side_only_is_found(checked):
    the_plan, firewall, _, in_cloud = checked
    cloud = {a.key() for a in in_cloud}
    dropped = [a for a in firewall if a.host in the_plan.instances][0]
    extra = Allowed("app1", "tcp", 6379, "198.18.0.100/32")
    hosts = {a.key() for a in firewall if a.host in the_plan.instances} - {dropped.key()} | {extra.key()}
    assert cloud - hosts == {dropped.key()} and hosts - cloud == {extra.key()}


def test_the_site_resolves_to_the_front_door_and_the_managed_lb_targets_the_app_hosts(checked):
    _, _, comparison, _ = checked
    assert comparison["site_record"] == comparison["elastic_address"] != ""
    assert comparison["alb_targets"] == comparison["app_instances"] and len(comparison["app_instances"]) == 2


def test_the_member_groups_name_the_sources_that_are_whole_inventory_groups(checked):
    the_plan, _, _, _ = checked
    apps = the_plan.security_groups["ilab-apps"]
    gunicorn = next(r for r in apps.rules if r.port == 8000)
    assert gunicorn.groups == ("lbs",) and not gunicorn.cidrs


def test_a_rule_the_reader_does_not_know_stops_it():
    with pytest.raises(rules.RulesError, match="cannot map"):
        rules.parse("x", "chain input {\n        tcp dport 22 ip daddr 10.0.0.1 accept\n}")


def test_the_committed_mapping_is_todays(checked):
    the_plan, _, comparison, _ = checked
    fresh = json.loads(json.dumps(cloud_main.document(the_plan, comparison)))
    committed = json.loads(cloud_main.RESULTS.read_text())
    for key in VOLATILE:
        fresh.pop(key), committed.pop(key)
    assert committed == fresh, "run '.venv/bin/python -m fleet.cloud' and 'make tables'"
