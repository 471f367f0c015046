"""The one app of Interface Lab.

The request logic lives once in :mod:`hello.logic`; :mod:`hello.wsgi` and
:mod:`hello.tornado_app` are thin adapters over it, so every interface serves the
same bytes. Only the standard library is imported unless an integration (Redis,
the error tracker) is configured.
"""
