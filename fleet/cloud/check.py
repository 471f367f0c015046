"""Create the fleet's cloud plan in moto with boto3, read it back, and compare it with nftables.

What it proves: the mapping is expressible in the provider's API (every call valid as
moto models it), and what the security groups let in -- their rules, with a member
group resolved to the addresses of the instances wearing it -- equals what the
firewall role's rules let in, host by host, port by port, source by source. What it
cannot: that AWS behaves as moto models it, that the instances boot, that Ansible
reaches them, or anything about routes, NAT, quotas and prices (docs/cloud.md).
"""

import ipaddress

from fleet.cloud import emulator
from fleet.cloud.plan import Plan
from fleet.cloud.rules import Allowed


def _image(ec2) -> str:
    """A Debian 12 image where the API knows one; moto's own list has none, so one of its Ubuntu images
    stands in (the image matters to nothing the check compares). Asked by name: the whole list is slow."""
    for pattern in ("debian-12*", "*ubuntu*"):
        images = ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": [pattern]}])["Images"]
        if images:
            return sorted(images, key=lambda i: i["Name"])[0]["ImageId"]
    raise RuntimeError("the API lists no Debian or Ubuntu image to start the instances from")


def _permission(rule, group_ids: dict) -> dict:
    permission = {"IpProtocol": rule.protocol, "FromPort": rule.port, "ToPort": rule.port}
    if rule.cidrs:
        permission["IpRanges"] = [{"CidrIp": c, "Description": rule.comment} for c in rule.cidrs]
    if rule.groups:
        permission["UserIdGroupPairs"] = [{"GroupId": group_ids[g], "Description": rule.comment} for g in rule.groups]
    return permission


def create(plan: Plan, url: str) -> dict:
    """Every object of the plan, made through the API; the ids it returned."""
    ec2, elb, dns = (emulator.client(url, s) for s in ("ec2", "elbv2", "route53"))
    vpc = ec2.create_vpc(CidrBlock=plan.vpc_cidr)["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=plan.subnet_cidr, AvailabilityZone="us-east-1a")["Subnet"][
        "SubnetId"
    ]
    second = str(next(ipaddress.ip_network(plan.subnet_cidr).supernet(new_prefix=23).subnets(new_prefix=24)))
    second = (
        second
        if second != plan.subnet_cidr
        else str(list(ipaddress.ip_network(plan.subnet_cidr).supernet(new_prefix=23).subnets(new_prefix=24))[1])
    )
    subnet_b = ec2.create_subnet(VpcId=vpc, CidrBlock=second, AvailabilityZone="us-east-1b")["Subnet"]["SubnetId"]
    ids = {}
    for name in [*plan.member_groups.values(), *plan.security_groups]:
        ids[name] = ec2.create_security_group(GroupName=name, Description=f"interface lab: {name}", VpcId=vpc)[
            "GroupId"
        ]
    member_ids = {g: ids[name] for g, name in plan.member_groups.items()}
    for group in plan.security_groups.values():
        ec2.authorize_security_group_ingress(
            GroupId=ids[group.name], IpPermissions=[_permission(r, member_ids) for r in group.rules]
        )
    image, instances = _image(ec2), {}
    for host, (address, groups) in plan.instances.items():
        made = ec2.run_instances(
            ImageId=image,
            InstanceType="t3.small",
            MinCount=1,
            MaxCount=1,
            SubnetId=subnet,
            PrivateIpAddress=address,
            SecurityGroupIds=[ids[g] for g in groups],
            TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": host}]}],
        )
        instances[host] = made["Instances"][0]["InstanceId"]
    eip = ec2.allocate_address(Domain="vpc")
    ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=instances[plan.lb_host])
    zone = dns.create_hosted_zone(Name=plan.site_name.split(".", 1)[1] + ".", CallerReference="interface-lab")
    zone_id = zone["HostedZone"]["Id"]
    dns.change_resource_record_sets(
        HostedZoneId=zone_id,
        ChangeBatch={
            "Changes": [
                {
                    "Action": "UPSERT",
                    "ResourceRecordSet": {
                        "Name": plan.site_name + ".",
                        "Type": "A",
                        "TTL": 300,
                        "ResourceRecords": [{"Value": eip["PublicIp"]}],
                    },
                }
            ]
        },
    )
    # The managed alternative: an application load balancer in front of the app hosts.
    alb_group = ec2.create_security_group(GroupName="ilab-alb", Description="the managed load balancer", VpcId=vpc)[
        "GroupId"
    ]
    alb = elb.create_load_balancer(
        Name="ilab-site",
        Subnets=[subnet, subnet_b],
        SecurityGroups=[alb_group],
        Scheme="internet-facing",
        Type="application",
    )["LoadBalancers"][0]
    target = elb.create_target_group(
        Name="ilab-apps", Protocol="HTTP", Port=plan.app_port, VpcId=vpc, HealthCheckPath="/health"
    )["TargetGroups"][0]
    elb.register_targets(
        TargetGroupArn=target["TargetGroupArn"],
        Targets=[{"Id": instances[h], "Port": plan.app_port} for h in plan.app_hosts],
    )
    elb.create_listener(
        LoadBalancerArn=alb["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": target["TargetGroupArn"]}],
    )
    return {
        "vpc": vpc,
        "groups": ids,
        "instances": instances,
        "eip": eip["PublicIp"],
        "zone": zone_id,
        "target_group": target["TargetGroupArn"],
    }


def effective(url: str) -> list[Allowed]:
    """What the security groups let into each instance, read back from the API, member groups resolved."""
    ec2 = emulator.client(url, "ec2")
    instances = [i for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]]
    name = {i["InstanceId"]: next(t["Value"] for t in i["Tags"] if t["Key"] == "Name") for i in instances}
    wearing: dict = {}
    for i in instances:
        for group in i["SecurityGroups"]:
            wearing.setdefault(group["GroupId"], []).append(f"{i['PrivateIpAddress']}/32")
    groups = {g["GroupId"]: g for g in ec2.describe_security_groups()["SecurityGroups"]}
    found = []
    for i in instances:
        for worn in i["SecurityGroups"]:
            for p in groups[worn["GroupId"]]["IpPermissions"]:
                sources = [r["CidrIp"] for r in p.get("IpRanges", [])]
                sources += [a for pair in p.get("UserIdGroupPairs", []) for a in wearing.get(pair["GroupId"], [])]
                found += [
                    Allowed(name[i["InstanceId"]], p["IpProtocol"], port, s)
                    for port in range(p["FromPort"], p["ToPort"] + 1)
                    for s in sources
                ]
    return sorted(found)


def compare(plan: Plan, firewall: list[Allowed], url: str) -> dict:
    """Create the plan, read it back, and say where the cloud's rules and nftables' differ."""
    made = create(plan, url)
    in_cloud = {a.key() for a in effective(url)}
    on_hosts = {a.key() for a in firewall if a.host in plan.instances}
    dns = emulator.client(url, "route53")
    records = dns.list_resource_record_sets(HostedZoneId=made["zone"])["ResourceRecordSets"]
    site = next((r for r in records if r["Name"] == plan.site_name + "." and r["Type"] == "A"), None)
    targets = emulator.client(url, "elbv2").describe_target_health(TargetGroupArn=made["target_group"])
    return {
        "allowed_by_nftables": len(on_hosts),
        "allowed_by_security_groups": len(in_cloud),
        "only_in_nftables": sorted(on_hosts - in_cloud),
        "only_in_security_groups": sorted(in_cloud - on_hosts),
        "site_record": site["ResourceRecords"][0]["Value"] if site else "",
        "elastic_address": made["eip"],
        "alb_targets": sorted(t["Target"]["Id"] for t in targets["TargetHealthDescriptions"]),
        "app_instances": sorted(made["instances"][h] for h in plan.app_hosts),
    }
