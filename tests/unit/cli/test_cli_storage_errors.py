"""What storage refuses, as the command line prints it, in the reader's language: archives that
cannot be written or restored, unreadable exports, bad or missing signing keys, a refused
downgrade, init run twice, a sandbox database given to ``run``. Real SQLite databases, a real
pool (``poolgov init``) and its real archive (``poolgov export pool``)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from typer.testing import CliRunner, Result

from bot.cli.app import app
from migrations import runner
from storage import deployment
from storage.engines import make_engine
from tests.catalog_fragments import with_incoming_translations
from tests.unit.cli.helpers import EXAMPLES, ROOT
from tests.unit.cli.test_cli_help_languages import english_sentences

#: nothing of the machine's environment decides the language, the key or the database
QUIET: dict[str, str | None] = {
    "LANGUAGE": "",
    "LC_ALL": "",
    "LC_MESSAGES": "",
    "LANG": "",
    "POOLGOV_PSEUDO_LOCALE": "",
    "POOLGOV_SIGNING_KEY": None,
    "POOLGOV_SIGNING_KEY_FILE": None,
    "POOLGOV_SIGNING_PUBLIC_KEYS": None,
    "DATABASE_URL": None,
    "SLACK_BOT_TOKEN": None,
    "SLACK_APP_TOKEN": None,
}
GARBAGE_KEY = {"POOLGOV_SIGNING_KEY": "not-a-key"}


@pytest.fixture(autouse=True)
def _chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    with_incoming_translations(monkeypatch)


def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(
        app, [str(a) for a in args], env={**QUIET, **(env or {})}, catch_exceptions=False
    )


def chinese(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    return run("--lang", "zh-Hans", *args, env=env)


@dataclass(frozen=True)
class Pool:
    url: str
    archive: Path
    home: Path


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> Pool:
    """A pool made by ``poolgov init`` (its signing key file beside it), archived once."""
    home = tmp_path_factory.mktemp("pool")
    url = f"sqlite:///{home / 'pool.db'}"
    made = run("init", EXAMPLES / "charter.yaml", "--database-url", url)
    assert made.exit_code == 0, made.output
    archive = home / "archive"
    exported = run("export", "pool", archive, "--database-url", url)
    assert exported.exit_code == 0, exported.output
    return Pool(url, archive, home)


def copy_of(archive: Path, where: Path) -> Path:
    return Path(shutil.copytree(archive, where / "copy"))


def ec_public_key(path: Path) -> Path:
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    path.write_bytes(
        key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return path


def sandbox_database(path: Path) -> str:
    url = f"sqlite:///{path}"
    runner.upgrade(url)
    engine = make_engine(url)
    try:
        deployment.claim(engine, deployment.SANDBOX, datetime.now(UTC))
    finally:
        engine.dispose()
    return url


def refused(result: Result) -> str:
    """The refusal ``result`` printed, having checked it is one: exit 2, stderr only."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    return result.stderr


def no_english(text: str) -> list[str]:
    """The English sentences left in ``text`` once paths, quoted names and code are set aside."""
    return english_sentences(re.sub(r"\S*/\S*|'[^']*'", " ", text))


# Exact, in Chinese --------------------------------------------------------------------------


def test_a_changed_archive_is_not_restored_and_says_what_differs(
    pool: Pool, tmp_path: Path
) -> None:
    changed = copy_of(pool.archive, tmp_path)
    (changed / "tables" / "members.jsonl").write_text("{}\n", encoding="utf-8")

    said = refused(chinese("import", "pool", changed, "--database-url", f"sqlite:///{tmp_path}/n"))

    assert said == (
        "错误：归档与导出时不一致：tables/members.jsonl：与 pool.json 所列不一致（SHA-256）；"
        "members 表：1 行，而 pool.json 记载为 12 行\n"
    )


def test_a_directory_without_pool_json_is_not_an_archive(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()

    said = refused(chinese("import", "pool", empty, "--database-url", f"sqlite:///{tmp_path}/n"))

    assert said == f"错误：{empty}：没有 pool.json，不是专利池归档\n"


def test_an_export_with_a_file_that_is_not_text_names_the_file(pool: Pool, tmp_path: Path) -> None:
    unreadable = copy_of(pool.archive, tmp_path)
    (unreadable / "heads.json").write_bytes(b"\xff\xfe\x00")

    said = refused(chinese("audit", "check", unreadable))

    assert said == f"错误：{unreadable}：heads.json：不是 UTF-8 文本\n"


def test_a_public_key_that_is_not_ed25519_is_refused(pool: Pool, tmp_path: Path) -> None:
    key = ec_public_key(tmp_path / "ec.pem")

    said = refused(chinese("audit", "check", pool.archive, "--public-key", key))

    assert said == f"错误：{key}：该 PEM 密钥不是 Ed25519 密钥\n"


def test_a_signing_key_poolgov_cannot_read_is_named(pool: Pool, tmp_path: Path) -> None:
    target = tmp_path / "archive"
    said = refused(chinese("export", "pool", target, "--database-url", pool.url, env=GARBAGE_KEY))

    assert said == (
        "错误：POOLGOV_SIGNING_KEY：既不是 PEM 格式的 Ed25519 私钥，"
        "也不是 32 字节种子的 urlsafe base64 编码\n"
    )
    assert not target.exists()


def test_a_refused_downgrade_says_why_in_chinese_and_in_english(pool: Pool) -> None:
    zh = refused(chinese("db", "downgrade", "base", "--database-url", pool.url))
    en = refused(run("db", "downgrade", "base", "--database-url", pool.url))

    assert zh == (
        "错误：无法降级：审计链中有 1 个第 2 种哈希方案的条目，0005 之前的版本无法核验；"
        "请改为恢复升级前所做的备份\n"
    )
    assert en == (
        "error: cannot downgrade: the audit chain holds 1 scheme-2 entries, which revisions "
        "before 0005 cannot verify; restore a backup taken before the upgrade instead\n"
    )
    assert runner.current_revision(pool.url) == runner.head_revision()


def test_init_run_twice_is_refused(pool: Pool) -> None:
    said = refused(chinese("init", EXAMPLES / "charter.yaml", "--database-url", pool.url))

    assert said == (
        "错误：此数据库已存有专利池（章程版本 1）；init 只能运行一次。"
        "此后章程只能通过已通过的章程修改议案进行修改。\n"
    )


# Every one, in Chinese ----------------------------------------------------------------------


def _refusals(pool: Pool, where: Path) -> dict[str, Result]:
    """Each storage error a command prints, provoked for real, under --lang zh-Hans."""
    fresh = f"sqlite:///{where / 'fresh.db'}"
    not_archive = copy_of(pool.archive, where)
    (not_archive / "pool.json").write_text('{"format": "something else"}', encoding="utf-8")
    listless = where / "listless"
    shutil.copytree(pool.archive, listless)
    (listless / "heads.json").write_text("{}", encoding="utf-8")
    return {
        "export pool into a directory that is not empty": chinese(
            "export", "pool", pool.archive, "--database-url", pool.url
        ),
        "export pool without its signing key": chinese(
            "export",
            "pool",
            where / "keyless",
            "--database-url",
            pool.url,
            env={"POOLGOV_SIGNING_KEY_FILE": str(where / "gone.key")},
        ),
        "export pool with a bad signing key": chinese(
            "export", "pool", where / "bad", "--database-url", pool.url, env=GARBAGE_KEY
        ),
        "import pool into a database that holds a pool": chinese(
            "import", "pool", pool.archive, "--database-url", pool.url
        ),
        "import pool of something else": chinese(
            "import", "pool", not_archive, "--database-url", fresh
        ),
        "audit check of heads.json that lists nothing": chinese("audit", "check", listless),
        "audit check of no directory": chinese("audit", "check", where / "nowhere"),
        "audit check with a key that is not Ed25519": chinese(
            "audit", "check", pool.archive, "--public-key", ec_public_key(where / "ec.pem")
        ),
        "export motion that does not exist": chinese(
            "export", "motion", "99", where / "motion", "--database-url", pool.url
        ),
        "init with a bad signing key": chinese(
            "init", EXAMPLES / "charter.yaml", "--database-url", fresh, env=GARBAGE_KEY
        ),
        "init twice": chinese("init", EXAMPLES / "charter.yaml", "--database-url", pool.url),
        "db downgrade refused": chinese("db", "downgrade", "base", "--database-url", pool.url),
        "run on a sandbox's database": chinese(
            "run",
            env={
                "SLACK_BOT_TOKEN": "xoxb-1",
                "SLACK_APP_TOKEN": "xapp-1",
                "DATABASE_URL": sandbox_database(where / "sandbox.db"),
            },
        ),
    }


def test_every_storage_error_the_command_line_prints_is_in_chinese(
    pool: Pool, tmp_path: Path
) -> None:
    results = _refusals(pool, tmp_path)

    for what, result in results.items():
        said = refused(result)
        assert said.startswith("错误："), what
        assert re.search("[\u4e00-\u9fff]", said.removeprefix("错误：")), (what, said)
        assert no_english(said) == [], (what, said)
    assert "没有签名密钥" in results["export pool without its signing key"].stderr
    assert "沙盒专利池" in results["run on a sandbox's database"].stderr
    assert results["export motion that does not exist"].stderr == "错误：没有议案 99\n"
    nowhere = results["audit check of no directory"].stderr
    assert nowhere == f"错误：{tmp_path / 'nowhere'}：不是目录\n"  # the directory named once


def test_a_server_that_cannot_start_says_why_in_chinese(tmp_path: Path) -> None:
    # a process of its own: `run` sets up logging for the whole process before it starts
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "POOLGOV_", "LC_"))}
    env.update(
        LANGUAGE="",
        LANG="zh_CN.UTF-8",
        SLACK_BOT_TOKEN="xoxb-1",
        SLACK_APP_TOKEN="xapp-1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.db'}",
    )
    env.pop("DATABASE_URL_FILE", None)
    started = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert started.returncode == 2, started.stderr
    assert started.stderr.splitlines()[-1] == (
        "错误：数据库中还没有专利池：请将 POOLGOV_CHARTER 设为章程文件"
        "（或运行 `poolgov init CHARTER.yaml`）"
    )
