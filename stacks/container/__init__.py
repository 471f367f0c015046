"""The container stack's own tools: building the image (``make image``) and running it under Podman.

Its manifest and templates are beside them; these modules are not the runner and
the runner knows nothing of them.
"""
