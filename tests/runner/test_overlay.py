"""Overlays (LAB_OVERLAY): files in an overlay folder replace same-named templates, and nothing else."""

import pytest

from stacks.runner import manifest, overlay
from stacks.runner.errors import StackError
from stacks.runner.options import RunOptions


def test_without_an_overlay_every_template_comes_from_the_stack():
    proxy = manifest.find("proxy")
    chosen = overlay.sources(proxy.templates, proxy.folder, RunOptions.from_environ({}).overlay)
    assert chosen["nginx.conf"] == proxy.folder / "nginx.conf"
    assert chosen["nginx-http.conf"].resolve() == (proxy.folder.parent / "common" / "nginx-http.conf").resolve()


def test_an_overlay_file_replaces_the_template_of_the_same_name(tmp_path):
    (tmp_path / "nginx-http.conf").write_text("# broken on purpose\n")
    proxy = manifest.find("proxy")
    chosen = overlay.sources(
        proxy.templates, proxy.folder, RunOptions.from_environ({"LAB_OVERLAY": str(tmp_path)}).overlay
    )
    assert chosen["nginx-http.conf"] == tmp_path / "nginx-http.conf"
    assert chosen["nginx.conf"] == proxy.folder / "nginx.conf"


def test_a_file_that_is_no_template_of_the_stack_is_an_error(tmp_path):
    (tmp_path / "ngnix.conf").write_text("")
    proxy = manifest.find("proxy")
    with pytest.raises(
        StackError, match=r"ngnix.conf: not a template of this stack; an overlay may replace: .*nginx.conf"
    ):
        overlay.sources(proxy.templates, proxy.folder, tmp_path)


def test_an_overlay_that_is_not_a_folder_is_an_error(tmp_path):
    with pytest.raises(StackError, match="is not a folder"):
        RunOptions.from_environ({"LAB_OVERLAY": str(tmp_path / "missing")})
