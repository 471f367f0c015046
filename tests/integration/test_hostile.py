"""The hostile-request corpus, replayed against every stack: no crash, no hung worker,
no 5xx for the client's mistake, no second response behind a front server, and
every divergence recorded (tests/hostile/divergences.toml) - or the test fails.
Its HTTP/2 cases (tests/hostile/h2/) go to every stack that offers h2 over TLS.

The replay is the one ``make hostile`` runs; its report goes to a temporary file,
never to the committed results.
"""

import pytest

from benchmarks.hostile import h2_replay, replay, verdict


def test_corpus_replay(stack):
    report = replay.replay(stack.name, stack.url, stack.cafile, verdict.Traits.of(stack.manifest()))
    problems = replay.failures(report)
    assert not problems, f"{stack.name} ({report['seconds']} s):\n" + "\n".join(problems)


def test_h2_corpus_replay(stack):
    if not h2_replay.offers_h2(stack.url, stack.cafile):
        pytest.skip(f"{stack.name} does not offer HTTP/2 over TLS")
    report = h2_replay.replay(stack.name, stack.url, stack.cafile)
    problems = h2_replay.failures(report)
    assert not problems, f"{stack.name} ({report['seconds']} s):\n" + "\n".join(problems)
