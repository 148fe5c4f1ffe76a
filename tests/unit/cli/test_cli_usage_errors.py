"""The parser's own errors (a missing option, a bad value, an unknown command or option, an extra
argument) in the reader's language, with the same facts and exit status 2; under the
pseudo-locale nothing but marked catalog messages and data."""

from __future__ import annotations

import re

import pytest
from typer._click.exceptions import UsageError
from typer.testing import CliRunner, Result

from bot.cli.app import app
from bot.cli.usage_errors import sentence
from bot.i18n import Language, speaking
from tests.catalog_fragments import with_incoming_translations
from tests.unit.cli.test_cli_help_languages import PSEUDO, QUIET, english_sentences, unmarked


@pytest.fixture(autouse=True)
def _chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    with_incoming_translations(monkeypatch)


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, list(args), env={**QUIET, **(env or {})}, catch_exceptions=False)


REPORT_USAGE_ZH = "用法： poolgov report [OPTIONS]\n运行 'poolgov report --help' 查看帮助。\n\n"
REPORT_USAGE_EN = "Usage: poolgov report [OPTIONS]\nTry 'poolgov report --help' for help.\n\n"
TOP_USAGE_ZH = "用法： poolgov [OPTIONS] COMMAND [ARGS]...\n运行 'poolgov --help' 查看帮助。\n\n"
TOP_USAGE_EN = "Usage: poolgov [OPTIONS] COMMAND [ARGS]...\nTry 'poolgov --help' for help.\n\n"
TALLY = "poolgov tally [OPTIONS] {CHARTER.yaml} {BALLOTS.csv}"
KINDS = (
    "'admission', 'withdrawal', 'expulsion', 'fee_change', 'distribution_change', "
    "'charter_amendment', 'general', 'minutes_approval'"
)


def test_a_missing_option_in_chinese_and_in_english() -> None:
    chinese = run("report", "--to", "2027-01-31", "--lang", "zh-Hans")
    english = run("report", "--to", "2027-01-31", "--lang", "en", env={"LANG": "zh_CN.UTF-8"})

    assert chinese.exit_code == english.exit_code == 2
    assert chinese.stderr == REPORT_USAGE_ZH + "错误：缺少选项 '--from'。\n"
    assert english.stderr == REPORT_USAGE_EN + "Error: Missing option '--from'.\n"
    assert chinese.stdout == english.stdout == ""


def test_a_missing_argument_and_a_missing_choice_name_what_is_missing() -> None:
    argument = run("--lang", "zh-Hans", "db", "downgrade")
    choice = run("tally", "a.yaml", "b.csv", env={"LANG": "zh_CN.UTF-8"})

    assert argument.exit_code == choice.exit_code == 2
    assert argument.stderr.endswith("错误：缺少参数 'REVISION'。\n")
    assert choice.stderr == (
        f"用法： {TALLY}\n运行 'poolgov tally --help' 查看帮助。\n\n"
        "错误：缺少选项 '--kind'。可选值：admission, withdrawal, expulsion, fee_change, "
        "distribution_change, charter_amendment, general, minutes_approval。\n"
    )


def test_a_bad_value_names_the_option_and_the_value() -> None:
    chinese = run("--lang", "zh-Hans", "run", "--port", "abc")
    english = run("run", "--port=abc")

    assert chinese.exit_code == english.exit_code == 2
    assert chinese.stderr == (
        "用法： poolgov run [OPTIONS]\n运行 'poolgov run --help' 查看帮助。\n\n"
        "错误：'--port' 的值无效：'abc' 不是有效的整数。\n"
    )
    assert english.stderr == (
        "Usage: poolgov run [OPTIONS]\nTry 'poolgov run --help' for help.\n\n"
        "Error: Invalid value for '--port': 'abc' is not a valid integer.\n"
    )


def test_a_value_not_among_the_choices_lists_them() -> None:
    chinese = run("tally", "a.yaml", "b.csv", "--kind", "bogus", "--lang", "zh-Hans")
    english = run("tally", "a.yaml", "b.csv", "--kind", "bogus")

    assert chinese.exit_code == english.exit_code == 2
    assert chinese.stderr.endswith(f"错误：'--kind' 的值无效：'bogus' 不在可选值之列：{KINDS}。\n")
    assert english.stderr.endswith(
        f"Error: Invalid value for '--kind': 'bogus' is not one of {KINDS}.\n"
    )


def test_an_unknown_command_with_and_without_a_suggestion() -> None:
    chinese = run("--lang", "zh-Hans", "tall")
    english = run("tall")
    nested = run("db", "nosuch", env={"LANG": "zh_CN.UTF-8"})

    assert chinese.exit_code == english.exit_code == nested.exit_code == 2
    assert chinese.stderr == TOP_USAGE_ZH + "错误：没有此命令：'tall'。是否要用 'tally'？\n"
    assert english.stderr == TOP_USAGE_EN + "Error: No such command 'tall'. Did you mean 'tally'?\n"
    assert nested.stderr == (
        "用法： poolgov db [OPTIONS] COMMAND [ARGS]...\n运行 'poolgov db --help' 查看帮助。\n\n"
        "错误：没有此命令：'nosuch'。\n"
    )


def test_an_unknown_option_an_extra_argument_and_an_option_without_its_value() -> None:
    chinese = {"LANG": "zh_CN.UTF-8"}
    possible = run("tally", "a.yaml", "b.csv", "--kind", "general", "--js", env=chinese)
    unknown = run("--bogus", env=chinese)
    extra = run("tally", "a.yaml", "b.csv", "c.csv", "--kind", "general", env=chinese)
    valueless = run("tally", "a.yaml", "b.csv", "--kind", env=chinese)
    english = run("tally", "a.yaml", "b.csv", "c.csv", "d.csv", "--kind", "general")

    for result in (possible, unknown, extra, valueless, english):
        assert result.exit_code == 2, result.output
    assert possible.stderr.endswith("错误：没有此选项：--js（可能的选项：--json）\n")
    assert unknown.stderr == TOP_USAGE_ZH + "错误：没有此选项：--bogus\n"
    assert extra.stderr.endswith("错误：多余的参数（c.csv）\n")
    assert valueless.stderr.endswith("错误：选项 '--kind' 需要一个值。\n")
    assert english.stderr.endswith("Error: Got unexpected extra arguments (c.csv d.csv)\n")


COMMAND_LINES = [
    ("report", "--to", "2027-01-31"),
    ("db", "downgrade"),
    ("run", "--port", "abc"),
    ("tally", "a.yaml", "b.csv", "--kind", "bogus"),
    ("tally", "a.yaml", "b.csv"),
    ("tall",),
    ("db", "nosuch"),
    ("--bogus",),
    ("tally", "a.yaml", "b.csv", "c.csv", "--kind", "general"),
    ("tally", "a.yaml", "b.csv", "--kind"),
]


@pytest.mark.parametrize("args", COMMAND_LINES, ids=" ".join)
def test_every_usage_error_is_in_chinese_under_a_chinese_locale(args: tuple[str, ...]) -> None:
    result = run(*args, env={"LANG": "zh_CN.UTF-8"})

    assert result.exit_code == 2
    assert "错误：" in result.stderr
    assert english_sentences(re.sub(r"'[^']*'", "", result.stderr)) == []  # quoted: names
    assert "Error" not in result.stderr
    assert "Try '" not in result.stderr


@pytest.mark.parametrize("args", COMMAND_LINES, ids=" ".join)
def test_every_usage_error_is_only_catalog_messages_and_data(args: tuple[str, ...]) -> None:
    result = run(*args, env=PSEUDO)

    assert result.exit_code == 2
    assert unmarked(result.stderr) == []


def test_a_command_given_no_arguments_still_shows_its_help() -> None:
    result = run("db", env={"LANG": "zh_CN.UTF-8"})

    assert result.exit_code == 2
    assert result.output.startswith("用法： poolgov db [OPTIONS] COMMAND [ARGS]...")
    assert "命令：" in result.output
    assert "错误" not in result.output


def test_a_bad_lang_before_the_command_exits_2_naming_it() -> None:
    result = run("--lang", "fr", "db", "history")

    assert result.exit_code == 2
    assert result.stderr == "error: --lang 'fr': give en or zh-Hans\n"


def test_a_usage_error_of_a_shape_not_known_reads_as_the_framework_wrote_it() -> None:
    with speaking(Language.ZH_HANS):
        assert sentence(UsageError("Something else went wrong.")) == "Something else went wrong."
