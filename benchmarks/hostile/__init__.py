"""Hostile input: the raw-request corpus (tests/hostile/) replayed against a running stack.

``make hostile STACK=name`` replays every case whole and in small pieces, checks
after each that ``GET /`` still answers, judges what the stack did against the
case's expectation and the known divergences, and writes
benchmarks/results/hostile.json, from which docs/security.md is generated.
"""
