"""The site as a user on the client host sees it: its name through the fleet's DNS, TLS, the redirect."""

import json

from fleet import inventory
from tests.fleet.conftest import curl, on, site_url


def test_client_resolves_the_site_through_the_fleets_dns(fleet):
    lb = next(h.address for h in inventory.hosts() if h.name == "lb")
    dns = next(h.address for h in inventory.hosts() if h.name == "dns")
    assert on("client", "cat", "/etc/resolv.conf").stdout.strip() == f"nameserver {dns}"
    answer = on("client", "getent", "ahostsv4", inventory.setting("site_name"))
    assert answer.returncode == 0 and answer.stdout.split()[0] == lb


def test_the_dns_server_forwards_nothing(fleet):
    assert on("client", "getent", "ahostsv4", "nowhere.test").returncode != 0
    assert on("client", "getent", "ahostsv4", "deb.debian.org").returncode != 0


def test_https_serves_the_site_with_the_labs_certificate(fleet):
    result = curl("client", "-i", site_url("/"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("HTTP/2 200"), "curl offers h2 by ALPN and the load balancer takes it"
    assert "strict-transport-security" in result.stdout.lower()
    assert result.stdout.endswith("Hello, World!")


def test_http_redirects_to_https(fleet):
    result = curl(
        "client",
        "-o",
        "/dev/null",
        "-w",
        "%{http_code} %{redirect_url}",
        site_url("/json").replace("https://", "http://"),
    )
    assert result.stdout == f"301 {site_url('/json')}"


def test_both_app_hosts_serve_and_share_redis(fleet):
    """/health names Redis on the cache host; the counter is one across both app hosts."""
    health = json.loads(curl("client", site_url("/health")).stdout)
    assert health["status"] == "ok" and health["services"] == {"redis": "ok"}, health
    answers = [json.loads(curl("client", site_url("/counter")).stdout) for _ in range(4)]
    assert {a["backend"] for a in answers} == {"redis"}
    counts = [a["counter"] for a in answers]
    assert counts == list(range(counts[0], counts[0] + 4)), counts


def test_the_app_gets_the_sites_name_not_the_clients_host_header(fleet):
    """A request for the site whose Host header names another (the request line's absolute URL
    wins, RFC 9112 3.2.2): the load balancer passes on the name it served, never the raw header."""
    result = curl(
        "client",
        "--http1.1",
        "--request-target",
        site_url("/env"),
        "-H",
        "Host: other.example",
        site_url("/env"),
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["environ"]["HTTP_HOST"] == inventory.setting("site_name")
