"""Every command reads the settings ``poolgov run`` reads: the environment first, then ``.env``.

Each test runs in a working directory of its own whose ``.env`` names a database (and keys)
somewhere else, with every poolgov variable removed from the environment, and asserts on an
effect that only the ``.env`` could have caused: the database file created where it says, the
key it holds accepted or refused, the pool it names found.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bot.bootstrap import Storage, build
from bot.cli.app import app
from bot.runner import prepare_storage
from bot.settings import load_settings
from governance.charter import MotionKind
from governance.commands import InitialisePool
from governance.services import initialise_pool
from governance.tally import Choice
from migrations.runner import current_revision, head_revision, upgrade
from storage.audit.signing import HeadSigner, parse_private_key
from tests.integration.charters import charter_text
from tests.integration.conftest import NOW, SIGNING_KEY
from tests.integration.helpers import WEEK, close, open_kind, vote

ROOT = Path(__file__).resolve().parents[2]
AUDIT_KEY = "audit-key-from-the-dotenv"
VARIABLE_PREFIXES = ("SLACK_", "POOLGOV_", "DATABASE_URL")


class Place:
    """A working directory with a ``.env``, and a data directory elsewhere that it points to."""

    def __init__(self, root: Path) -> None:
        self.work = root / "work"
        self.data = root / "data"
        self.work.mkdir()
        self.data.mkdir()
        self.database = self.data / "pool.db"
        self.url = f"sqlite:///{self.database}"

    def dotenv(self, **variables: str) -> None:
        lines = [f"{name}={value}" for name, value in variables.items()]
        (self.work / ".env").write_text("\n".join(lines) + "\n", encoding="utf-8")

    @property
    def default_database(self) -> Path:
        """Where the database would be if the ``.env`` were not read."""
        return self.work / "poolgov.db"


@pytest.fixture
def place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Place:
    for name in list(os.environ):
        if name.startswith(VARIABLE_PREFIXES):
            monkeypatch.delenv(name)
    made = Place(tmp_path)
    monkeypatch.chdir(made.work)
    return made


def poolgov(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    # catch_exceptions=False: a traceback fails the test rather than passing as exit status 1
    return CliRunner().invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)


@pytest.fixture
def pool(place: Place) -> Iterator[Storage]:
    """A pool in the ``.env``'s database, with the ``.env``'s audit and signing keys."""
    upgrade(place.url)
    place.dotenv(
        DATABASE_URL=place.url, POOLGOV_AUDIT_KEY=AUDIT_KEY, POOLGOV_SIGNING_KEY=SIGNING_KEY
    )
    with build(place.url, AUDIT_KEY.encode()) as storage:
        initialise_pool(InitialisePool(charter_text(4)), storage.uow(), NOW, storage.parse_charter)
        yield storage


def test_db_upgrade_migrates_the_database_the_dotenv_names(place: Place) -> None:
    place.dotenv(DATABASE_URL=place.url)

    result = poolgov("db", "upgrade")

    assert result.exit_code == 0, result.output
    assert current_revision(place.url) == head_revision()
    assert not place.default_database.exists()


def test_as_a_process_with_an_empty_environment_init_uses_the_dotenv(place: Place) -> None:
    charter = place.work / "charter.yaml"
    charter.write_text(charter_text(3), encoding="utf-8")
    place.dotenv(DATABASE_URL=place.url, POOLGOV_AUDIT_KEY=AUDIT_KEY)

    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "init", "charter.yaml"],
        cwd=place.work,
        env={"PYTHONPATH": str(ROOT)},  # nothing else: no PATH, no HOME, no poolgov variable
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert place.database.exists()
    assert not place.default_database.exists()
    assert not (place.data / "poolgov-audit.key").exists()  # the .env's key, no key file


def test_db_downgrade_takes_the_dotenv_database_down(place: Place) -> None:
    upgrade(place.url)
    place.dotenv(DATABASE_URL=place.url)

    result = poolgov("db", "downgrade", "base")

    assert result.exit_code == 0, result.output
    assert current_revision(place.url) is None
    assert not place.default_database.exists()


def test_init_records_the_pool_and_its_key_file_where_the_dotenv_says(place: Place) -> None:
    charter = place.work / "charter.yaml"
    charter.write_text(charter_text(3), encoding="utf-8")
    key_file = place.data / "keys" / "signing.key"
    place.dotenv(DATABASE_URL=place.url, POOLGOV_SIGNING_KEY_FILE=str(key_file))

    result = poolgov("init", charter)

    assert result.exit_code == 0, result.output
    assert place.database.exists()
    assert key_file.exists()
    assert f"signing key written to {key_file}" in result.output
    assert not place.default_database.exists()
    assert not (place.work / "poolgov-signing.key").exists()
    assert not (place.data / "poolgov-signing.key").exists()


def test_audit_verify_reads_the_dotenv_database_and_needs_no_key_for_new_entries(
    place: Place, pool: Storage
) -> None:
    intact = poolgov("audit", "verify")
    place.dotenv(DATABASE_URL=place.url, POOLGOV_AUDIT_KEY="some-other-key")
    other_key = poolgov("audit", "verify")  # the HMAC key checks only scheme-1 entries

    assert intact.exit_code == 0, intact.output
    assert "audit chain intact" in intact.output
    assert other_key.exit_code == 0, other_key.output


def test_export_motion_finds_the_motion_in_the_dotenv_database(place: Place, pool: Storage) -> None:
    opened = open_kind(pool, MotionKind.GENERAL, NOW)
    for member in ("acme", "beta", "gamma"):
        vote(pool, opened.motion_id, member, Choice.YES, NOW + timedelta(hours=1))
    close(pool, opened.motion_id, NOW + WEEK)
    out = place.work / "export"

    result = poolgov("export", "motion", opened.motion_id, out)

    assert result.exit_code == 0, result.output
    assert (out / "ballots.csv").read_text(encoding="utf-8").count("yes") == 3
    keys = (out / "keys.json").read_text(encoding="utf-8")
    assert load_settings().signing_key is not None
    assert HeadSigner(parse_private_key(SIGNING_KEY, "key")).key_id in keys  # the .env's key


def test_export_ics_reads_the_pool_from_the_dotenv_database(place: Place, pool: Storage) -> None:
    result = poolgov("export", "ics")  # no --charter: without the database it would refuse

    assert result.exit_code == 0, result.output
    assert "BEGIN:VCALENDAR" in result.output


def test_report_reports_on_the_dotenv_database(place: Place, pool: Storage) -> None:
    result = poolgov("report", "--from", "2027-01-01", "--to", "2027-12-31")

    assert result.exit_code == 0, result.output
    assert not place.default_database.exists()


def test_run_keeps_its_signing_key_in_the_file_the_dotenv_names(place: Place) -> None:
    charter = place.work / "charter.yaml"
    charter.write_text(charter_text(3), encoding="utf-8")
    key_file = place.data / "keys" / "signing.key"
    place.dotenv(
        DATABASE_URL=place.url, POOLGOV_SIGNING_KEY_FILE=str(key_file), POOLGOV_CHARTER=str(charter)
    )

    with prepare_storage(load_settings(), lambda: NOW) as storage:
        signer = storage.head_signer()

    written = HeadSigner(parse_private_key(key_file.read_text(encoding="utf-8"), "file"))
    assert written.key_id == signer.key_id
    assert not (place.data / "poolgov-signing.key").exists()
    assert not (place.data / "poolgov-audit.key").exists()  # the HMAC key is no longer made


def test_the_environment_wins_over_the_dotenv(place: Place) -> None:
    elsewhere = place.data / "from-the-environment.db"
    place.dotenv(DATABASE_URL=place.url)

    result = poolgov("db", "upgrade", env={"DATABASE_URL": f"sqlite:///{elsewhere}"})

    assert result.exit_code == 0, result.output
    assert elsewhere.exists()
    assert not place.database.exists()


def test_the_database_url_option_wins_over_both(place: Place) -> None:
    chosen = place.data / "from-the-option.db"
    place.dotenv(DATABASE_URL=place.url)

    result = poolgov("db", "upgrade", "--database-url", f"sqlite:///{chosen}")

    assert result.exit_code == 0, result.output
    assert chosen.exists()
    assert not place.database.exists()


COMMANDS = [
    ("db", "upgrade"),
    ("db", "downgrade", "base"),
    ("init", "charter.yaml"),
    ("audit", "verify"),
    ("export", "motion", "m-1", "out"),
    ("export", "ics"),
    ("report", "--from", "2027-01-01", "--to", "2027-12-31"),
    ("run",),
]
MALFORMED = [
    ("POOLGOV_SWEEP_INTERVAL", "soon"),
    ("DATABASE_URL", "mysql://pool/records"),
    ("POOLGOV_LOG_LEVEL", "chatty"),
    ("POOLGOV_COMPLAINT_KEY", "not-a-key"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
@pytest.mark.parametrize(("variable", "value"), MALFORMED, ids=[v for v, _ in MALFORMED])
def test_a_malformed_setting_is_named_and_exits_2_from_every_command(
    place: Place, command: tuple[str, ...], variable: str, value: str
) -> None:
    (place.work / "charter.yaml").write_text(charter_text(3), encoding="utf-8")
    place.dotenv(**{"DATABASE_URL": place.url, variable: value})

    result = poolgov(*command)

    assert result.exit_code == 2, result.output
    assert f"bad setting: {variable}: " in result.output
    assert value not in result.output  # values are never repeated: a key may be among them
    assert not place.database.exists()


def test_a_malformed_database_url_option_is_named_as_the_option(place: Place) -> None:
    result = poolgov("db", "upgrade", "--database-url", "nonsense")

    assert result.exit_code == 2
    assert "bad setting: --database-url: not a database URL" in result.output
