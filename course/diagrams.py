"""How a request travels through each stack, drawn as SVG from its manifest and configs.

Nothing here is drawn by hand: the boxes are the manifest's processes, who they
run as comes from ``as_root``, the sockets and protocols from the web server's
config template (``*_pass``, ``upstream``, ``ScriptSock``, ``WSGIDaemonProcess``),
the backing services from the manifest's environment, and whether nginx passes a
response on as it arrives from how it is told the length of what it waits for
(see ``streams``). Socket paths are read from the configs as the runner renders
them (its own ``render``, the run folders standing in as RUN/...). ``make tables``
writes docs/diagrams/STACK.svg, laid out for the page by course/diagram_layout.py;
the tests fail when one is stale, so a diagram cannot drift from the stack it shows.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from course import diagram_layout
from course.facts import ROOT
from stacks.runner import manifest as manifests
from stacks.runner.render import PLACEHOLDER, render
from stacks.runner.rundir import folders

STACKS = ROOT / "stacks"
OUT = ROOT / "docs" / "diagrams"
SERVICE = "runs as the service account"
ROOTED = "master as root, workers as the service account"


@dataclass
class Node:
    title: str
    lines: list = field(default_factory=list)


@dataclass
class Edge:
    label: str
    note: str = ""


@dataclass
class Diagram:
    chain: list  # Node, Edge, Node, Edge, ... from the client to the app
    attached: list = field(default_factory=list)  # (Edge, Node) hanging off the last node
    beside: list = field(default_factory=list)  # other programs of the stack: (name, runs as, role)


def _manifest(stack: str):
    """The stack's manifest as the runner reads it (shared parts it includes merged in)."""
    return manifests.load(STACKS / stack)


def _template(stack: str, name: str) -> str:
    """A template of the stack, its tunable knobs filled with the values it ships with."""
    path = STACKS / stack / name
    if not path.is_file():
        return ""
    shipped = {knob: str(declared.shipped) for knob, declared in _manifest(stack).tunable.items()}
    return PLACEHOLDER.sub(lambda found: shipped.get(found.group(1), found.group(0)), path.read_text())


class _Symbolic(dict):
    """Template values for a drawing: the run's folders under RUN/, any other value its own name."""

    def __contains__(self, key) -> bool:
        return True

    def __missing__(self, key) -> str:
        return key.upper()


RUN = "RUN"


def _rendered(stack: str, name: str) -> str:
    """A template as the runner renders it, with the run folders as RUN/var/... (a path in a label: var/...)."""
    text = _template(stack, name)
    return render(text, _Symbolic({k: str(v) for k, v in folders(Path(RUN), stack).items()}), name) if text else ""


def _in_run(path: str) -> str:
    return path.removeprefix(f"{RUN}/")


def streams(stack: str) -> bool:
    """Does the front pass each piece of a streamed response on as it arrives?

    nginx buffers upstream responses (``*_buffering on``, the default) and hands a
    partly filled buffer on only when it knows how many bytes it still waits for:
    an HTTP/1.1 upstream says so in its chunked framing, FastCGI in its records
    when ``fastcgi_keep_conn on`` lets nginx read them as such. SCGI, uwsgi and
    FastCGI without it give nginx no length: it waits for a full buffer or the end.
    Over TLS, nginx then collects what it passes on in its SSL buffer
    (``ssl_buffer_size``) and writes a record only when that fills or a piece is
    marked "flush"; buffered proxying marks none until the end (the plain-TCP
    writer counts its recycled buffers as a flush point, the TLS writer does not),
    so even the headers wait. A stack without nginx in front streams.
    """
    return streams_with(_template(stack, "nginx.conf"))


def streams_with(conf: str) -> bool:
    """``streams`` for a stack whose front is configured by ``conf`` ('' when no nginx)."""
    if not conf:
        return True
    passes = re.findall(r"^\s*(proxy|fastcgi|scgi|uwsgi)_pass ", conf, re.M)
    if not passes:
        return True  # nginx answers itself (static)
    if re.search(r"^\s*\w+_buffering off;", conf, re.M):
        return True
    if re.search(r"^\s*listen .*\bssl\b", conf, re.M):
        return False
    kind = passes[-1]
    if kind == "proxy":
        return "proxy_http_version 1.1;" in conf
    if kind == "fastcgi":
        return bool(re.search(r"^\s*fastcgi_keep_conn on;", conf, re.M))
    return False


CLIENT = Node("client", ["curl, a browser, wrk or locust"])


def _runs_as(process) -> str:
    return ROOTED if process.as_root else SERVICE


def _client_edge(manifest) -> Edge:
    """How clients reach the stack, from its ports: a front server that terminates TLS sends plain HTTP
    on to HTTPS (production's nginx); an app server that holds both ports answers on both."""
    if "https_port" not in manifest.ports:
        return Edge("HTTP on PORT")
    label = f"HTTPS on HTTPS_PORT (HTTP on PORT {'redirects' if manifest.front else 'too'})"
    if "quic_port" in manifest.ports:
        label += ", HTTP/3 on QUIC_PORT (UDP)"
    return Edge(label)


def _nginx_link(stack: str) -> Edge:
    conf = _rendered(stack, "nginx.conf")
    found = re.search(r"^\s*(proxy|fastcgi|scgi|uwsgi)_pass (\S+);", conf, re.M)
    if not found:
        return Edge("")
    kind, target = found.groups()
    protocol = {
        "proxy": "HTTP",
        "fastcgi": "FastCGI records",
        "scgi": "SCGI netstring + body",
        "uwsgi": "uwsgi packet + body",
    }[kind]
    if target.startswith("http://"):
        upstream = re.search(rf"upstream {target[7:]} {{\s*server (\S+)", conf)
        target = upstream.group(1) if upstream else target
    if target.startswith("unix:"):
        where = f"unix socket {_in_run(target[5:])}"
    else:
        where = "loopback TCP (a port the runner picks)"
    if streams(stack):
        note = "response passed on as it arrives"
    elif re.search(r"^\s*listen .*\bssl\b", conf, re.M):
        note = "response held: the TLS buffer is flushed only at the end"
    else:
        note = "response held until a buffer fills or it ends"
    return Edge(f"{protocol} over {where}", note)


def _apache(stack: str, manifest) -> Diagram:
    conf = _rendered(stack, "apache.conf")
    apache = Node("Apache httpd", [ROOTED, manifest.interface])
    chain = [CLIENT, _client_edge(manifest), apache]
    cgid = re.search(r"^ScriptSock (\S+)", conf, re.M)
    daemon = re.search(r"^WSGIDaemonProcess (\S+) processes=(\d+) threads=(\d+)", conf, re.M)
    if cgid:
        chain += [
            Edge(f"the request's CGI variables over unix socket {_in_run(cgid.group(1))} (ScriptSock)"),
            Node("cgid daemon", ["mod_cgid's helper, forked by Apache at start-up", SERVICE]),
            Edge(
                "fork + exec for every request; the script's stdin and stdout are the Apache child's socket",
                "output passed on as the script writes it",
            ),
            Node("hello.cgi", ["/usr/bin/python3, a new process per request", SERVICE]),
        ]
    elif daemon:
        name, processes, threads = daemon.groups()
        chain += [
            Edge("mod_wsgi daemon socket (unix)", "response passed on as it arrives"),
            Node(f"daemon group '{name}'", [f"{processes} processes x {threads} threads", SERVICE]),
        ]
    else:
        apache.lines.append("the app runs inside each Apache child")
    return Diagram(chain)


def diagram(stack: str) -> Diagram:
    manifest = _manifest(stack)
    processes = list(manifest.processes)
    if _template(stack, "apache.conf"):
        return _apache(stack, manifest)
    chain = [CLIENT, _client_edge(manifest)]
    front = next((p for p in processes if p.name == "nginx"), None)
    others = [p for p in processes if p is not front]
    if front:
        chain.append(
            Node(
                "nginx",
                [_runs_as(front), "TLS ends here" if "https_port" in manifest.ports else "the client's HTTP ends here"],
            )
        )
        if not others:
            chain[-1].lines.append("answers by itself: no app")
            return Diagram(chain)
        chain.append(_nginx_link(stack))
    app, attached, beside = others[0], [], []
    what = [manifest.app_process] if manifest.app_process.lower() not in ("", app.name.lower()) else []
    chain.append(Node(app.name, [*what, manifest.process_model, _runs_as(app)]))
    environment = manifest.environment
    for process in others[1:]:
        bind = re.search(r"--bind (\S+)", process.command)
        if process.name == "redis" and "REDIS_URL" in environment:
            where = environment["REDIS_URL"].replace("unix://{{ var }}/", "unix socket var/")
            attached.append(
                (Edge(f"Redis protocol over {where}"), Node("redis", ["backing service", _runs_as(process)]))
            )
        elif bind and "SENTRY_DSN" not in process.command:
            link = f"HTTP to {bind.group(1).split(':')[0]}"
            attached.append((Edge(f"{link} (error events)"), Node(process.name, ["error tracker", _runs_as(process)])))
        else:  # not on a request's path: monitoring and the like
            beside.append((process.name, _runs_as(process), _role(process)))
    return Diagram(chain, attached, beside)


def _role(process) -> str:
    if "exporter" in process.name:
        return "turns another program's counters into metrics"
    if "prometheus" in process.command:
        return "scrapes and stores the metrics, evaluates alert rules"
    if "alertmanager" in process.command:
        return "routes the alerts"
    return "off the request's path"


def svg(stack: str) -> str:
    caption = (
        f"stack '{stack}', generated from stacks/{stack}/ by make tables. Under root as shown; "
        "started by an ordinary user, every process runs as that user. One supervisord starts them all."
    )
    return diagram_layout.draw(diagram(stack), f"How a request travels on the {stack} stack", caption)


def stacks() -> list:
    return sorted(manifests.discover())


def files() -> dict:
    """{file name: SVG} for every stack: docs/diagrams/, registered in course/registry.py."""
    return {f"{name}.svg": svg(name) for name in stacks()}
