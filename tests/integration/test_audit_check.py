"""``poolgov audit check`` on an export, run as an auditor would: another process, another
directory, no database, no environment. It passes an untouched export and names every fault."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from bot.bootstrap import Storage
from bot.cli.app import app
from governance.charter import MotionKind
from governance.tally import Choice
from storage.audit.signing import HeadSigner
from tests.integration.conftest import NOW, SIGNING_ENV, SIGNING_KEY
from tests.integration.helpers import WEEK, close, execute, open_kind, vote

REAL = HeadSigner(Ed25519PrivateKey.from_private_bytes(base64.urlsafe_b64decode(SIGNING_KEY)))
OTHER = HeadSigner(Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33))))


def export(database_url: str, motion_id: str, directory: Path) -> str:
    result = CliRunner().invoke(
        app,
        ["export", "motion", motion_id, str(directory), "--database-url", database_url],
        env=SIGNING_ENV,
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return result.output


def check(
    export_dir: Path, tmp_path: Path, *options: str, env: dict[str, str] | None = None
) -> tuple[int, str]:
    """Copy the export into a fresh directory and check it there with an empty environment
    (but for ``env``)."""
    fresh = tmp_path / f"auditor-{len(list(tmp_path.iterdir()))}"
    shutil.copytree(export_dir, fresh / "export")
    for name in ("real.pem", "other.pem"):
        if (export_dir.parent / name).exists():
            shutil.copy(export_dir.parent / name, fresh / name)
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "audit", "check", "export", *options],
        cwd=fresh,
        env={"PATH": os.environ.get("PATH", ""), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


@pytest.fixture
def motion(pool: Storage) -> dict[str, str]:
    """A fee change: acme changes yes to no, beta no, gamma and delta yes; closed on time."""
    motion_id = open_kind(pool, MotionKind.FEE_CHANGE, NOW).motion_id
    first = vote(pool, motion_id, "acme", Choice.YES, NOW)
    changed = vote(pool, motion_id, "acme", Choice.NO, NOW)
    vote(pool, motion_id, "beta", Choice.NO, NOW)
    vote(pool, motion_id, "gamma", Choice.YES, NOW)
    vote(pool, motion_id, "delta", Choice.YES, NOW)
    close(pool, motion_id, NOW + WEEK)
    return {"id": motion_id, "superseded": first.receipt, "counted": changed.receipt}


@pytest.fixture
def exported(pool, database_url, motion, tmp_path: Path) -> Path:
    directory = tmp_path / "exports" / "motion"
    export(database_url, motion["id"], directory)
    (directory.parent / "real.pem").write_text(REAL.public_key_pem)
    (directory.parent / "other.pem").write_text(OTHER.public_key_pem)
    return directory


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def test_an_untouched_export_passes_every_check(exported, tmp_path, motion):
    status, output = check(exported, tmp_path, "--public-key", "real.pem")

    assert status == 0, output
    assert f"trusting only the key given with --public-key: id {REAL.key_id}" in output
    assert REAL.fingerprint in output
    assert "ok    chain: links and hashes hold" in output
    assert "covers the chain" in output
    assert "ok    ballots.csv: exactly the 4 counted ballots the chain records" in output
    assert "ok    recount: carried, as the motion_closed entry records" in output
    assert "ok    recount: carried, as result.json records" in output
    assert "FAIL" not in output


def test_each_check_is_in_the_readers_language(exported, tmp_path):
    _status, chinese = check(exported, tmp_path, env={"LANG": "zh_CN.UTF-8"})
    _status, pseudo = check(exported, tmp_path, env={"POOLGOV_PSEUDO_LOCALE": "1"})

    assert "\n通过   审计链：" in f"\n{chinese}"
    assert "\n说明   信任 keys.json：ID " in f"\n{chinese}"
    assert "\n通过   ballots.csv：恰为审计链记录的 4 张计入表决票" in f"\n{chinese}"
    assert "通过   重新计票：carried，与 motion_closed 条目的记录一致" in chinese
    assert "\nok    " not in f"\n{chinese}"
    assert "links and hashes" not in chinese
    assert "\n⟦ok⟧    ⟦chain: links and hashes hold for " in f"\n{pseudo}"


def test_a_failed_check_is_in_the_readers_language(exported, tmp_path):
    edit(exported / "ballots.csv", "yes", "no")
    status, chinese = check(exported, tmp_path, env={"LANG": "zh_CN.UTF-8"})

    assert status == 1
    assert "\n未通过  ballots.csv：第 " in f"\n{chinese}"
    assert "，但审计链中计入的表决票为 " in chinese


def test_receipts_name_their_ballot_and_say_whether_it_counts(exported, tmp_path, motion):
    counted, superseded = motion["counted"], motion["superseded"]
    assert len(counted) == len("3f9a-02c4-7be1-9d0e-55ab")

    status, output = check(
        exported, tmp_path, "--receipt", counted.upper().replace("-", " "), "--receipt", superseded
    )

    assert status == 0, output
    assert f"receipt {counted}: entry" in output
    assert f"motion {motion['id']}, member acme, no, counted" in output
    assert f"motion {motion['id']}, member acme, yes, superseded" in output
    receipts = (exported / "receipts.csv").read_text(encoding="utf-8")
    assert f"{counted}," in receipts  # listed exactly as shown
    assert f"{superseded}," in receipts


def test_an_edited_ballots_file_is_named(exported, tmp_path):
    edit(exported / "ballots.csv", "beta,no", "beta,yes")

    status, output = check(exported, tmp_path)

    assert status == 1
    assert "FAIL  ballots.csv: line 3: beta yes, but the chain's counted ballot is no" in output


def test_an_edited_entry_body_is_named(exported, tmp_path):
    audit = exported / "audit.jsonl"
    lines = lines_of(audit)
    index = next(i for i, line in enumerate(lines) if '\\"member_id\\":\\"beta\\"' in line)
    lines[index] = lines[index].replace('\\"choice\\":\\"no\\"', '\\"choice\\":\\"yes\\"')
    audit.write_text("".join(lines), encoding="utf-8")

    status, output = check(exported, tmp_path)

    assert status == 1
    assert f"FAIL  chain: broken at entry {index + 1}: content changed" in output


def test_a_dropped_entry_is_named(exported, tmp_path):
    audit = exported / "audit.jsonl"
    lines = lines_of(audit)
    del lines[3]
    audit.write_text("".join(lines), encoding="utf-8")

    status, output = check(exported, tmp_path)

    assert status == 1
    assert "FAIL  chain: broken at entry 4: entry missing" in output


def test_a_foreign_head_is_named(exported, tmp_path):
    foreign = "e" * 64
    seen = json.loads(lines_of(exported / "audit.jsonl")[2])["entry_hash"]

    status, output = check(exported, tmp_path, "--head", seen, "--head", foreign)

    assert status == 1
    assert f"ok    head {seen}: entry 3 of the chain" in output
    assert f"FAIL  head {foreign}: not an entry of the exported chain" in output


def test_a_wrong_receipt_is_named(exported, tmp_path):
    status, output = check(exported, tmp_path, "--receipt", "0000-1111-2222-3333-4444")

    assert status == 1
    assert "FAIL  receipt 0000-1111-2222-3333-4444: no ballot entry" in output


def test_text_that_is_no_receipt_is_bad_input(exported, tmp_path):
    status, output = check(exported, tmp_path, "--receipt", "my vote")

    assert status == 2
    assert "--receipt 'my vote': not a receipt code" in output


def resign_heads(directory: Path, signer: HeadSigner, *, key_id: str | None = None) -> None:
    heads = json.loads((directory / "heads.json").read_text(encoding="utf-8"))
    for head in heads:
        forged = signer.sign(head["seq"], head["entry_hash"])
        head["key_id"], head["signature"] = key_id or forged.key_id, forged.signature
    (directory / "heads.json").write_text(json.dumps(heads), encoding="utf-8")


def swap_keys(directory: Path, signer: HeadSigner) -> None:
    keys = [signer.public.__dict__]
    (directory / "keys.json").write_text(json.dumps(keys), encoding="utf-8")


def test_a_head_signed_by_another_key_is_not_trusted_against_the_real_public_key(
    exported, tmp_path
):
    resign_heads(exported, OTHER)

    status, output = check(exported, tmp_path, "--public-key", "real.pem")

    assert status == 1
    assert f"(key {OTHER.key_id}): not signed by a trusted key" in output
    assert "FAIL  signed heads: no head signed by a trusted key" in output


def test_keys_json_swapped_to_the_other_key_does_not_fool_the_given_public_key(exported, tmp_path):
    resign_heads(exported, OTHER)
    swap_keys(exported, OTHER)
    assert check(exported, tmp_path)[0] == 0  # self-consistent: why --public-key matters

    status, output = check(exported, tmp_path, "--public-key", "real.pem")

    assert status == 1
    assert REAL.fingerprint in output
    assert OTHER.fingerprint not in output
    assert "FAIL  signed heads: no head signed by a trusted key" in output


def test_another_key_signing_under_the_real_key_id_is_a_bad_signature(exported, tmp_path):
    resign_heads(exported, OTHER, key_id=REAL.key_id)

    status, output = check(exported, tmp_path, "--public-key", "real.pem")

    assert status == 1
    assert f"the signature does not hold for key {REAL.key_id}" in output


def test_a_missing_file_is_bad_input_naming_it(exported, tmp_path):
    (exported / "heads.json").unlink()

    status, output = check(exported, tmp_path)

    assert status == 2
    assert "heads.json: missing from the export" in output


def test_ballots_flipped_in_the_table_never_reach_the_export(pool, database_url, motion, tmp_path):
    execute(
        pool,
        "UPDATE ballots SET choice = 'yes' WHERE motion_id = :m AND choice = 'no'",
        m=int(motion["id"]),
    )
    directory = tmp_path / "exports" / "forged"

    output = export(database_url, motion["id"], directory)

    assert "warning: the ballots table disagrees with the audit chain" in output
    assert "run `poolgov audit verify`" in output
    ballots = (directory / "ballots.csv").read_text(encoding="utf-8")
    assert ballots == "member,choice\nacme,no\nbeta,no\ngamma,yes\ndelta,yes\n"
    status, checked = check(directory, tmp_path)
    assert status == 0, checked
    assert "ok    ballots.csv: exactly the 4 counted ballots the chain records" in checked
