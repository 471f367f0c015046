"""Lab 15: the fleet's DNS sends the site's name to the load balancer, and client reaches the site by it.

The broken copy is the DNS host's own dnsmasq.conf with the site's record still
pointing at an app host (the server the site ran on before the load balancer came):
client's curl goes straight to that host, where no TLS is served and the firewall
drops the connection. ``make lab-check`` (course/tasks/lab.py) loads the learner's
copy on the DNS host through ``restart``, runs ``check``, and always puts the
fleet's own file back (fleet/trial.py).
"""

from fleet import inventory, on_host, paths
from fleet.playbook import ansible_bin

NEEDS = "fleet"
HOST = "dns"  # where the files go
FILES = {"dnsmasq.conf": paths.HOST_MOUNTS["etc"] / "dnsmasq.conf"}  # the learner's files, and where each goes
CLIENT = "client"  # where the site's users are
CONNECT_SECONDS = 3  # a dropped connection gives up after this, not after curl's default two minutes

SITE = inventory.setting("site_name")
DOMAIN = SITE.split(".", 1)[1]
HOSTS = {h.name: h for h in inventory.hosts()}
LB = next(h for h in HOSTS.values() if "lbs" in h.groups)
APP = next(h for h in HOSTS.values() if "apps" in h.groups)

# The mistake: the fleet's own dnsmasq.conf with this one change (broken); unchanged, it is the fix.
BREAK = {"dnsmasq.conf": [(f"host-record={SITE},{LB.address}\n", f"host-record={SITE},{APP.address}\n")]}


def restart():
    """Have the DNS host's dnsmasq read its configuration file again: dnsmasq's own syntax check
    first (its one-line error when the file is wrong), then a restart under the host's supervisord."""
    conf = FILES["dnsmasq.conf"]
    supervisorctl = [ansible_bin("supervisorctl"), "-c", str(paths.HOST_MOUNTS["etc"] / "supervisord.conf")]
    return on_host.run(
        HOST,
        "sh",
        "-c",
        f'/usr/sbin/dnsmasq --test --conf-file={conf} 2>&1 && "$@"',
        "restart",
        *supervisorctl,
        "restart",
        "dnsmasq",
    )


def answers(*names: str) -> dict:
    """What the fleet's DNS answers for each name, asked from client with dig (name -> addresses)."""
    done = on_host.run(CLIENT, "dig", "+noall", "+answer", "+time=2", "+tries=1", *names)
    found = {name: set() for name in names}
    for line in done.stdout.splitlines():
        fields = line.split()
        if len(fields) == 5 and fields[3] == "A":
            found.setdefault(fields[0].rstrip("."), set()).add(fields[4])
    return found


def check(checks) -> None:
    lb = {h.address for h in HOSTS.values() if "lbs" in h.groups}
    site = answers(SITE)[SITE]
    checks.expect(
        site == lb,
        f"the fleet's DNS answers {SITE} with the load balancer ({', '.join(sorted(lb))})",
        f"dig on {CLIENT} got {', '.join(sorted(site)) or 'no address'}",
    )
    resolved = on_host.run(CLIENT, "getent", "ahostsv4", SITE)
    got = {line.split()[0] for line in resolved.stdout.splitlines() if line.strip()}
    checks.expect(
        got == lb,
        f"{CLIENT} resolves {SITE} to the load balancer (getent, as curl does)",
        f"getent ahostsv4 {SITE} gave {', '.join(sorted(got)) or 'nothing'}",
    )
    names = {f"{name}.{DOMAIN}": host.address for name, host in HOSTS.items()}
    found = answers(*names)
    wrong = sorted(name for name, address in names.items() if found[name] != {address})
    checks.expect(
        not wrong,
        f"every host's own name still answers with its address ({len(names)} names)",
        f"wrong or missing: {', '.join(wrong)}",
    )
    unknown = answers(f"nowhere.{DOMAIN}", "deb.debian.org")
    checks.expect(
        not any(unknown.values()),
        "a name the fleet does not know gets no address (nothing forwarded)",
        f"got {unknown}",
    )
    fetched = on_host.run(
        CLIENT,
        "curl",
        "-sS",
        "--connect-timeout",
        str(CONNECT_SECONDS),
        "--max-time",
        "10",
        "--cacert",
        str(paths.fleet_dir() / "tls" / "ca.crt"),
        f"https://{SITE}/",
    )
    checks.expect(
        fetched.returncode == 0 and fetched.stdout == "Hello, World!",
        f"curl https://{SITE}/ on {CLIENT} answers Hello, World! with the certificate verified",
        fetched.stderr.strip() or f"got {fetched.stdout[:60]!r}",
    )
