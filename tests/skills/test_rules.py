from hypothesis import given
from hypothesis import strategies as st

from ladder.skills.rules import Current, Entry, current_level

KINDS = ["self", "supervisor", "training", "credential", "coaching"]


def test_no_evidence_no_level():
    assert current_level([]) is None


def test_supervisor_outranks_a_later_self_assessment():
    got = current_level([Entry("supervisor", 2), Entry("self", 4)])
    assert got == Current(level=2, source="supervisor", self_level=4, supervisor_level=2)


def test_self_assessment_counts_until_a_supervisor_assesses():
    assert current_level([Entry("self", 3)]).level == 3
    assert current_level([Entry("self", 3), Entry("supervisor", 1)]).level == 1


def test_training_raises_but_never_lowers():
    assert current_level([Entry("self", 1), Entry("training", 3)]).level == 3
    assert current_level([Entry("supervisor", 3), Entry("training", 2)]).level == 3


def test_a_supervisor_may_adjust_down_after_training():
    got = current_level([Entry("training", 3), Entry("supervisor", 2)])
    assert (got.level, got.source) == (2, "supervisor")


@given(st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 4)), min_size=1, max_size=12))
def test_level_is_always_one_that_some_evidence_gave(pairs):
    entries = [Entry(kind, level) for kind, level in pairs]
    got = current_level(entries)
    assert got is not None
    assert got.level in {e.level for e in entries}
    # Nothing but a supervisor's assessment can leave the level below the last training's.
    last_sup = max((i for i, e in enumerate(entries) if e.kind == "supervisor"), default=-1)
    after = [
        e.level for e in entries[last_sup + 1 :] if e.kind in {"training", "credential", "coaching"}
    ]
    if after:
        assert got.level >= max(after)
