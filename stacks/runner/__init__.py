"""The stack runner: discovers manifests, renders templates, runs supervisord.

Standard library only, so ``python3 -m stacks setup`` works before the
virtualenv exists.
"""
