"""Slow-client attacks (``make slow-clients``): settings.py reads attacks.toml,
run.py attacks each stack while probing it, results.py says what a result means;
docs/slow-clients.md is course/slow_clients_page.py's."""
