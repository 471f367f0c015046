"""Benchmarks of the lab's stacks: the wrk matrix (``make bench``), locust load (``make load``).

Run as ``python -m benchmarks``; see cli.py for the commands.
"""
