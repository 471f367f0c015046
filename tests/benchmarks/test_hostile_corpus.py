"""The hostile-request corpus is well-formed and large enough, and docs/security.md is generated from the results."""

import pytest

from benchmarks.hostile import corpus, h2_corpus, verdict
from stacks.runner import manifest
from stacks.runner.errors import StackError

CATEGORIES = {"request-line", "header", "host", "content-length", "transfer-encoding", "chunks", "pipelining", "expect"}


def test_at_least_80_cases_in_every_category_the_issue_names():
    cases = corpus.load()
    assert len(cases) >= 80
    assert {case.category for case in cases} == CATEGORIES
    assert {"serve", "reject"} <= {case.expect for case in cases}


def test_escapes_decode_to_the_bytes_they_name():
    assert corpus.decode("GET /\\x00 HTTP/1.1\\r\\n\nX: <<3*a>>\\t\\\\\n") == b"GET /\x00 HTTP/1.1\r\nX: aaa\t\\"


def test_a_request_without_its_expectation_is_refused(tmp_path):
    (tmp_path / "001-x-alone.http").write_text("GET / HTTP/1.1\\r\\n\\r\\n")
    with pytest.raises(corpus.CorpusError, match="no expectation file"):
        corpus.load(tmp_path)


@pytest.mark.parametrize(
    "text, named",
    [
        ('category = "header"\nexpect = "refuse"\nwhy = "w"\n', ["expect", "'refuse'", "serve"]),
        ('category = "header"\nexpect = "reject"\nwhy = "w"\nambigous = true\n', ["unknown key 'ambigous'"]),
        ('category = "header"\nexpect = "reject"\nwhy = "w"\nresponses = "2"\n', ["responses", "'2'"]),
    ],
    ids=["expect", "unknown-key", "type"],
)
def test_a_wrong_expectation_file_is_one_line_naming_file_key_and_value(tmp_path, text, named):
    (tmp_path / "001-header-x.http").write_text("GET / HTTP/1.1\\r\\n\\r\\n")
    (tmp_path / "001-header-x.toml").write_text(text)
    with pytest.raises(corpus.CorpusError) as caught:
        corpus.load(tmp_path)
    message = str(caught.value)
    assert "\n" not in message and "001-header-x.toml" in message, message
    assert all(word in message for word in named), message


def test_a_divergence_with_a_key_missing_is_one_line_naming_it(tmp_path):
    path = tmp_path / "divergences.toml"
    path.write_text('[[known]]\nstacks = ["wsgi"]\ncases = ["x"]\nobserved = "served"\nreason = "r"\n')
    with pytest.raises(StackError, match=r"divergences.toml \[\[known\]\] #1: a known divergence needs a reference"):
        verdict.load_known(path)


def test_every_known_divergence_names_a_case_a_stack_a_reason_and_a_reference():
    names = {case.name for case in corpus.load()} | {case.name for case in h2_corpus.load()}
    stacks = set(manifest.discover())
    for known in verdict.load_known():
        assert set(known.cases) <= names, known
        assert set(known.stacks) <= stacks, known
        assert known.reason and known.reference.startswith("https://"), known


@pytest.mark.parametrize(
    "statuses, ended, expected",
    [
        ([400], "closed", "refused"),
        ([501], "closed", "refused"),
        ([500], "closed", "error"),
        ([], "silent", "silent"),
        ([], "closed", "closed"),
        ([200, 404], "silent", "served"),
    ],
)
def test_outcomes(statuses, ended, expected):
    assert verdict.outcome(statuses, ended) == expected


def test_two_answers_to_an_ambiguous_request_fail_only_behind_a_front_server():
    case = corpus.Case(category="content-length", expect="reject", why="", ambiguous=True, name="x")
    assert verdict.judge(case, [200, 404], "silent", verdict.Traits(front=True))[0] == "failure"
    assert verdict.judge(case, [200, 404], "silent", verdict.Traits(front=False))[0] == "divergence"
    assert verdict.judge(case, [400], "closed", verdict.Traits(front=True))[0] == "pass"


def test_http2_cases_cover_the_three_attacks_the_issue_names_and_stay_bounded():
    cases = h2_corpus.load()
    assert {"streams", "resets", "big-header", "hpack-bomb"} <= {case.attack for case in cases}
    assert all(case.count <= h2_corpus.MAX_COUNT for case in cases)
    assert not {c.name for c in cases} & {c.name for c in corpus.load()}, "one name space for divergences"


def test_an_unbounded_http2_case_is_refused(tmp_path):
    (tmp_path / "001-h2-huge.toml").write_text(
        'category = "h2"\nattack = "resets"\ncount = 10000000\nexpect = "refuse"\nwhy = "x"\n'
    )
    with pytest.raises(corpus.CorpusError, match="bounded"):
        h2_corpus.load(tmp_path)
