"""Every ``--help`` of every command, and what ``db``, ``settings`` and ``manifest`` print for
people, in the reader's language; under the pseudo-locale nothing but marked catalog
messages and data, so no English bypasses the catalog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner, Result

from bot.cli.app import app
from bot.cli.help_language import commands, first_sentence, requested_language
from bot.i18n import Language
from bot.i18n.speech import PSEUDO_CLOSE, PSEUDO_ENV, PSEUDO_OPEN
from tests.catalog_fragments import with_incoming_translations
from tests.unit.cli.charters import THREE_MEMBERS

QUIET = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "", PSEUDO_ENV: ""}
CHINESE = {"LANG": "zh_CN.UTF-8"}
PSEUDO = {PSEUDO_ENV: "1"}
PATHS = [path for path, _command in commands(typer.main.get_command(app))]
NAMES = {name for path in PATHS for name in path} | {"poolgov"}

_MARKED = re.compile(f"{PSEUDO_OPEN}[^{PSEUDO_OPEN}{PSEUDO_CLOSE}]*{PSEUDO_CLOSE}")
#: a word of help or of a report that is data: an option, a METAVAR, a <type>, {choices}, an id,
#: a number, a path or a URL
_DATA = re.compile(
    r"--?[a-z][a-z-]*(=\S*)?|[A-Z][A-Z0-9_]*(\.[a-z]+)?(\[=[A-Z]+\]?)?(\.\.\.)?|<[^<>\s]+>"
    r"|\{[^{}\s]+\}"
    r"|\S*\d\S*|\S*[/:]\S*|[*]+|OPTIONS|ARGS\]?\.\.\."
)
_PUNCTUATION = "()[],;:.*|"
#: three English words in a row, outside ``code``: a sentence the catalog did not translate
_ENGLISH = re.compile(r"\b[A-Za-z]{2,} [a-z]{2,} [a-z]{2,}\b")


@pytest.fixture(autouse=True)
def _chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    with_incoming_translations(monkeypatch)


def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(
        app, [str(a) for a in args], env={**QUIET, **(env or {})}, catch_exceptions=False
    )


def unmarked(output: str) -> list[str]:
    """What is left of ``output`` once the marked messages and the data are taken out."""
    left, before = output, ""
    while left != before:  # a message filled with another: the inner one first
        left, before = _MARKED.sub(" ", left), left
    words = (word.strip(_PUNCTUATION) for word in left.split())
    return [w for w in words if w and w not in NAMES and not _DATA.fullmatch(w)]


def english_sentences(output: str) -> list[str]:
    prose = re.sub(r"`+[^`]+`+", " ", output)
    return [
        found
        for line in prose.splitlines()
        if not line.startswith("用法：")  # the usage line names commands, in English by nature
        for found in _ENGLISH.findall(line)
    ]


def test_the_tree_holds_every_command() -> None:
    assert ("db", "history") in PATHS
    assert ("audit", "check") in PATHS
    assert ("register", "import") in PATHS
    assert len(PATHS) > 25


@pytest.mark.parametrize("path", PATHS, ids=lambda path: " ".join(path) or "poolgov")
def test_every_help_is_in_chinese_under_a_chinese_locale(path: tuple[str, ...]) -> None:
    result = run(*path, "--help", env=CHINESE)

    assert result.exit_code == 0, result.output
    assert result.output.startswith("用法： poolgov")
    assert "选项：" in result.output
    assert "显示本帮助后退出。" in result.output
    assert english_sentences(result.output) == []


@pytest.mark.parametrize("path", PATHS, ids=lambda path: " ".join(path) or "poolgov")
def test_every_help_is_only_catalog_messages_and_data(path: tuple[str, ...]) -> None:
    result = run(*path, "--help", env=PSEUDO)

    assert result.exit_code == 0, result.output
    assert f"{PSEUDO_OPEN}Usage:{PSEUDO_CLOSE}" in result.output
    assert unmarked(result.output) == []


@pytest.mark.parametrize("env", [{"LANG": "C"}, {"LANG": "en_US.UTF-8"}, {}])
def test_help_is_english_under_an_english_or_c_locale(env: dict[str, str]) -> None:
    result = run("tally", "--help", env=env)

    assert result.output.startswith("Usage: poolgov tally")
    assert "Recount a motion from a charter file and a ballots file" in result.output
    assert "Show this message and exit." in result.output
    assert "[required]" in result.output


def test_the_top_help_lists_each_command_by_its_first_sentence_in_chinese() -> None:
    result = run("--help", env=CHINESE)

    assert "命令：" in result.output
    assert "tally     依据章程文件和表决票文件重新计票（无需数据库，无需 Slack）。" in result.output
    assert "db        数据库结构（Alembic 迁移）。" in result.output


def test_lang_picks_the_language_of_help_over_the_environment() -> None:
    chinese = run("tally", "--help", "--lang", "zh-Hans", env={"LANG": "en_US.UTF-8"})
    english = run("report", "--lang=en", "--help", env=CHINESE)

    assert "参数：" in chinese.output
    assert "提出该议案时所依据的章程。  [必填]" in chinese.output
    assert english.output.startswith("Usage: poolgov report")


def test_a_default_shown_in_help_is_translated_around_its_value() -> None:
    result = run("db", "upgrade", "--help", env=CHINESE)

    assert "[默认：head]" in result.output


def test_a_bad_lang_leaves_help_to_the_environment() -> None:
    assert requested_language(["--lang", "fr"], {"LANG": "zh_CN.UTF-8"}) is Language.ZH_HANS
    assert requested_language(["--lang", "zh-Hans"], {"LANG": "C"}) is Language.ZH_HANS
    assert requested_language(["--", "--lang", "zh-Hans"], {}) is Language.EN


def test_first_sentence_keeps_abbreviations_and_marks_whole() -> None:
    assert first_sentence("Do this, e.g. after that. Then more.") == "Do this, e.g. after that."
    assert first_sentence("做这件事。再做那件。") == "做这件事。"
    marked = f"{PSEUDO_OPEN}One. Two.{PSEUDO_CLOSE}"
    assert first_sentence(marked) == f"{PSEUDO_OPEN}One.{PSEUDO_CLOSE}"


# -- what commands print for people ---------------------------------------------------------------


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'pool.db'}"
    assert run("db", "upgrade", "--database-url", url).exit_code == 0
    return url


def test_db_current_and_history_in_chinese(database: str) -> None:
    current = run("db", "current", "--database-url", database, env=CHINESE)
    history = run("db", "history", "--database-url", database, env=CHINESE)

    assert current.exit_code == 0
    assert current.output.endswith("（最新）\n")
    assert "初始数据库结构：章程版本、成员名册、议案、表决票和审计链。" in history.output
    assert "（最新）" in history.output.splitlines()[-1]
    assert english_sentences(history.output) == []


def test_db_current_and_history_in_english(database: str) -> None:
    current = run("db", "current", "--database-url", database, env={"LANG": "C"})
    history = run("db", "history", "--database-url", database)

    assert current.output.endswith(" (head)\n")
    assert "The initial schema: charter versions" in history.output


@pytest.mark.parametrize("args", [("db", "current"), ("db", "history")])
def test_db_output_is_only_catalog_messages_and_data(database: str, args: tuple[str, ...]) -> None:
    result = run(*args, "--database-url", database, env=PSEUDO)

    assert result.exit_code == 0
    assert unmarked(result.output) == []


def test_settings_masks_and_unset_in_chinese_keep_the_variable_names() -> None:
    result = run("settings", env={**CHINESE, "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": ""})
    lines = dict(line.split("=", 1) for line in result.output.splitlines())

    assert lines["SLACK_BOT_TOKEN"] == "******** （已设置）"
    assert "（未设置）" in lines.values()
    pseudo = run("settings", env=PSEUDO)
    assert f"{PSEUDO_OPEN}(not set){PSEUDO_CLOSE}" in pseudo.output


def test_manifest_refuses_a_bad_url_in_chinese() -> None:
    result = run("manifest", "--http", "http://host", env=CHINESE)

    assert result.exit_code == 2
    assert "--http 'http://host'：请给出 Slack 访问 poolgov 所用的 https 网址" in result.output


def test_manifest_refusal_is_a_catalog_message() -> None:
    result = run("manifest", "--http", "ftp://x", env=PSEUDO)

    assert result.exit_code == 2
    assert unmarked(result.output) == []


def test_a_recuse_the_rule_does_not_take_is_refused_in_chinese(tmp_path: Path) -> None:
    charter = tmp_path / "charter.yaml"
    charter.write_text(THREE_MEMBERS)
    ballots = tmp_path / "ballots.csv"
    ballots.write_text("member,choice\nacme,yes\n")
    kind = ("--kind", "fee_change")

    chinese = run("tally", charter, ballots, *kind, "--recuse", "beta", env=CHINESE)
    pseudo = run("tally", charter, ballots, *kind, "--recuse", "beta", env=PSEUDO)

    assert chinese.exit_code == 2
    assert "--recuse：--kind fee_change 的规则未在 recuse 中列出「declared」" in chinese.output
    assert pseudo.exit_code == 2
    assert unmarked(pseudo.output) == []
