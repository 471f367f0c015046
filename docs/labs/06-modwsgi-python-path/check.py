"""Lab 06: mod_wsgi's daemon processes find the app's package on their own sys.path."""

from course.tasks.checking import env_document

STACK = "modwsgi"

# The mistake: the stack's own apache.conf with this one change (broken); unchanged, it is the fix.
BREAK = {
    "apache.conf": [
        (
            "WSGIDaemonProcess hello processes={{ processes }} threads={{ threads }} python-path={{ release }} home={{ release }} display-name=%{GROUP}\n",
            "# The release is on PYTHONPATH, as it was in the shell where the app was tried out.\nLoadModule env_module /usr/lib/apache2/modules/mod_env.so\nSetEnv PYTHONPATH {{ release }}\nWSGIDaemonProcess hello processes={{ processes }} threads={{ threads }} display-name=%{GROUP}\n",
        )
    ]
}


def check(checks, url, state) -> None:
    environ = env_document(checks, url).get("environ")
    if environ is None:
        return
    checks.expect(
        environ.get("mod_wsgi.process_group") == "hello",
        "the app runs in the daemon process group 'hello', not inside Apache's children",
        f"mod_wsgi.process_group is {environ.get('mod_wsgi.process_group')!r}",
    )
