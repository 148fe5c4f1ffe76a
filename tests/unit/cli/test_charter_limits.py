"""The charter reader's limits: bytes and nesting depth, never a count a real register reaches.

Both loaders (libyaml's and the pure-Python one) apply the same rules.
"""

from __future__ import annotations

import pytest
import yaml

import bot.charter_file as charter_file
from bot.charter_file import MAX_BYTES, MAX_DEPTH, CharterFileError, load_charter
from governance.errors import Problem
from tests.large_register import large_charter, member_id
from tests.unit.cli.charters import THREE_MEMBERS


@pytest.fixture(params=["libyaml", "python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "python":
        monkeypatch.setattr(charter_file, "_Loader", charter_file._StrictSafeLoader)
    return str(request.param)


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(CharterFileError) as raised:
        load_charter(text)
    return raised.value.problems


def test_the_c_loader_is_used_when_pyyaml_has_libyaml() -> None:
    assert yaml.__with_libyaml__
    assert issubclass(charter_file._Loader, yaml.CSafeLoader)


def test_a_10000_member_register_is_read_in_full() -> None:
    text = large_charter(10_000)
    assert len(text.encode()) < MAX_BYTES // 4  # a wide margin below the byte limit
    charter = load_charter(text)
    assert len(charter.members) == 10_000
    assert charter.members[-1].id == member_id(9_999)
    assert charter.members[9_999].representatives == ("U0009999A", "U0009999B")


def test_both_loaders_read_a_charter_alike() -> None:
    text = large_charter(50)
    c_loaded = load_charter(text)
    python_loaded = charter_file._StrictSafeLoader(text).get_single_data()
    assert [m["id"] for m in python_loaded["members"]] == [m.id for m in c_loaded.members]


def test_a_key_written_twice_is_refused_by_either_loader(loader: str) -> None:
    text = THREE_MEMBERS.replace("weights: {basis: patents}", "weights: {basis: patents}\n" * 2)
    [problem] = problems_of(text)
    assert "'weights' is written twice" in problem.message
    assert "line 12" in problem.message or problem.message.startswith("not valid YAML")


def test_a_duplicate_key_inside_a_member_is_refused_by_either_loader(loader: str) -> None:
    text = THREE_MEMBERS.replace("patents: 30,", "patents: 30, patents: 31,")
    [problem] = problems_of(text)
    assert "'patents' is written twice" in problem.message


def test_an_unquoted_float_is_refused_by_either_loader(loader: str) -> None:
    text = THREE_MEMBERS.replace("quorum: 1/2,", "quorum: 0.5,")
    [problem] = problems_of(text)
    assert problem.path == "motions.default.quorum"
    assert "YAML float" in problem.message


def test_a_yaml_syntax_error_names_its_line_with_either_loader(loader: str) -> None:
    [problem] = problems_of("pool: [\n")
    assert problem.message.startswith("not valid YAML at line 2")


def test_several_documents_are_refused_by_either_loader(loader: str) -> None:
    [problem] = problems_of(THREE_MEMBERS + "---\n" + THREE_MEMBERS)
    assert problem.message.startswith("not valid YAML")


def test_a_text_over_the_byte_limit_is_refused_before_it_is_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(charter_file, "MAX_BYTES", 1_000)
    text = THREE_MEMBERS + "#" + "é" * (998 - len(THREE_MEMBERS))  # é is two bytes
    assert len(text) < 1_000 < len(text.encode())

    def never(*_: object) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(charter_file, "_Loader", never)
    [problem] = problems_of(text)
    assert "more than the 1000 allowed" in problem.message


def flow_nested(levels: int) -> str:
    """``pool:`` holding lists inside lists: with the root mapping, ``levels + 1`` levels."""
    return "pool: " + "[" * levels + "]" * levels + "\n"


def block_nested(levels: int) -> str:
    """``pool:`` holding ``levels`` mappings inside one another, block style: ``levels + 1``."""
    keys = "".join(" " * (2 * i) + f"k{i}:\n" for i in range(1, levels + 1))
    return "pool:\n" + keys + " " * (2 * levels + 2) + "x\n"


def test_nesting_deeper_than_the_limit_is_refused_in_flow_style(loader: str) -> None:
    [problem] = problems_of(flow_nested(MAX_DEPTH))
    assert problem.message == f"the charter nests more than {MAX_DEPTH} levels deep"
    assert all("nests" not in p.message for p in problems_of(flow_nested(MAX_DEPTH - 1)))


def test_nesting_deeper_than_the_limit_is_refused_in_block_style(loader: str) -> None:
    [problem] = problems_of(block_nested(MAX_DEPTH))
    assert problem.message == f"the charter nests more than {MAX_DEPTH} levels deep"
    assert all("nests" not in p.message for p in problems_of(block_nested(MAX_DEPTH - 1)))


def test_nesting_past_libyamls_own_limit_is_one_problem_not_a_crash(loader: str) -> None:
    [problem] = problems_of(flow_nested(5_000))
    assert "nest" in problem.message


def test_a_self_referencing_alias_is_refused(loader: str) -> None:
    [problem] = problems_of("pool: &a [*a]\n")
    assert problem.message == "an alias in the charter refers to itself"


def test_an_alias_bomb_is_refused_by_either_loader(loader: str) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    [problem] = problems_of("\n".join(lines) + "\n")
    assert "aliases expand it to more than" in problem.message


def test_aliases_that_stay_within_the_text_size_are_read() -> None:
    text = THREE_MEMBERS.replace("name: Acme Corp", "name: &n Acme Corp")
    text = text.replace("name: Beta Ltd", "name: *n")
    charter = load_charter(text)
    assert charter.members[1].name == "Acme Corp"
