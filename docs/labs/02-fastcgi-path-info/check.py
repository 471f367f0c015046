"""Lab 02: with the app mounted at /, SCRIPT_NAME is empty and PATH_INFO is the whole path."""

from course.tasks.checking import env_document

STACK = "fastcgi"


def check(checks, url, state) -> None:
    environ = env_document(checks, url).get("environ")
    if environ is None:
        return
    checks.expect(
        environ.get("SCRIPT_NAME") == "",
        "SCRIPT_NAME is empty: the app is mounted at /",
        f"it is {environ.get('SCRIPT_NAME')!r}",
    )
    checks.expect(
        environ.get("PATH_INFO") == "/env",
        "PATH_INFO is /env: the path the app routes on",
        f"it is {environ.get('PATH_INFO')!r}",
    )
