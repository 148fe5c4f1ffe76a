"""The command line in English and Chinese: ``--lang``, ``LC_ALL``/``LANG``, and machine output
that never changes with the language."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bot.cli.app import app
from bot.cli.common import environment_language
from bot.i18n import Language
from tests.catalog_fragments import with_incoming_translations
from tests.unit.cli.charters import THREE_MEMBERS
from tests.unit.cli.helpers import EXAMPLES, ROOT


@pytest.fixture(autouse=True)
def _chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    with_incoming_translations(monkeypatch)


def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    # No language in the environment unless the test gives one (the machine's may be anything).
    quiet = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}
    return CliRunner().invoke(
        app, [str(a) for a in args], env={**quiet, **(env or {})}, catch_exceptions=False
    )


@pytest.fixture
def expulsion(tmp_path: Path) -> tuple[Path, ...]:
    charter = tmp_path / "charter.yaml"
    charter.write_text(THREE_MEMBERS)
    ballots = tmp_path / "ballots.csv"
    ballots.write_text("member,choice\nacme,yes\nbeta,abstain\n")
    return charter, ballots, Path("--kind"), Path("expulsion"), Path("--subject"), Path("gamma")


def lines(result: Result) -> list[str]:
    return [line.rstrip() for line in result.stdout.splitlines()]


ENGLISH_TALLY = [
    "expulsion motion: CARRIED",
    "Test Pool: 3 members, electorate 2, recused: gamma",
    "",
    "test              result  counted           needed",
    "quorum (weight)   met     9/10 (100.00%)    ≥ 9/20 (50.00%)",
    "quorum (members)  met     2 of 2 took part  ≥ 0",
    "weight test       met     yes 3/5 (66.67%)  ≥ 9/20 (50.00%)",
    "                                            = 3/4 × yes + no (3/5)",
    "",
    "Totals, as shares of the register's weight:",
]
CHINESE_TALLY = [
    "成员除名议案：通过",
    "Test Pool：成员3名，其中有表决权的成员2名；回避：gamma",
    "",
    "检验项目                结果  计票                  所需",
    "法定人数（按表决权计）  满足  9/10（100.00%）       ≥ 9/20（50.00%）",
    "法定人数（按成员数计）  满足  2名成员中2名参与表决  ≥ 0",
    "表决权检验              满足  赞成3/5（66.67%）     ≥ 9/20（50.00%）",
    "                                                    = 3/4 × 赞成+反对（3/5）",
    "",
    "合计（按名册表决权的比例计）：",
]


def test_the_tally_report_in_english_and_in_chinese(expulsion: tuple[Path, ...]) -> None:
    english = run("tally", *expulsion, "--lang", "en")
    chinese = run("tally", *expulsion, "--lang", "zh-Hans")

    assert english.exit_code == chinese.exit_code == 0
    assert lines(english)[:10] == ENGLISH_TALLY
    assert lines(chinese)[:10] == CHINESE_TALLY
    assert "gamma   Gamma GmbH    1/10  10.00%  recused" in lines(english)
    assert "gamma  Gamma GmbH        1/10      10.00%  回避" in lines(chinese)
    assert "beta   Beta Ltd          3/10      30.00%  弃权" in lines(chinese)


def test_without_lang_the_tally_follows_lc_all_then_lang(expulsion: tuple[Path, ...]) -> None:
    assert lines(run("tally", *expulsion, env={"LANG": "zh_CN.UTF-8"}))[0] == "成员除名议案：通过"
    assert lines(run("tally", *expulsion, env={"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}))[
        0
    ] == ("成员除名议案：通过")
    assert lines(run("tally", *expulsion, env={"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}))[0] == (
        "expulsion motion: CARRIED"
    )
    assert lines(run("tally", *expulsion, env={"LANG": "fr_FR.UTF-8"}))[0] == (
        "expulsion motion: CARRIED"
    )
    # --lang wins over the environment, both ways.
    assert lines(run("tally", *expulsion, "--lang", "en", env={"LANG": "zh_CN.UTF-8"}))[0] == (
        "expulsion motion: CARRIED"
    )
    assert lines(run("tally", *expulsion, "--lang", "zh-Hans", env={"LANG": "C.UTF-8"}))[0] == (
        "成员除名议案：通过"
    )


@pytest.mark.parametrize("environment", ["", "zh_CN.UTF-8"])
def test_a_bad_lang_exits_2_naming_it(expulsion: tuple[Path, ...], environment: str) -> None:
    for value in ("fr", "zh-Hant", "english", ""):
        result = run("tally", *expulsion, "--lang", value, env={"LANG": environment})
        assert result.exit_code == 2
        assert result.stdout == ""
    english = run("tally", *expulsion, "--lang", "zh-TW")
    assert english.stderr == "error: --lang 'zh-TW': give en or zh-Hans\n"
    chinese = run("tally", *expulsion, "--lang", "fr", env={"LANG": "zh_CN.UTF-8"})
    assert chinese.stderr == "错误：--lang 'fr'：请指定 en 或 zh-Hans\n"


def test_the_tally_json_is_the_same_in_every_language(expulsion: tuple[Path, ...]) -> None:
    english = run("tally", *expulsion, "--json", "--lang", "en")
    chinese = run("tally", *expulsion, "--json", "--lang", "zh-Hans")
    by_environment = run("tally", *expulsion, "--json", env={"LANG": "zh_CN.UTF-8"})

    assert english.exit_code == chinese.exit_code == by_environment.exit_code == 0
    assert chinese.stdout == english.stdout == by_environment.stdout
    assert json.loads(chinese.stdout)["outcome"] == "carried"


def test_the_example_double_majority_in_chinese_shows_the_blocking_minority() -> None:
    result = run(
        "tally",
        EXAMPLES / "double-majority.yaml",
        EXAMPLES / "ballots" / "double-majority-fee-change.csv",
        "--kind",
        "fee_change",
        "--lang",
        "zh-Hans",
    )
    assert result.exit_code == 0, result.output
    assert "表决权检验视为满足：未赞成该议案的成员人数不足以构成否决少数。" in result.stdout
    assert any(line.startswith("否决少数") and "已适用" in line for line in lines(result))


def test_charter_problems_in_chinese(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        THREE_MEMBERS.replace("id: acme", "id: Acme").replace("users: [U0SUP1]", "users: [U0OPS1]")
    )
    english = run("charter", "check", bad)
    chinese = run("charter", "check", bad, env={"LANG": "zh_CN.UTF-8"})

    assert english.exit_code == chinese.exit_code == 2
    assert english.stderr.splitlines() == [
        f"{bad}: 2 problems",
        "  members[0].id: 'Acme' must match [a-z0-9-]{1,32}",
        "  supervisors.users: U0OPS1 acts for the operator and cannot supervise it",
    ]
    assert chinese.stderr.splitlines() == [
        f"{bad}：2处问题",
        "  members[0].id：'Acme'必须符合 [a-z0-9-]{1,32}",
        "  supervisors.users：U0OPS1代表运营管理机构行事，不得担任其监督员",
    ]


def test_the_environment_names_the_language() -> None:
    assert environment_language({}) is Language.EN
    assert environment_language({"LANG": "zh_CN.UTF-8"}) is Language.ZH_HANS
    assert environment_language({"LC_MESSAGES": "zh_SG", "LANG": "en_US"}) is Language.ZH_HANS
    assert environment_language({"LC_ALL": "POSIX", "LANG": "zh_CN"}) is Language.EN
    assert environment_language({"LANG": "zh_TW.UTF-8"}) is Language.EN
    assert environment_language({"LANGUAGE": "fr:zh_CN", "LANG": "en_US.UTF-8"}) is Language.ZH_HANS


def test_bad_ballot_rows_in_chinese(tmp_path: Path) -> None:
    charter = tmp_path / "charter.yaml"
    charter.write_text(THREE_MEMBERS)
    ballots = tmp_path / "ballots.csv"
    ballots.write_text("member,choice\nacme,yes\nzeta,no\nacme,maybe\n")
    arguments = ("tally", charter, ballots, "--kind", "general")

    english = run(*arguments)
    chinese = run(*arguments, "--lang", "zh-Hans")

    assert english.exit_code == chinese.exit_code == 2
    assert english.stderr.splitlines() == [
        f"error: {ballots} row 3: 'zeta' is not a member of the pool",
        f"{ballots} row 4: 'acme' already has a ballot on row 2; one counted ballot per member",
        f"{ballots} row 4: 'maybe' is not a choice; write yes, no or abstain",
    ]
    assert chinese.stderr.splitlines() == [
        f"错误：{ballots}第3行：'zeta'不是专利池的成员",
        f"{ballots}第4行：'acme'已在第2行有表决票；每个成员只计一张表决票",
        f"{ballots}第4行：'maybe'不是有效的表决意见；请填写yes、no 或 abstain",
    ]


def test_charter_file_problems_in_chinese(tmp_path: Path) -> None:
    typo = tmp_path / "typo.yaml"
    typo.write_text(THREE_MEMBERS + "meeting: []\n")
    capped = tmp_path / "capped.yaml"
    capped.write_text(
        THREE_MEMBERS.replace("weights: {basis: patents}", "weights: {basis: patents, cap: 1/5}")
    )
    chinese = {"LANG": "zh_CN.UTF-8"}

    assert run("charter", "check", typo).stderr.splitlines()[1:] == [
        "  meeting: unknown key; did you mean 'meetings'?"
    ]
    assert run("charter", "check", typo, env=chinese).stderr.splitlines()[1:] == [
        "  meeting：未知的键；是否应为 'meetings'？"
    ]
    assert run("charter", "check", capped).stderr.splitlines()[1:] == [
        "  weights.cap: 1/5 × 3 members < 1, the cap cannot be met"
    ]
    assert run("charter", "check", capped, env=chinese).stderr.splitlines()[1:] == [
        "  weights.cap：1/5 × 3名成员 < 1，无法满足权重上限"
    ]


def test_the_charter_summary_in_chinese(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(THREE_MEMBERS)
    result = run("charter", "check", good, env={"LANG": "zh_CN.UTF-8"})
    assert result.exit_code == 0
    assert lines(result) == [
        f"{good}：检查通过",
        "  专利池：Test Pool（Europe/Berlin）",
        "  成员：3名；专利：100件",
        "  表决权权重依据：patents",
        "  议案类型：admission, withdrawal, expulsion, fee_change, distribution_change, "
        "charter_amendment, general, minutes_approval",
        "  会议：无",
    ]


def test_the_json_of_a_real_process_does_not_follow_lang(expulsion: tuple[Path, ...]) -> None:
    def recount(**language: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "POOLGOV_"))}
        env.update({"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "", **language})
        command = [sys.executable, "-m", "bot.cli", "tally", *map(str, expulsion), "--json"]
        return subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
        )

    english, chinese = recount(), recount(LANG="zh_CN.UTF-8")
    assert english.returncode == chinese.returncode == 0, chinese.stderr
    assert chinese.stdout == english.stdout
    assert json.loads(chinese.stdout)["kind"] == "expulsion"
