"""A local certificate authority and the server certificate it signs (openssl).

Run by the production stack before it starts (a ``[[prepare]]`` step): the CA is
made once and kept in the state folder, so ``curl --cacert <state>/tls/ca.crt``
keeps working across restarts; the server certificate is made again when it is
missing, names other hosts, or expires within 30 days. Keys are EC P-256 and
readable only by their owner; nothing private ever lives in the checkout.

    python3 tls.py STATE_DIR HOST
"""

import argparse
import os
import subprocess
from pathlib import Path

CA_DAYS = 3650
SERVER_DAYS = 365  # Mozilla "intermediate": a certificate lives at most 366 days
RENEW_SECONDS = 30 * 24 * 3600
EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]


def openssl(*args: str) -> str:
    return subprocess.run(["openssl", *args], check=True, capture_output=True, text=True).stdout


def subject_alt_names(host: str) -> str:
    names = ["DNS:localhost", "IP:127.0.0.1", "IP:::1"]
    extra = f"IP:{host}" if host.replace(".", "").isdigit() or ":" in host else f"DNS:{host}"
    return ",".join(names + ([extra] if extra not in names and host not in ("", "0.0.0.0") else []))


def make_ca(tls: Path) -> None:
    openssl(
        "req",
        "-x509",
        "-new",
        *EC,
        "-keyout",
        str(tls / "ca.key"),
        "-out",
        str(tls / "ca.crt"),
        "-days",
        str(CA_DAYS),
        "-subj",
        "/CN=Interface Lab local CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    )


def server_is_current(tls: Path, sans: str) -> bool:
    crt = tls / "server.crt"
    if not crt.is_file():
        return False
    try:
        openssl("x509", "-checkend", str(RENEW_SECONDS), "-noout", "-in", str(crt))
    except subprocess.CalledProcessError:
        return False
    return (tls / "server.sans").is_file() and (tls / "server.sans").read_text() == sans


def make_server(tls: Path, sans: str) -> None:
    (tls / "server.ext").write_text(
        f"subjectAltName={sans}\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
        "extendedKeyUsage=serverAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
    )
    openssl(
        "req",
        "-new",
        *EC,
        "-keyout",
        str(tls / "server.key"),
        "-out",
        str(tls / "server.csr"),
        "-subj",
        "/CN=localhost",
    )
    openssl(
        "x509",
        "-req",
        "-in",
        str(tls / "server.csr"),
        "-CA",
        str(tls / "ca.crt"),
        "-CAkey",
        str(tls / "ca.key"),
        "-CAcreateserial",
        "-days",
        str(SERVER_DAYS),
        "-sha256",
        "-extfile",
        str(tls / "server.ext"),
        "-out",
        str(tls / "server.crt"),
    )
    (tls / "server.sans").write_text(sans)


def main(state: str, host: str) -> None:
    os.umask(0o022)
    tls = Path(state) / "tls"
    tls.mkdir(mode=0o755, exist_ok=True)
    os.umask(0o077)  # keys: owner only
    if not (tls / "ca.crt").is_file() or not (tls / "ca.key").is_file():
        make_ca(tls)
        print(f"tls: made a local certificate authority: {tls / 'ca.crt'}")
    sans = subject_alt_names(host)
    if not server_is_current(tls, sans):
        make_server(tls, sans)
        print(f"tls: issued a server certificate for {sans}")
    for public in ("ca.crt", "server.crt"):
        os.chmod(tls / public, 0o644)


if __name__ == "__main__":  # the production stack's prepare step (standard library only, no lab packages)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("state", help="the stack's state folder (tls/ goes there)")
    parser.add_argument("host", help="the name or address the server certificate is for")
    args = parser.parse_args()
    main(args.state, args.host)
