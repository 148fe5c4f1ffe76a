"""What ``poolgov audit verify`` prints after the chain holds: what was compared, what differs."""

from __future__ import annotations

from collections.abc import Iterator

import typer

from bot.i18n import _, ngettext
from storage.audit.chain import Break
from storage.audit.verify import Checked

#: ``poolgov audit verify``'s exit status when the chain is broken or a table differs from it.
BROKEN = 1


def echo_verified(result: Checked | Break) -> None:
    """Print the verdict and the report; exit :data:`BROKEN` on a break or any finding."""
    if isinstance(result, Break):
        typer.echo(_("audit chain broken at {where}").format(where=result), err=True)
        raise typer.Exit(BROKEN)
    typer.echo(_("audit chain intact: {chain}").format(chain=result.chain))
    for line in verify_report(result):
        typer.echo(line, err=not result.clean)
    if not result.clean:
        raise typer.Exit(BROKEN)


def verify_report(result: Checked) -> Iterator[str]:
    """Rows compared per table, then each finding (the first ones, and how many more)."""
    compared = _(", ").join(f"{table} {count}" for table, count in result.compared.items())
    yield _("rows compared with the chain: {compared}").format(compared=compared)
    if result.underived:
        motions = _(", ").join(str(m) for m in result.underived)
        yield _(
            "rules not re-derivable from the chain, so not compared, for motions {motions}"
        ).format(motions=motions)
    if result.clean:
        yield _("every table is what the chain records")
        return
    yield _("{found} finding(s): the tables differ from the chain").format(found=result.found)
    for finding in result.findings:
        yield f"  {finding}"
    if result.found > len(result.findings):
        more = result.found - len(result.findings)
        yield "  " + ngettext("… and {more} more", "… and {more} more", more).format(more=more)
