"""``poolgov db``, ``poolgov init``, ``poolgov audit verify`` and ``poolgov export motion``.

The database is ``--database-url``, else ``DATABASE_URL`` (environment or ``.env``, read as
``poolgov run`` reads it: :func:`bot.cli.common.settings`; default ``sqlite:///poolgov.db`` in the
working directory). The signing key is ``POOLGOV_SIGNING_KEY`` or its key file, which ``init``
creates on SQLite (see :mod:`storage.audit.signing_keys`); the audit key ``POOLGOV_AUDIT_KEY``
(or its key file, see :mod:`storage.audit.keys`) is needed only to check the HMAC of the chain's
scheme-1 entries.
Exit status 0 on success, 1 when ``audit verify`` finds a break in the chain or a table that
differs from it, 2 for bad input or a refusal.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.exc import SQLAlchemyError

from bot.bootstrap import build
from bot.charter_file import CharterFileError, load_charter
from bot.cli.audit_check import audit_check
from bot.cli.common import DatabaseUrl, fail, read_text, said, settings, show_charter_problems
from bot.cli.export import app as export_app  # the shared `poolgov export` group
from bot.i18n import _
from bot.resources import examples_dir, manifest_path
from bot.verify_report import echo_verified
from governance.commands import InitialisePool
from governance.errors import CharterError
from governance.services import initialise_pool
from governance.services.errors import PoolAlreadyInitialised
from migrations import runner
from storage.audit.keys import load_audit_key
from storage.audit.signed_heads import HeadForked
from storage.audit.signing import SigningKeyInvalid
from storage.audit.signing_keys import SigningKeyMissing, ensure_signer
from storage.audit.verify import verify_database
from storage.export.motion import ExportError, export_motion
from storage.findings import Finding

BROKEN = 1

app = typer.Typer(no_args_is_help=True)
db_app = typer.Typer(help="The database schema (Alembic migrations).", no_args_is_help=True)
audit_app = typer.Typer(help="The tamper-evident audit chain.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(audit_app, name="audit")
audit_app.command("check")(audit_check)


@db_app.command("upgrade")
def db_upgrade(database_url: DatabaseUrl = None, revision: str = "head") -> None:
    """Create or migrate the schema up to REVISION (default: the latest), under a database lock:
    replicas upgrading together apply each revision once."""
    url = settings(database_url).database_url
    applied = runner.upgrade(url, revision)
    if applied:
        typer.echo(_("applied {revisions}").format(revisions=", ".join(applied)))
    else:
        typer.echo(_("nothing to apply"))
    typer.echo(_("database at revision {revision}").format(revision=runner.current_revision(url)))


@db_app.command("current")
def db_current(database_url: DatabaseUrl = None) -> None:
    """Print the database's revision and whether it is the latest; exit 1 when it is behind."""
    url = settings(database_url).database_url
    current = runner.current_revision(url)
    head = runner.head_revision()
    if current == head:
        typer.echo(_("{revision} (head)").format(revision=current))
        return
    typer.echo(
        _("{current} (behind: head is {head}; run `poolgov db upgrade`)").format(
            current=current or "base", head=head
        )
    )
    raise typer.Exit(BROKEN)


@db_app.command("history")
def db_history(database_url: DatabaseUrl = None) -> None:
    """List every revision, oldest first, marking the database's own with ``*``."""
    url = settings(database_url).database_url
    try:
        current = runner.current_revision(url)
    except SQLAlchemyError:
        current = None  # no database to mark: the list alone
    for step in runner.history():
        mark = "*" if step.revision == current else " "
        shown = _("{revision} (head)") if step.is_head else "{revision}"
        doc = _(step.doc) if step.doc else ""
        typer.echo(f"{mark} {shown.format(revision=step.revision)}  {doc}")


@db_app.command("stamp")
def db_stamp(
    revision: Annotated[str, typer.Argument(metavar="REVISION")], database_url: DatabaseUrl = None
) -> None:
    """Record REVISION as the schema's without running any migration, e.g. after restoring a
    database whose version table was lost; ``base`` forgets it. It changes no table."""
    url = settings(database_url).database_url
    known = {step.revision for step in runner.history()} | {"head", "base"}
    if revision not in known:
        fail(
            _("unknown revision {revision!r}; `poolgov db history` lists them").format(
                revision=revision
            )
        )
    runner.stamp(url, revision)
    typer.echo(
        _("database stamped at revision {revision}").format(
            revision=runner.current_revision(url) or "base"
        )
    )


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(metavar="REVISION")], database_url: DatabaseUrl = None
) -> None:
    """Migrate the schema down to REVISION (``base`` removes every table)."""
    url = settings(database_url).database_url
    try:
        runner.downgrade(url, revision)
    except runner.DowngradeRefused as refused:
        fail(_("cannot downgrade: {reason}").format(reason=said(refused)))
    typer.echo(
        _("database at revision {revision}").format(revision=runner.current_revision(url) or "base")
    )


@app.command("init")
def init(
    charter_path: Annotated[Path | None, typer.Argument(metavar="CHARTER.yaml")] = None,
    database_url: DatabaseUrl = None,
    example: Annotated[
        bool,
        typer.Option(
            "--example",
            help="Write the example charter, ballots and app manifest to start from (into --to).",
        ),
    ] = False,
    to: Annotated[
        Path, typer.Option("--to", metavar="DIR", help="Where --example writes (default: here).")
    ] = Path(),
) -> None:
    """Record the charter as version 1 and its opening register; runs once per database.

    With --example, touch no database: write the example charter, its ballots and the Slack app
    manifest into DIR, to start from (an existing file is never overwritten).
    """
    if example:
        write_examples(to)
        return
    if charter_path is None:
        fail(_("give the charter file: poolgov init CHARTER.yaml (or --example to get one)"))
    text = read_text(charter_path)
    try:
        load_charter(text)
    except CharterFileError as error:
        show_charter_problems(charter_path, error)
        raise typer.Exit(2) from error
    config = settings(database_url)
    with build(settings=config) as runtime:
        runner.upgrade(runtime.database_url)
        with runtime.reader() as uow:
            existing = uow.charters.current()
        if existing is not None:
            fail(said(PoolAlreadyInitialised(existing.version)))
        try:
            signer, created = ensure_signer(runtime.database_url, config.storage_environ())
        except (SigningKeyMissing, SigningKeyInvalid) as error:
            fail(said(error))
        try:
            events = initialise_pool(
                InitialisePool(text), runtime.uow(), datetime.now(UTC), runtime.parse_charter
            )
        except PoolAlreadyInitialised as error:
            fail(said(error))
        except CharterError as error:
            show_charter_problems(charter_path, error)
            raise typer.Exit(2) from error
    done = events[0]
    typer.echo(
        _("pool initialised: charter version {version} (sha256 {hash}), {members} members").format(
            version=done.charter_version, hash=done.charter_hash, members=len(done.members)
        )
    )
    typer.echo(_("audit chain head: {head}").format(head=done.audit_head))
    if created is not None:
        typer.echo(
            _("signing key written to {path} (owner-only); back it up, keep it secret").format(
                path=created
            )
        )
    typer.echo(
        _("signing key id {key}, fingerprint {fingerprint}").format(
            key=signer.key_id, fingerprint=signer.fingerprint
        )
    )


def write_examples(target: Path) -> None:
    sources = [(path, path.relative_to(examples_dir())) for path in examples_dir().rglob("*")]
    files = [(path, target / relative) for path, relative in sources if path.is_file()]
    files.append((manifest_path(), target / "app-manifest.yaml"))
    present = [str(dest) for _, dest in files if dest.exists()]
    if present:
        fail(
            _("would overwrite {files}; choose another --to").format(
                files=", ".join(sorted(present))
            )
        )
    for source, dest in sorted(files):
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(source.read_bytes())
        typer.echo(str(dest))
    charter = target / "charter.yaml"
    typer.echo(_("next: poolgov charter check {charter}, edit it, then").format(charter=charter))
    typer.echo(
        _("      poolgov init {charter} (or POOLGOV_CHARTER for `run`)").format(charter=charter)
    )


@audit_app.command("verify")
def audit_verify(
    head: Annotated[
        str | None, typer.Option("--head", metavar="HASH", help="A chain head published earlier.")
    ] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Exit 0 when the chain is intact and every table is what it records; 1 naming each fault.

    Scheme-2 entries need no key. Scheme-1 entries (written before signed heads) are checked
    with the audit key when there is one, and for their links only when there is not.
    """
    config = settings(database_url)
    with build(settings=config) as runtime:
        key = load_audit_key(runtime.database_url, config.storage_environ())
        with runtime.reader() as uow:
            result = verify_database(uow.session, key, head, runtime.parse_charter)
    echo_verified(result)


@export_app.command("motion")
def export(
    motion_id: Annotated[str, typer.Argument(metavar="ID")],
    directory: Annotated[Path, typer.Argument(metavar="DIR")],
    database_url: DatabaseUrl = None,
) -> None:
    """Write what an auditor needs to check a counted motion into DIR, with a signed head.

    DIR gets motion.json, charter.yaml, ballots.csv, result.json, audit.jsonl (the whole chain),
    heads.json, keys.json and receipts.csv; ``poolgov audit check DIR`` verifies them. The ballots
    come from the audit chain; for a secret motion they still show every member's choice.
    """
    with build(settings=settings(database_url)) as runtime:
        try:
            signer = runtime.head_signer()
            older = runtime.older_public_keys()
            exported = export_motion(
                runtime.uow(), motion_id, runtime.parse_charter, signer, datetime.now(UTC), older
            )
        except (ExportError, SigningKeyMissing, SigningKeyInvalid, HeadForked) as error:
            fail(said(error))
    for warning in exported.warnings:
        shown = warning.rendered(_) if isinstance(warning, Finding) else warning
        typer.echo(_("warning: {warning}").format(warning=shown), err=True)
    for path in exported.write(directory):
        typer.echo(str(path))
    head = exported.head
    typer.echo(
        _("signed head: entry {seq}, {hash} (key {key})").format(
            seq=head.seq, hash=head.entry_hash, key=head.key_id
        )
    )
    subject = f" --subject {exported.subject}" if exported.subject else ""
    typer.echo(_("check: poolgov audit check {directory}").format(directory=directory))
    command = (
        f"poolgov tally {directory / 'charter.yaml'} {directory / 'ballots.csv'} "
        f"--kind {exported.kind.value}{subject} --json"
    )
    typer.echo(_("re-count: {command}").format(command=command))
