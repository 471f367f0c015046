"""The hostile-request corpus, replayed against every stack: no crash, no hung worker,
no 5xx for the client's mistake, no second response behind a front server, and
every divergence recorded (tests/hostile/divergences.toml) - or the test fails.

The replay is the one ``make hostile`` runs; its report goes to a temporary file,
never to the committed results.
"""

from benchmarks.hostile import replay, verdict


def test_corpus_replay(stack):
    report = replay.replay(stack.name, stack.url, stack.cafile, verdict.Traits.of(stack.manifest()))
    problems = replay.failures(report)
    assert not problems, f"{stack.name} ({report['seconds']} s):\n" + "\n".join(problems)
