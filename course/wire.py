"""One request on the wire between nginx and the app: FastCGI, SCGI and uwsgi, captured.

``python -m course.wire`` starts the ``fastcgi``, ``scgi`` and ``uwsgi`` stacks in
turn (private run folders, free ports), puts a recorder on the app's unix socket
(the app's socket file is moved aside; the recorder listens in its place and
relays both ways), sends one ``GET /env?lang=en`` with curl's manners, and writes
docs/wire.md (and benchmarks/results/wire.json, the bytes it was written from): the bytes nginx sent, decoded field by field, next to the raw
bytes, and the first bytes of the answer. Nothing is typed by hand: rerun it and
the page shows what this machine's nginx and apps really exchange.
"""

import json
import os
import socket
import struct
import sys
import threading
import time
from pathlib import Path

from course.facts import ROOT
from stacks.runner.private import private_stack
from stacks.runner.probe import request

PAGE = ROOT / "docs" / "wire.md"
OBSERVED = ROOT / "benchmarks" / "results" / "wire.json"  # the bytes the committed page was written from
PATH = "/env?lang=en"
STACKS = {"fastcgi": "fastcgi.sock", "scgi": "scgi.sock", "uwsgi": "uwsgi.sock"}
FCGI_TYPES = {1: "BEGIN_REQUEST", 2: "ABORT_REQUEST", 3: "END_REQUEST", 4: "PARAMS", 5: "STDIN", 6: "STDOUT",
              7: "STDERR", 8: "DATA"}
SHOWN_PAIRS = ("REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "CONTENT_LENGTH", "SERVER_PROTOCOL",
               "GATEWAY_INTERFACE", "HTTP_HOST")


class Recorder:
    """Listens on the app's socket path and relays one connection to the app, keeping both directions."""

    def __init__(self, path: Path) -> None:
        self.path, self.real = path, path.with_name(path.name + ".app")
        os.rename(path, self.real)
        self.listener = socket.socket(socket.AF_UNIX)
        self.listener.bind(str(path))
        os.chmod(path, 0o666)  # nginx's workers (the service account) connect to it
        self.listener.listen(1)
        self.sent, self.answered = bytearray(), bytearray()
        self.thread = threading.Thread(target=self._relay, daemon=True)
        self.thread.start()

    def _relay(self) -> None:
        client, _ = self.listener.accept()
        app = socket.socket(socket.AF_UNIX)
        app.connect(str(self.real))
        pairs = [(client, app, self.sent), (app, client, self.answered)]
        threads = [threading.Thread(target=self._pump, args=pair) for pair in pairs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        client.close()
        app.close()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket, kept: bytearray) -> None:
        while data := source.recv(65536):
            kept.extend(data)
            target.sendall(data)
        try:
            target.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def close(self) -> None:
        self.thread.join(30)
        self.listener.close()
        self.path.unlink()
        os.rename(self.real, self.path)


def record(stack: str, run: Path, base_url: str) -> tuple:
    """(bytes nginx sent the app, bytes the app answered) for one GET of PATH on a running ``stack``."""
    recorder = Recorder(Path(run) / "var" / STACKS[stack])
    try:
        status, _, _ = request(base_url + PATH, headers={"User-Agent": "curl/7.88.1", "Accept": "*/*"})
        assert status == 200, f"{stack}: GET {PATH} answered {status}"
    finally:
        recorder.close()
    return bytes(recorder.sent), bytes(recorder.answered)


def capture(stack: str) -> tuple:
    """``record`` on ``stack`` started privately for the purpose."""
    with private_stack(stack) as state:
        return record(stack, state.run, state.base_url)


def decoded(stack: str, sent: bytes) -> dict:
    """The request variables nginx sent, as a dict of text, whatever the protocol."""
    if stack == "fastcgi":
        pairs = fastcgi(sent)[1]
    elif stack == "scgi":
        pairs = scgi(sent)[1]
    else:
        pairs = uwsgi(sent)[3]
    return {n.decode(): v.decode(errors="replace") for n, v in pairs}


def hexdump(data: bytes, limit: int = 96) -> str:
    lines = []
    for start in range(0, min(len(data), limit), 16):
        chunk = data[start:start + 16]
        text = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
        lines.append(f"{start:04x}  {chunk.hex(' '):<47}  {text}")
    if len(data) > limit:
        lines.append(f"...   ({len(data) - limit} more bytes)")
    return "\n".join(lines)


def _fcgi_length(data: bytes, at: int) -> tuple:
    if data[at] < 128:
        return data[at], at + 1
    return struct.unpack(">I", data[at:at + 4])[0] & 0x7FFFFFFF, at + 4


def fcgi_pairs(body: bytes) -> list:
    pairs, at = [], 0
    while at < len(body):
        name_len, at = _fcgi_length(body, at)
        value_len, at = _fcgi_length(body, at)
        pairs.append((body[at:at + name_len], body[at + name_len:at + name_len + value_len]))
        at += name_len + value_len
    return pairs


def fastcgi(data: bytes) -> list:
    """One line per record: type, request id, content and padding length, what it holds."""
    lines, at, params = [], 0, b""
    while at + 8 <= len(data):
        version, kind, request_id, length, padding = struct.unpack(">BBHHB", data[at:at + 7])
        content = data[at + 8:at + 8 + length]
        what = ""
        if kind == 1:
            role, flags = struct.unpack(">HB", content[:3])
            what = f"role {role} (RESPONDER), flags {flags} ({'keep the connection' if flags & 1 else 'close after'})"
        elif kind == 4:
            params += content
            what = f"{length} bytes of name-value pairs" if length else "empty: the end of the parameters"
        elif kind == 5:
            what = f"{length} bytes of body" if length else "empty: the end of the body"
        lines.append(f"| FCGI_{FCGI_TYPES.get(kind, kind)} | {version} | {request_id} | {length} | {padding} | {what} |")
        at += 8 + length + padding
    return lines, fcgi_pairs(params)


def scgi(data: bytes) -> tuple:
    size, rest = data.split(b":", 1)
    headers = rest[:int(size)]
    fields = headers.split(b"\0")[:-1]
    return int(size), list(zip(fields[::2], fields[1::2], strict=True)), rest[int(size) + 1:]


def uwsgi(data: bytes) -> tuple:
    modifier1, size, modifier2 = struct.unpack("<BHB", data[:4])
    pairs, at, end = [], 4, 4 + size
    while at < end:
        (name_len,) = struct.unpack("<H", data[at:at + 2])
        name = data[at + 2:at + 2 + name_len]
        at += 2 + name_len
        (value_len,) = struct.unpack("<H", data[at:at + 2])
        pairs.append((name, data[at + 2:at + 2 + value_len]))
        at += 2 + value_len
    return modifier1, size, modifier2, pairs, data[end:]


def _pairs_table(pairs: list) -> list:
    shown = [(n.decode(), v.decode(errors="replace")) for n, v in pairs if n.decode() in SHOWN_PAIRS]
    rows = ["| name | value |", "|---|---|"] + [f"| `{n}` | `{v}` |" if v else f"| `{n}` | (empty) |" for n, v in shown]
    return rows + ["", f"{len(pairs)} pairs in all; the table shows the ones the lab's pages talk about."]


def _answer(answered: bytes) -> list:
    return ["The first bytes of the answer, app to nginx:", "", "```", hexdump(answered, 64), "```"]


def section_fastcgi(sent: bytes, answered: bytes) -> list:
    records, pairs = fastcgi(sent)
    return ["## FastCGI (`fastcgi` stack)", "",
            "Records of an 8-byte header (version, type, request id, content length, padding length, a reserved "
            "byte) and their content. nginx opens a new connection and sends:", "",
            "| record | version | request id | content length | padding | what it holds |", "|---|--:|--:|--:|--:|---|",
            *records, "", *_pairs_table(pairs), "", "```", hexdump(sent), "```", "", *_answer(answered), ""]


def section_scgi(sent: bytes, answered: bytes) -> list:
    size, pairs, body = scgi(sent)
    return ["## SCGI (`scgi` stack)", "",
            f"One netstring: `{size}:`, then {size} bytes of NUL-separated names and values (`CONTENT_LENGTH` "
            f"first, as the specification requires), then `,`, then the body ({len(body)} bytes here).", "",
            *_pairs_table(pairs), "", "```", hexdump(sent), "```", "", *_answer(answered), ""]


def section_uwsgi(sent: bytes, answered: bytes) -> list:
    modifier1, size, modifier2, pairs, body = uwsgi(sent)
    return ["## uwsgi (`uwsgi` stack)", "",
            f"A 4-byte header — `modifier1` {modifier1} (a WSGI request), a little-endian size of {size} bytes, "
            f"`modifier2` {modifier2} — then each name and value prefixed by its own 2-byte little-endian length, "
            f"then the body ({len(body)} bytes here).", "",
            *_pairs_table(pairs), "", "```", hexdump(sent), "```", "", *_answer(answered), ""]


SECTIONS = {"fastcgi": section_fastcgi, "scgi": section_scgi, "uwsgi": section_uwsgi}
REFERENCES = ["## References", "",
              "- Specifications: [FastCGI Specification 1.0](https://fastcgi-archives.github.io/FastCGI_Specification.html) "
              "· [SCGI](https://python.ca/scgi/protocol.txt) · [the uwsgi protocol](https://uwsgi-docs.readthedocs.io/en/latest/Protocol.html) "
              "· [RFC 3875 (the variables)](https://www.rfc-editor.org/rfc/rfc3875)",
              "- Further reading: [What happens when you type a URL and press Enter](https://github.com/alex/what-happens-when)", ""]


def render(captures: dict, date: str = "", host: str = "") -> str:
    lines = ["<!-- generated by 'python -m course.wire' from the running stacks; do not edit -->",
             "# One request on the wire: FastCGI, SCGI and uwsgi", "",
             f"The same `GET {PATH}` sent to three stacks, and what nginx then wrote on the app's unix socket, "
             "captured by a recorder put on that socket. All three carry the same CGI variables; they differ "
             "in how the bytes are framed. Compare with the pages on [FastCGI](interfaces/fastcgi.md), "
             "[SCGI](interfaces/scgi.md) and [uWSGI](interfaces/uwsgi.md).", ""]
    for stack, (sent, answered) in captures.items():
        lines += SECTIONS[stack](sent, answered)
    lines.append(f"Captured {date or time.strftime('%Y-%m-%d')} on {host or socket.gethostname()}.")
    lines.append("")
    return "\n".join(lines + REFERENCES)


def from_saved(saved: dict) -> str:
    """The page from what ``main`` kept in OBSERVED (the bytes as hex): the same page, byte for byte."""
    captures = {stack: (bytes.fromhex(sent), bytes.fromhex(answered)) for stack, (sent, answered) in saved["captures"].items()}
    return render(captures, saved["date"], saved["host"])


def main() -> int:
    captures = {stack: capture(stack) for stack in STACKS}
    saved = {"date": time.strftime("%Y-%m-%d"), "host": socket.gethostname(),
             "captures": {stack: [sent.hex(), answered.hex()] for stack, (sent, answered) in captures.items()}}
    OBSERVED.write_text(json.dumps(saved, indent=1) + "\n")
    PAGE.write_text(from_saved(saved))
    print(f"wrote {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
