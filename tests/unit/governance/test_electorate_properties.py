"""Recusal takes out exactly the subject, and never touches the frozen shares."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from governance.charter import Basis, Member, MotionRules, Weights
from governance.electorate import freeze_electorate

PROPERTY = settings(max_examples=200, deadline=None)

registers = st.lists(
    st.builds(
        Member,
        id=st.from_regex(r"[a-z0-9-]{1,6}", fullmatch=True),
        name=st.just("A member"),
        patents=st.integers(1, 50),
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda m: m.id,
)


@PROPERTY
@given(registers, st.data(), st.booleans())
def test_recusal_removes_exactly_the_subject(register, data, recuse_subject):
    ids = [m.id for m in register]
    subject = data.draw(st.one_of(st.none(), st.sampled_from(ids), st.just("not-a-member-yet")))
    rules = MotionRules(recuse=("subject",) if recuse_subject else ())
    electorate = freeze_electorate(register, Weights(basis=Basis.PATENTS), rules, subject)

    gone = {subject} if recuse_subject and subject in ids else set()
    assert electorate.members == tuple(i for i in ids if i not in gone)
    assert set(electorate.recused) == gone
    assert set(electorate.members) | set(electorate.recused) == set(ids)
    assert set(electorate.weights) == set(ids)
    assert sum(electorate.weights.values()) == 1
    assert electorate.eligible_weight == 1 - sum(electorate.weights[m] for m in gone)
