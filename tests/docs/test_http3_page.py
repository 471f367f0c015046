"""docs/interfaces/http3.md says which servers here speak HTTP/3: its nginx and curl rows hold on this machine."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parents[2] / "docs" / "interfaces" / "http3.md"


def row(server: str) -> list:
    line = next(line for line in PAGE.read_text().splitlines() if line.startswith(f"| {server} "))
    return [cell.strip() for cell in line.strip("|").split("|")]


def version_and_build(argv: list) -> str:
    found = shutil.which(argv[0]) or shutil.which(argv[0], path="/usr/sbin:/sbin")
    if not found:
        pytest.skip(f"{argv[0]} is not installed")
    done = subprocess.run([found, *argv[1:]], capture_output=True, text=True, timeout=10)
    return done.stdout + done.stderr


def test_nginx_row_matches_the_installed_nginx():
    text = version_and_build(["nginx", "-V"])
    stated = re.search(r"nginx ([\d.]+),", row("nginx (Debian 12)")[1]).group(1)
    assert f"nginx/{stated}." in text
    assert "http_v2_module" in text, "the page says nginx speaks HTTP/2 here"
    assert "http_v3_module" not in text, "the page says this nginx has no QUIC"


def test_curl_row_matches_the_installed_curl():
    text = version_and_build(["curl", "--version"])
    assert text.startswith(f"{row('curl (Debian 12)')[1]}.")
    features = next(line for line in text.splitlines() if line.startswith("Features:")).split()
    assert "HTTP2" in features and "HTTP3" not in features
