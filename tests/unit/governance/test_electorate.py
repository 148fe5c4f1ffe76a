"""The electorate a motion freezes when it opens: the register less the recused."""

from __future__ import annotations

import pytest

from governance.charter import Weights
from governance.electorate import freeze_electorate, require_member
from governance.errors import UnknownMember
from governance.kinds import Admission, Expulsion
from tests.unit.governance.pool import BETA, REGISTER, F, rules

RECUSE_SUBJECT = rules(recuse=("subject",))
WEIGHTS = Weights()  # by patents: Acme 3/5, Beta 1/5, Gamma 1/5


def test_every_register_member_votes_when_nobody_is_recused():
    electorate = freeze_electorate(REGISTER, WEIGHTS, rules())
    assert electorate.members == ("acme", "beta", "gamma")
    assert electorate.recused == ()
    assert electorate.size == 3
    assert electorate.eligible_weight == 1


def test_the_subject_of_an_expulsion_leaves_the_electorate():
    subject = Expulsion("beta", "did not pay").subject
    electorate = freeze_electorate(REGISTER, WEIGHTS, RECUSE_SUBJECT, subject)
    assert electorate.members == ("acme", "gamma")
    assert electorate.recused == ("beta",)
    assert "beta" not in electorate


def test_a_recused_member_keeps_its_frozen_share_but_not_its_eligibility():
    electorate = freeze_electorate(REGISTER, WEIGHTS, RECUSE_SUBJECT, "beta")
    assert electorate.weights == {"acme": F(3, 5), "beta": F(1, 5), "gamma": F(1, 5)}
    assert electorate.weight_of("beta") == F(1, 5)
    assert electorate.eligible_weight == F(4, 5)


def test_nobody_is_recused_for_an_admission_because_the_applicant_is_not_yet_a_member():
    subject = Admission("delta", "Delta Inc", 12, ("U0DELTA1",)).subject
    electorate = freeze_electorate(REGISTER, WEIGHTS, RECUSE_SUBJECT, subject)
    assert subject is None
    assert electorate.members == ("acme", "beta", "gamma")
    assert electorate.recused == ()


def test_nobody_is_recused_when_the_kind_does_not_recuse_its_subject():
    electorate = freeze_electorate(REGISTER, WEIGHTS, rules(recuse=()), "beta")
    assert electorate.members == ("acme", "beta", "gamma")
    assert electorate.recused == ()


def test_a_subject_outside_the_register_recuses_nobody():
    electorate = freeze_electorate(REGISTER, WEIGHTS, RECUSE_SUBJECT, "zeta")
    assert electorate.members == ("acme", "beta", "gamma")
    assert electorate.recused == ()


def test_the_frozen_shares_use_the_cap():
    electorate = freeze_electorate(REGISTER, Weights(cap=F(1, 2)), rules())
    assert electorate.weights == {"acme": F(1, 2), "beta": F(1, 4), "gamma": F(1, 4)}


def test_a_member_is_found_in_the_register_by_id():
    assert require_member(REGISTER, "beta") is BETA


def test_an_unknown_member_id_is_refused():
    with pytest.raises(UnknownMember) as refused:
        require_member(REGISTER, "zeta")
    assert refused.value.member_id == "zeta"
    assert str(refused.value) == "'zeta' is not a member of the pool."
