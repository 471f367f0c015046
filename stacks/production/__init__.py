"""The production stack's own tools, behind make targets: errors, check-deploy, deploy, top.

Its manifest and templates are beside them; these modules are not the runner and
the runner knows nothing of them.
"""
