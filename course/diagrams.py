"""How a request travels through each stack, drawn as SVG from its manifest and configs.

Nothing here is drawn by hand: the boxes are the manifest's processes, who they
run as comes from ``as_root``, the sockets and protocols from the web server's
config template (``*_pass``, ``upstream``, ``ScriptSock``, ``WSGIDaemonProcess``),
the backing services from the manifest's environment, and whether nginx passes a
response on as it arrives from how it is told the length of what it waits for
(see ``streams``). ``make tables`` writes docs/diagrams/STACK.svg; the tests
fail when one is stale, so a diagram cannot drift from the stack it shows.
"""

import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from course.facts import ROOT
from stacks.runner import manifest as manifests

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
    path = STACKS / stack / name
    return path.read_text() if path.is_file() else ""


def _socket(path: str) -> str:
    return path.replace("{{ var }}/", "")


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


def _runs_as(process) -> str:
    return ROOTED if process.as_root else SERVICE


def _client_edge(manifest) -> Edge:
    return Edge("HTTPS on HTTPS_PORT (HTTP on PORT redirects)" if "https_port" in manifest.ports else "HTTP on PORT")


def _nginx_link(stack: str) -> Edge:
    conf = _template(stack, "nginx.conf").replace("{{ var }}/", "")
    found = re.search(r"^\s*(proxy|fastcgi|scgi|uwsgi)_pass (\S+);", conf, re.M)
    if not found:
        return Edge("")
    kind, target = found.groups()
    protocol = {"proxy": "HTTP", "fastcgi": "FastCGI records", "scgi": "SCGI netstring + body",
                "uwsgi": "uwsgi packet + body"}[kind]
    if target.startswith("http://"):
        upstream = re.search(rf"upstream {target[7:]} {{\s*server (\S+)", conf)
        target = upstream.group(1) if upstream else target
    if target.startswith("unix:"):
        where = f"unix socket {target[5:]}"
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
    conf = _template(stack, "apache.conf")
    apache = Node("Apache httpd", [ROOTED, manifest.interface])
    chain = [Node("client"), _client_edge(manifest), apache]
    cgid = re.search(r"^ScriptSock (\S+)", conf, re.M)
    daemon = re.search(r"^WSGIDaemonProcess (\S+) processes=(\d+) threads=(\d+)", conf, re.M)
    if cgid:
        chain += [Edge(f"cgid daemon over unix socket {_socket(cgid.group(1))}, then fork+exec",
                       "output passed on as the script writes it"),
                  Node("hello.cgi", ["/usr/bin/python3, a new process per request", SERVICE])]
    elif daemon:
        name, processes, threads = daemon.groups()
        chain += [Edge("mod_wsgi daemon socket (unix)", "response passed on as it arrives"),
                  Node(f"daemon group '{name}'", [f"{processes} processes x {threads} threads", SERVICE])]
    else:
        apache.lines.append("the app runs inside each Apache child")
    return Diagram(chain)


def diagram(stack: str) -> Diagram:
    manifest = _manifest(stack)
    processes = list(manifest.processes)
    if _template(stack, "apache.conf"):
        return _apache(stack, manifest)
    chain = [Node("client"), _client_edge(manifest)]
    front = next((p for p in processes if p.name == "nginx"), None)
    others = [p for p in processes if p is not front]
    if front:
        chain.append(Node("nginx", [_runs_as(front), "TLS ends here" if "https_port" in manifest.ports
                                    else "the client's HTTP ends here"]))
        if not others:
            chain[-1].lines.append("answers by itself: no app")
            return Diagram(chain)
        chain.append(_nginx_link(stack))
    app, attached, beside = others[0], [], []
    chain.append(Node(app.name, [manifest.app_process or app.name, manifest.process_model, _runs_as(app)]))
    environment = manifest.environment
    for process in others[1:]:
        bind = re.search(r"--bind (\S+)", process.command)
        if process.name == "redis" and "REDIS_URL" in environment:
            where = environment["REDIS_URL"].replace("unix://{{ var }}/", "unix socket ")
            attached.append((Edge(f"Redis protocol over {where}"), Node("redis", ["backing service", _runs_as(process)])))
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


BOX_W, BOX_H, GAP, PAD, LINE = 210, 112, 150, 16, 16


def _box(x: int, y: int, node: Node) -> str:
    parts = [f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="8" class="box"/>',
             f'<text x="{x + BOX_W // 2}" y="{y + 22}" class="title">{escape(node.title)}</text>']
    for i, line in enumerate(line for text in node.lines for line in _wrap(text, 28)):
        parts.append(f'<text x="{x + BOX_W // 2}" y="{y + 42 + i * LINE}" class="line">{escape(line)}</text>')
    return "\n".join(parts)


def _wrap(text: str, width: int = 22) -> list:
    words, lines = text.split(), [""]
    for word in words:
        if len(lines[-1]) + len(word) + 1 > width and lines[-1]:
            lines.append("")
        lines[-1] = f"{lines[-1]} {word}".strip()
    return lines


def _arrow(x1: int, y1: int, x2: int, y2: int, edge: Edge) -> str:
    """An arrow with its label above the middle and its note (buffering) below."""
    cx, cy = (x1 + x2) // 2, (y1 + y2) // 2
    parts = [f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" class="arrow" marker-end="url(#head)"/>']
    for i, line in enumerate(reversed(_wrap(edge.label))):
        parts.append(f'<text x="{cx}" y="{cy - 8 - i * LINE}" class="edge">{escape(line)}</text>')
    for i, line in enumerate(_wrap(edge.note)):
        parts.append(f'<text x="{cx}" y="{cy + 18 + i * LINE}" class="note">{escape(line)}</text>')
    return "\n".join(parts)


STYLE = """<style>
.box { fill: #f4f6fb; stroke: #3f51b5; stroke-width: 1.5; }
.title { font: bold 16px sans-serif; text-anchor: middle; fill: #1a237e; }
.line { font: 12.5px sans-serif; text-anchor: middle; fill: #333; }
.edge { font: 12.5px sans-serif; text-anchor: middle; fill: #000; }
.note { font: italic 12.5px sans-serif; text-anchor: middle; fill: #b71c1c; }
.arrow { stroke: #333; stroke-width: 1.5; }
.caption { font: 12px sans-serif; fill: #555; }
</style>"""


def svg(stack: str) -> str:
    d = diagram(stack)
    nodes, edges = d.chain[0::2], d.chain[1::2]
    columns = len(nodes) + (1 if d.attached else 0)
    top = 70
    width = PAD * 2 + columns * BOX_W + (columns - 1) * GAP
    beside_top = top + BOX_H + 50
    beside_height = 34 + LINE * len(d.beside) if d.beside else 0
    height = max(top + max(1, len(d.attached)) * (BOX_H + 60), beside_top + beside_height + 20) + 30
    body = []
    if d.beside:
        span = len(nodes) * BOX_W + (len(nodes) - 1) * GAP
        body.append(f'<rect x="{PAD}" y="{beside_top}" width="{span}" height="{beside_height}" rx="8" class="box"/>')
        body.append(f'<text x="{PAD + 12}" y="{beside_top + 20}" class="title" text-anchor="start" '
                    f'style="text-anchor: start">also under supervisord, off the request\'s path</text>')
        for k, (name, runs_as, role) in enumerate(d.beside):
            body.append(f'<text x="{PAD + 12}" y="{beside_top + 38 + k * LINE}" class="line" style="text-anchor: start">'
                        f'{escape(name)}: {escape(role)}; {escape(runs_as)}</text>')
    for i, node in enumerate(nodes):
        x = PAD + i * (BOX_W + GAP)
        body.append(_box(x, top, node))
        if i < len(edges):
            body.append(_arrow(x + BOX_W, top + BOX_H // 2, x + BOX_W + GAP, top + BOX_H // 2, edges[i]))
    app_x = PAD + (len(nodes) - 1) * (BOX_W + GAP)
    for j, (edge, node) in enumerate(d.attached):
        x, y = app_x + BOX_W + GAP, top + j * (BOX_H + 60)
        body.append(_arrow(app_x + BOX_W, top + BOX_H // 2, x, y + BOX_H // 2, edge))
        body.append(_box(x, y, node))
    caption = (f"stack '{stack}', generated from stacks/{stack}/ by make tables. Under root as shown; "
               "started by an ordinary user, every process runs as that user. One supervisord starts them all.")
    body.append(f'<text x="{PAD}" y="{height - 12}" class="caption">{escape(caption)}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="how a request travels on the {stack} stack">\n'
            f'<title>How a request travels on the {stack} stack</title>\n{STYLE}\n'
            '<defs><marker id="head" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
            'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#333"/></marker></defs>\n'
            + "\n".join(body) + "\n</svg>\n")


def stacks() -> list:
    return sorted(manifests.discover())


def files() -> dict:
    """{file name: SVG} for every stack: docs/diagrams/, registered in course/registry.py."""
    return {f"{name}.svg": svg(name) for name in stacks()}
