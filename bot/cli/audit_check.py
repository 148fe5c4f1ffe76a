"""``poolgov audit check EXPORT_DIR``: verify an export with no database and no secret.

What is checked is :mod:`storage.export.check`; the recount is :func:`bot.cli.tally.recount`,
the very code ``poolgov tally`` runs. Each check is printed as passed (``ok``) or failed
(``FAIL``), with what it found. Exit status 0 when every check passed, 1 on any failure, 2 for an
unreadable directory, a malformed file or a bad option.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import typer

from bot.ballots_file import BallotsFileError
from bot.charter_file import CharterFileError, load_charter
from bot.cli.common import fail, read_text, said
from bot.cli.tally import recount
from bot.i18n import _
from governance.charter import MotionKind
from governance.services.results import normalise_receipt, tally_json
from storage.audit.signing import PublicKey, SigningKeyInvalid, parse_public_key
from storage.export.check import RecountRefused, Report, check_export
from storage.export.read import ExportUnreadable, read_export
from storage.findings import Finding

FOUND = 1


def recount_export(
    charter_yaml: str,
    kind: MotionKind,
    ballots: str,
    subject: str | None,
    declared: Mapping[str, str] | None = None,
) -> Mapping[str, Any]:
    """``poolgov tally --json`` over the exported charter and the chain's ballots."""
    try:
        charter = load_charter(charter_yaml)
    except CharterFileError as error:
        raise ExportUnreadable("charter.yaml", said(error)) from None
    try:
        counted = recount(charter, kind, ballots, "the chain's ballots", subject, declared)
        return tally_json(kind, counted)
    except BallotsFileError as error:
        raise RecountRefused(str(error)) from None


def show(report: Report) -> None:
    """Each check on a line: ``note``, ``ok`` or ``FAIL``, then what it found, all in the language
    being spoken (:class:`storage.findings.Finding`)."""
    labels = {"note": _("note"), "ok": _("ok"), "FAIL": _("FAIL")}
    width = max(len(label) for label in labels.values())
    for label, lines in (("note", report.notes), ("ok", report.passed), ("FAIL", report.failed)):
        for line in lines:
            shown = line.rendered(_) if isinstance(line, Finding) else line
            typer.echo(f"{labels[label]:<{width}}  {shown}")
    if report.ok:
        typer.echo(_("export verified: {passed} checks passed").format(passed=len(report.passed)))
    else:
        typer.echo(
            _("export NOT verified: {failed} checks failed").format(failed=len(report.failed)),
            err=True,
        )


def audit_check(
    directory: Annotated[Path, typer.Argument(metavar="EXPORT_DIR")],
    head: Annotated[
        list[str] | None,
        typer.Option("--head", metavar="HASH", help="A chain head people saw; repeatable."),
    ] = None,
    receipt: Annotated[
        list[str] | None,
        typer.Option("--receipt", metavar="CODE", help="A ballot receipt; repeatable."),
    ] = None,
    public_key: Annotated[
        Path | None,
        typer.Option(
            "--public-key",
            metavar="FILE",
            help="Trust only this PEM public key (from /pool charter), not keys.json.",
        ),
    ] = None,
) -> None:
    """Verify an export of `poolgov export motion`: chain, signed heads, receipts, recount; or
    one of `poolgov export pool`: every file as listed, chain, signed heads, the chain's table."""
    codes = []
    for code in receipt or []:
        normal = normalise_receipt(code)
        if normal is None:
            fail(
                _("--receipt {code!r}: not a receipt code (like 3f9a-02c4-7be1-9d0e-55ab)").format(
                    code=code
                )
            )
        codes.append(normal)
    trusted = None
    if public_key is not None:
        try:
            trusted = PublicKey.of(parse_public_key(read_text(public_key), str(public_key)))
        except SigningKeyInvalid as error:
            fail(said(error))
    try:
        if (directory / "pool.json").exists():  # a whole-pool archive (bot/cli/pool.py)
            from bot.cli.pool import check_pool_archive

            report = check_pool_archive(directory, head or [], trusted)
        else:
            export = read_export(directory)
            report = check_export(export, recount_export, head or [], codes, trusted)
    except ExportUnreadable as error:
        if error.where == str(directory):  # the directory itself: named once
            fail(said(error))
        fail(_("{directory}: {error}").format(directory=directory, error=said(error)))
    show(report)
    if not report.ok:
        raise typer.Exit(FOUND)
