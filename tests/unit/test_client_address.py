"""/env "client": X-Forwarded-* believed only from TRUSTED_PROXIES."""

import json


def client_of(wsgi_call, config, remote, forwarded_for="", proto=""):
    headers = {"X-Forwarded-For": forwarded_for, "X-Forwarded-Proto": proto}
    answer = wsgi_call("GET", "/env", headers=headers, config=config, environ={"REMOTE_ADDR": remote})
    return json.loads(answer.body)["client"]


def test_untrusted_peer_is_the_client(wsgi_call, make_config):
    client = client_of(wsgi_call, make_config(), "203.0.113.9", "1.2.3.4", "https")
    assert client == {"addr": "203.0.113.9", "scheme": "http"}


def test_trusted_proxy_walks_forwarded_for_right_to_left(wsgi_call, make_config):
    config = make_config(TRUSTED_PROXIES="127.0.0.1, 10.0.0.0/8")
    client = client_of(wsgi_call, config, "127.0.0.1", "6.6.6.6, 1.2.3.4, 10.1.1.1", "https")
    assert client == {"addr": "1.2.3.4", "scheme": "https"}


def test_unix_socket_peer_can_be_trusted(wsgi_call, make_config):
    client = client_of(wsgi_call, make_config(TRUSTED_PROXIES="unix"), "", "1.2.3.4", "https")
    assert client == {"addr": "1.2.3.4", "scheme": "https"}
