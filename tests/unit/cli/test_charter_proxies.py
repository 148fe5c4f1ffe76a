"""The ``proxies`` charter section: defaults, values, and problems at their key paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.charter_file import CharterFileError, load_charter
from governance.charter import Proxies, ProxyHolders
from tests.unit.cli.charters import THREE_MEMBERS
from tests.unit.cli.helpers import poolgov


def paths_of(text: str) -> list[str]:
    with pytest.raises(CharterFileError) as raised:
        load_charter(text)
    return [p.path for p in raised.value.problems]


def test_without_the_section_proxies_are_not_allowed() -> None:
    assert load_charter(THREE_MEMBERS).proxies == Proxies()
    assert Proxies() == Proxies(False, 1, ProxyHolders.REPRESENTATIVES, False, True)


def test_every_key_is_read() -> None:
    text = THREE_MEMBERS + (
        "proxies: {allowed: true, max_held: 2, holders: any, meetings: true, instructions: false}\n"
    )
    assert load_charter(text).proxies == Proxies(True, 2, ProxyHolders.ANY, True, False)


@pytest.mark.parametrize(
    ("section", "path"),
    [
        ("{allowed: yes please}", "proxies.allowed"),
        ("{max_held: 0}", "proxies.max_held"),
        ("{allowed: true, max_held: 3}", "proxies.max_held"),  # every one of the three members
        ("{holders: nobody}", "proxies.holders"),
        ("{meetings: 1}", "proxies.meetings"),
        ("{instruction: true}", "proxies.instruction"),
    ],
)
def test_a_bad_value_is_named_at_its_key_path(section: str, path: str) -> None:
    assert path in paths_of(THREE_MEMBERS + f"proxies: {section}\n")


def test_charter_check_reports_the_proxies_section(tmp_path: Path) -> None:
    charter = tmp_path / "charter.yaml"
    charter.write_text(THREE_MEMBERS + "proxies: {max_held: 0}\n", encoding="utf-8")
    result = poolgov("charter", "check", charter)
    assert result.exit_code == 2, result.output
    assert "proxies.max_held" in result.output
