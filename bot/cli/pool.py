"""``poolgov export pool DIR``, ``poolgov import pool DIR`` and the offline check of such a DIR.

The archive is :mod:`storage.pool_archive`'s. ``poolgov audit check DIR`` recognises one by its
``pool.json`` and checks it with no database and no secret (:func:`check_pool_archive`): every
file as listed, the chain's links and hashes, a signed head covering it, and the archived
``audit_entries`` table agreeing with the chain. After ``import pool`` the restored database is
upgraded and verified as ``poolgov audit verify`` does: the chain, then every table against it.
Exit status 0 when all holds, 1 when a check fails, 2 for bad input or a refusal.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from bot.bootstrap import build
from bot.cli.common import DatabaseUrl, fail, said, settings
from bot.i18n import _
from bot.verify_report import echo_verified
from migrations import runner
from storage.audit.chain import Break, verify
from storage.audit.keys import load_audit_key
from storage.audit.signed_heads import EmptyChain, HeadForked
from storage.audit.signing import PublicKey, SigningKeyInvalid
from storage.audit.signing_keys import SigningKeyMissing
from storage.audit.verify import verify_database
from storage.engines import make_engine
from storage.export.check import Report, _signed_heads
from storage.export.read import ExportDirectory, ExportUnreadable, _entries, _heads, _keys, _text
from storage.findings import Finding
from storage.pool_archive import (
    ArchiveError,
    chain_matches_table,
    check_files,
    export_pool,
    import_pool,
    read_manifest,
)

import_app = typer.Typer(help="Restore what `poolgov export` wrote.", no_args_is_help=True)


def export_pool_command(
    directory: Annotated[Path, typer.Argument(metavar="DIR")],
    database_url: DatabaseUrl = None,
) -> None:
    """Write the whole pool into DIR (new or empty): every table, the full audit chain signed at
    its head, the charter versions; complaints stay sealed. `poolgov audit check DIR` checks it
    offline; `poolgov import pool DIR` restores it into an empty database."""
    url = settings(database_url).database_url
    revision = runner.current_revision(url)
    if revision != runner.head_revision():
        fail(
            _("the database is at revision {revision}: run `poolgov db upgrade` first").format(
                revision=revision or "base"
            )
        )
    with build(settings=settings(database_url)) as storage:
        try:
            archive = export_pool(
                storage.engine,
                storage.head_signer(),
                datetime.now(UTC),
                revision,
                storage.older_public_keys(),
            )
            written = archive.write(directory)
        except (ArchiveError, SigningKeyMissing, SigningKeyInvalid, HeadForked) as error:
            fail(said(error))
        except EmptyChain:
            fail(_("the database holds no pool yet: nothing to export"))
    rows = sum(archive.counts.values())
    typer.echo(
        _("{files} files, {rows} rows of {tables} tables in {directory}").format(
            files=len(written), rows=rows, tables=len(archive.counts), directory=directory
        )
    )
    head = archive.head
    typer.echo(
        _("signed head: entry {seq}, {hash} (key {key})").format(
            seq=head.seq, hash=head.entry_hash, key=head.key_id
        )
    )
    typer.echo(_("check: poolgov audit check {directory}").format(directory=directory))


@import_app.command("pool")
def import_pool_command(
    directory: Annotated[Path, typer.Argument(metavar="DIR")],
    database_url: DatabaseUrl = None,
) -> None:
    """Restore a pool archive (`poolgov export pool`) into an empty database, upgrade it to this
    poolgov's schema, and verify it as `poolgov audit verify` does."""
    config = settings(database_url)
    url = config.database_url
    try:
        manifest = read_manifest(directory)
    except ArchiveError as error:
        fail(said(error))
    current = runner.current_revision(url)
    if current not in (None, manifest.schema_revision):
        fail(
            _(
                "the database is at revision {current}, the archive at {archived}: "
                "restore into a new, empty database"
            ).format(current=current, archived=manifest.schema_revision)
        )
    runner.upgrade(url, manifest.schema_revision or "head")
    engine = make_engine(url)
    try:
        restored = import_pool(engine, directory)
    except ArchiveError as error:
        fail(said(error))
    finally:
        engine.dispose()
    typer.echo(
        _("restored {rows} rows of {tables} tables").format(
            rows=sum(restored.values()), tables=len(restored)
        )
    )
    applied = runner.upgrade(url)
    if applied:
        typer.echo(_("schema upgraded: {revisions}").format(revisions=", ".join(applied)))
    with build(settings=config) as storage:
        key = load_audit_key(storage.database_url, config.storage_environ())
        with storage.reader() as uow:
            result = verify_database(uow.session, key, manifest.head_hash, storage.parse_charter)
    echo_verified(result)


def check_pool_archive(directory: Path, heads: list[str], trusted: PublicKey | None) -> Report:
    """The offline checks of a pool archive, in the report ``poolgov audit check`` prints."""
    report = Report()
    try:
        manifest = read_manifest(directory)
        entries = _entries(_text(directory / "audit.jsonl"))
        export = ExportDirectory(
            motion_id="",
            charter_yaml="",
            ballots=[],
            result={},
            entries=entries,
            heads=_heads(_text(directory / "heads.json")),
            keys=_keys(_text(directory / "keys.json")),
            receipts_csv="",
        )
    except ArchiveError as error:
        raise ExportUnreadable(str(directory), error.finding) from None
    files = check_files(directory, manifest)
    report.passed.extend(files.passed)
    report.failed.extend(files.failed)
    chain = verify(entries, None)
    report.check(
        not isinstance(chain, Break),
        Finding("chain: links and hashes hold for {chain}", chain=chain),
        Finding("chain: broken at {chain}", chain=chain),
    )
    _signed_heads(report, export, {e.seq: e for e in entries}, trusted)
    report.check(
        bool(entries) and entries[-1].seq == manifest.head_seq,
        Finding("pool.json: the archive's head is entry {seq}", seq=manifest.head_seq),
        Finding("pool.json: names entry {seq}, the chain ends elsewhere", seq=manifest.head_seq),
    )
    for given in heads:
        seq = next((e.seq for e in entries if e.entry_hash == given.lower()), None)
        report.check(
            seq is not None,
            Finding("head {given}: entry {seq} of the chain", given=given, seq=seq),
            Finding("head {given}: not an entry of the archived chain", given=given),
        )
    table = chain_matches_table(directory, entries)
    report.passed.extend(table.passed)
    report.failed.extend(table.failed)
    return report
