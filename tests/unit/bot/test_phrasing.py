"""A governance message is its English text, and is said in Chinese where the bot shows it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from fractions import Fraction

import pytest

from bot.i18n import Language, speaking
from bot.i18n.formats import format_count, format_date, format_datetime
from bot.i18n.formats import format_percent as percent
from bot.phrasing import in_language, problem_line
from governance.charter_check import charter_problems
from governance.errors import Problem
from governance.phrases import Phrase
from governance.quantities import format_percent
from governance.texts import N_
from tests.catalog_fragments import with_incoming_translations


@pytest.fixture(autouse=True)
def _chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    with_incoming_translations(monkeypatch)


def test_a_phrase_is_exactly_the_english_an_f_string_gave() -> None:
    value, bound = Fraction(3, 2), Phrase(N_("0 to 1"))
    phrase = Phrase(N_("{value} must be a share from {bound}"), value=value, bound=bound)
    assert phrase == f"{value} must be a share from 0 to 1"
    assert type(str(phrase)) is str
    assert Problem("p", phrase) == Problem("p", "3/2 must be a share from 0 to 1")
    assert in_language(phrase) == "3/2 must be a share from 0 to 1"  # English is spoken


def test_a_phrase_in_chinese_translates_its_parts_and_keeps_its_data() -> None:
    phrase = Phrase(
        N_("{value} must be a share from {bound}"),
        value=Fraction(3, 2),
        bound=Phrase(N_("more than 0 and at most 1")),
    )
    with speaking(Language.ZH_HANS):
        assert in_language(phrase) == "3/2必须为比例，取值范围：大于0且不超过1"
        assert in_language("plain data") == "plain data"
        assert problem_line(Problem("motions.general.quorum", phrase)) == (
            "motions.general.quorum：3/2必须为比例，取值范围：大于0且不超过1"
        )
        assert problem_line(Problem("", Phrase(N_("the charter is empty")))) == "章程为空"


def test_every_charter_check_problem_is_a_phrase_with_a_chinese_translation() -> None:
    from bot.charter_file import load_charter
    from tests.unit.cli.charters import THREE_MEMBERS

    charter = load_charter(THREE_MEMBERS)
    broken = replace(
        charter,
        operator=replace(charter.operator, users=()),
        supervisors=replace(charter.supervisors, users=()),
    )
    problems = charter_problems(broken)
    assert len(problems) >= 2
    for problem in problems:
        assert isinstance(problem.message, Phrase)
        with speaking(Language.ZH_HANS):
            assert in_language(problem.message) != problem.message


def test_numbers_and_dates_for_people() -> None:
    for share in (Fraction(0), Fraction(1), Fraction(1, 3), Fraction(2, 3), Fraction(1, 8)):
        assert percent(share, 2) == format_percent(share)  # English as it always was
    assert format_date(date(2027, 1, 5)) == "2027-01-05"
    assert format_count(1500) == "1500"
    with speaking(Language.ZH_HANS):
        assert percent(Fraction(3, 5), 2) == "60.00%"
        assert format_date(date(2027, 1, 5)) == "2027年1月5日"
        assert format_datetime(datetime(2027, 1, 5, 10, 0, tzinfo=UTC)) == "2027年1月5日 10:00"
