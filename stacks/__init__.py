"""Stacks: one folder per way of serving the app, and the runner that reads them.

Each sub-folder holding a ``stack.toml`` is a stack; its folder name is the
``STACK=`` value, the pytest id and the benchmark label. The runner in
``stacks.runner`` knows nothing stack-specific.
"""
