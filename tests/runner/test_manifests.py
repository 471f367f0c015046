"""Manifests: every real one loads; mistakes in one are named precisely."""

import pytest

from stacks.runner import includes, manifest, schema
from stacks.runner.errors import StackError
from stacks.runner.render import render


def write(tmp_path, text):
    folder = tmp_path / "demo"
    folder.mkdir()
    (folder / "stack.toml").write_text(text)
    return folder


def test_every_stack_has_a_summary_a_process_and_a_probe():
    stacks = manifest.discover()
    assert {"standalone", "wsgi", "waitress", "integrated", "proxy", "static"} <= set(stacks)
    for stack in stacks.values():
        assert stack.summary and stack.processes and stack.probe.body == "Hello, World!"


MISTAKES = [
    ('summary = "x"\nworkerz = 3\n', r"stack.toml: unknown key 'workerz'"),
    ('[[process]]\nname = "a"\ncommand = "b"\nuserr = "x"\n', r"\[\[process\]\] #1: unknown key 'userr'"),
    ('templates = ["nginx.conf"]\n', "template 'nginx.conf' is not a file"),
    ("[[prepare]]\nas_root = true\n", r"\[\[prepare\]\] #1: a prepare step needs a command"),
    ('[[needs]]\nvenv = "tracker"\n', "a venv need names its requirements file"),
    ('contract = "most"\n', "contract 'most' is not one of full, hello"),
    ('startup_seconds = "soon"\n', "startup_seconds = 'soon' should be a number"),
    ('[probe]\nstatus = "200"\n', r"\[probe\]: status = '200' should be a whole number"),
    ('probe = "x"\n', "probe = 'x' should be a table"),
    ('[[process]]\nname = "a"\ncommand = "b"\nas_root = "yes"\n', "as_root = 'yes' should be true or false"),
    ('[ports]\nport = "eighty"\n', r"\[ports\]: port = 'eighty' should be a port number"),
    ("templates = [5]\n", r"stack.toml: templates\[0\] = 5 should be a string"),
    ("[[needs]]\nbinary = 5\n", r"\[\[needs\]\] #1: binary = 5 should be a string"),
    ('[[process]]\nname = "a"\n', r"\[\[process\]\] #1: a process needs a command"),
    ("[urls]\ntracker = 1\n", r"\[urls\]: tracker = 1 should be a string"),
    ('needs = ["nginx"]\n', r"stack.toml: needs = \['nginx'\] should be a list of tables|must be a table"),
    ('include = "common/nginx.toml"\n', r"include = 'common/nginx.toml' should be a list"),
    ('include = ["common/nope.toml"]\n', r"include 'common/nope.toml' is not a file under stacks/"),
    ('include = ["../Makefile"]\n', r"include '../Makefile' is not a file under stacks/"),
    ('include = ["common/README.md"]\n', r"stacks/common/README.md: not valid TOML"),
]


@pytest.mark.parametrize("text, message", MISTAKES, ids=[m[1][:30] for m in MISTAKES])
def test_a_mistake_in_a_manifest_is_named(tmp_path, text, message):
    folder = write(tmp_path, text)
    with pytest.raises(StackError, match=message):
        manifest.load(folder)


def test_an_included_part_comes_first_and_the_manifest_overrides_it(tmp_path):
    folder = write(
        tmp_path,
        'include = ["common/nginx.toml"]\ntemplates = ["nginx.conf"]\n'
        '[[process]]\nname = "app"\ncommand = "x"\n[probe]\nbody = "hi"\n',
    )
    (folder / "nginx.conf").write_text("")
    stack = manifest.load(folder)
    assert [p.name for p in stack.processes] == ["nginx", "app"]
    assert [(folder / t).resolve().name for t in stack.templates] == [
        "nginx-main.conf",
        "nginx-http.conf",
        "nginx.conf",
    ]
    assert [n.name for n in stack.needs] == ["nginx"]
    assert (stack.probe.body, stack.probe.status) == ("hi", 200), "probe defaults come from the schema"


@pytest.mark.parametrize("part", sorted((manifest.STACKS_DIR / "common").glob("*.toml")), ids=lambda p: p.name)
def test_every_shared_part_is_used_and_checked_like_a_manifest(part):
    name = part.relative_to(manifest.STACKS_DIR).as_posix()
    users = [s for s in manifest.discover().values() if name in s.include]
    assert len(users) >= 2, f"{name} is shared by {len(users)} stack(s): a part exists to be shared"
    schema.load(manifest.Manifest, includes.read(part), name, name="", folder=part.parent)


def test_no_manifest_restates_a_default_probe():
    defaults = manifest.Probe()
    for name in manifest.discover():
        raw = includes.read(manifest.STACKS_DIR / name / "stack.toml").get("probe", {})
        restated = [k for k, v in raw.items() if getattr(defaults, k) == v]
        assert not restated, f"stacks/{name}/stack.toml [probe] restates defaults: {restated}"


def test_unknown_placeholder_is_named():
    with pytest.raises(StackError, match=r"demo.conf: unknown placeholder \{\{ prot \}\}"):
        render("listen {{ prot }};", {"port": 1}, "demo.conf")


def test_placeholders_leave_nginx_syntax_alone():
    assert (
        render("location / { return 200 $host:{{ port }}; }", {"port": 8080}, "x")
        == "location / { return 200 $host:8080; }"
    )


def test_missing_debian_package_is_named_with_its_install_command(tmp_path):
    from stacks.runner import needs

    folder = write(tmp_path, '[[needs]]\nbinary = "no-such-httpd"\ndebian = "no-such-httpd-pkg"\n')
    with pytest.raises(StackError) as caught:
        needs.check(manifest.load(folder))
    message = str(caught.value)
    assert "needs no-such-httpd (Debian package no-such-httpd-pkg), which is missing" in message
    assert "run 'sudo apt-get install -y no-such-httpd-pkg'" in message
    assert "\n" not in message
