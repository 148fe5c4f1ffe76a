"""The refusals of proxies, actions and minutes are templates and facts, like every other: their
English ``str`` is the template filled, and a number picks the plural English needs."""

from __future__ import annotations

from governance.actions import ActionInvalid, UnknownAction
from governance.minutes.lifecycle import CorrectionInvalid, ReviewClosed
from governance.proxies import ProxyHolderFull, ProxyInstructionBreached, ProxyScopeInvalid
from governance.texts import Plural


def test_a_number_picks_the_english_form() -> None:
    template, facts = ProxyHolderFull("U0GAMMA1", 2).refusal()
    assert isinstance(template, Plural)
    assert facts == {"holder": "U0GAMMA1", "max_held": 2}
    assert str(ProxyHolderFull("U0GAMMA1", 1)).startswith("U0GAMMA1 already holds 1 proxy,")
    assert str(ProxyHolderFull("U0GAMMA1", 2)).startswith("U0GAMMA1 already holds 2 proxies,")


def test_each_refusal_says_its_template_filled_with_its_facts() -> None:
    for error in (
        ProxyInstructionBreached("7", "beta", "yes", "no"),
        ProxyScopeInvalid("its end date has already passed"),
        UnknownAction("A 12`x"),
        ActionInvalid("note", "is empty", "empty"),
        ReviewClosed("assembly@2027-01-04T10:00"),
    ):
        template, facts = error.refusal()
        assert template != "{error}", type(error).__name__
        assert str(error) == template.format(**facts)
    assert str(UnknownAction("A 12`x")).startswith("No follow-up action has the id `A 12'x`;")
    assert "closed at -;" in str(ReviewClosed("assembly@2027-01-04T10:00"))


def test_a_reason_is_a_template_too() -> None:
    error = CorrectionInvalid("k", "a correction needs between 1 and {n} characters", n=1000)
    assert error.reason_template == "a correction needs between 1 and {n} characters"
    assert str(error) == (
        "The correction to the minutes of `k` cannot be recorded: "
        "a correction needs between 1 and 1000 characters."
    )
