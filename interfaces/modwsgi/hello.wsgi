"""The app as mod_wsgi's WSGI script file: the one path WSGIScriptAlias names.

mod_wsgi loads this file (by path, not by module name) in its daemon processes,
with the release folder on python-path, and calls the module-level ``application``.
Kept to one import so the app's logic lives once, in the ``hello`` package.
"""

from hello.wsgi import application  # noqa: F401
