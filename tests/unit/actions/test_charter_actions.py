"""The ``actions`` charter section: read from YAML, defaults kept for the kinds not written, and
every mistake reported at its key path."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.charter_file import CharterFileError, load_charter
from governance.action_rules import DEFAULT_TEMPLATES, Anchor
from tests.e2e.pool import CHARTER


def problems(section: str) -> dict[str, str]:
    with pytest.raises(CharterFileError) as raised:
        load_charter(CHARTER + section)
    return {p.path: p.message for p in raised.value.problems}


def test_without_the_section_every_kind_keeps_its_default() -> None:
    charter = load_charter(CHARTER)
    assert dict(charter.actions.templates) == dict(DEFAULT_TEMPLATES)
    assert charter.actions.remind_before == (timedelta(days=3), timedelta(days=1))


def test_a_kind_written_replaces_its_defaults_and_the_others_keep_theirs() -> None:
    charter = load_charter(
        CHARTER
        + "actions:\n"
        + "  remind_before: [5d]\n"
        + "  kinds:\n"
        + "    fee_change:\n"
        + "      - {description: Tell the licensees, owner: U0SUPER1, due: 14d,\n"
        + "         relative_to: effective_date, before: true}\n"
        + "    admission: []\n"
    )
    rules = charter.actions
    (fee,) = rules.for_kind("fee_change")
    assert (fee.owner, fee.due, fee.relative_to, fee.before) == (
        "U0SUPER1",
        timedelta(days=14),
        Anchor.EFFECTIVE_DATE,
        True,
    )
    assert fee.key is None
    assert rules.for_kind("admission") == ()
    assert rules.for_kind("expulsion") == DEFAULT_TEMPLATES["expulsion"]
    assert rules.remind_before == (timedelta(days=5),)


def test_mistakes_are_reported_at_their_key_paths() -> None:
    found = problems(
        "actions:\n"
        "  remind_before: [0s]\n"
        "  kinds:\n"
        "    admission:\n"
        "      - {description: ' ', owner: everyone, relative_to: effective_date}\n"
        "    expulsion:\n"
        "      - {description: Settle, before: true}\n"
    )
    assert "actions.remind_before" in found
    assert "actions.kinds.admission[0].description" in found
    assert "actions.kinds.admission[0].owner" in found
    assert "has no effective date" in found["actions.kinds.admission[0].relative_to"]
    assert "actions.kinds.expulsion[0].before" in found


def test_unknown_keys_and_kinds_are_refused() -> None:
    found = problems("actions:\n  kinds:\n    coffee: []\n")
    assert any(path.startswith("actions.kinds") for path in found), found
    found = problems("actions:\n  kinds:\n    admission:\n      - {description: x, when: 3d}\n")
    assert any("when" in path for path in found), found
