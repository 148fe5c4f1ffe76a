"""``poolgov register show|update|import``: the operator keeps the register current.

Every change goes through :func:`governance.services.pool.update_member` (or ``update_register``
for a file, all rows or none): audited with who (``--by``, an operator user; the charter's first
by default), the reason and the field-by-field difference, and announced in the governance
channel (``POOLGOV_CHANNEL``) with old → new values once the bot's sweep sends the queued notice.
Open and closed motions keep the weights they froze. Exit status 2 for bad input, naming the
option, or the file's line and column; nothing is written then.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from bot.bootstrap import Storage, build
from bot.cli.common import DatabaseUrl, fail, read_text, said, settings
from bot.i18n import N_, _
from bot.register_posts import announce
from bot.slack.refusals import reason_text, refusal_sentence
from governance.commands import UpdateMember
from governance.errors import GovernanceError, PayloadInvalid, UnknownMember
from governance.events import MemberUpdated
from governance.quantities import format_rational
from governance.services.common import current_charter
from governance.services.pool import (
    WHOLE_REGISTER,
    RegisterRowRefused,
    update_member,
    update_register,
)
from governance.services.register_queries import register_with_changes

app = typer.Typer(
    help="Show and update the register (the operator's upkeep).", no_args_is_help=True
)

#: the columns a register file may have; ``id`` is required, an empty cell leaves a field as is
COLUMNS = ("id", "name", "patents", "contribution", "representatives")

UNKNOWN_COLUMN = N_("unknown column; use id, name, patents, contribution, representatives")

By = Annotated[
    str | None,
    typer.Option(
        "--by", metavar="USER", help="The operator's Slack user id (default: the charter's first)."
    ),
]
Reason = Annotated[
    str, typer.Option("--reason", metavar="TEXT", help="Why the register changes (audited).")
]


@app.command("show")
def show(
    database_url: DatabaseUrl = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per member.")] = False,
) -> None:
    """Print the register: patents, contribution, share, representatives, last change."""
    with build(settings=settings(database_url)) as storage:
        view = _guarded(lambda: register_with_changes(storage.reader(), storage.parse_charter))
    rows = [
        {
            "id": e.member.id,
            "name": e.member.name,
            "patents": e.member.patents,
            "contribution": format_rational(e.member.contribution),
            "share": format_rational(e.share),
            "representatives": list(e.member.representatives),
            "last_changed": _iso(view.last_changed.get(e.member.id)),
        }
        for e in view.entries
    ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    typer.echo(_("Register under charter version {version}").format(version=view.charter_version))
    for row in rows:
        typer.echo(
            _(
                "{id}  {name}  patents {patents}  contribution {contribution}  share {share}  "
                "representatives {representatives}  last changed {changed}"
            ).format(
                id=row["id"],
                name=row["name"],
                patents=row["patents"],
                contribution=row["contribution"],
                share=row["share"],
                representatives=", ".join(row["representatives"]) or "—",
                changed=row["last_changed"] or "—",
            )
        )


@app.command("update")
def update(
    member_id: Annotated[str, typer.Argument(metavar="ID")],
    reason: Reason,
    patents: Annotated[int | None, typer.Option("--patents", metavar="N")] = None,
    contribution: Annotated[str | None, typer.Option("--contribution", metavar="X")] = None,
    name: Annotated[str | None, typer.Option("--name", metavar="TEXT")] = None,
    add_rep: Annotated[
        list[str] | None, typer.Option("--add-rep", metavar="USER", help="Repeatable.")
    ] = None,
    remove_rep: Annotated[
        list[str] | None, typer.Option("--remove-rep", metavar="USER", help="Repeatable.")
    ] = None,
    by: By = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Change one member's entry; the change is audited and announced."""
    if not reason.strip():
        fail(_("--reason: say why the register changes"))
    share = _rational("--contribution", contribution) if contribution is not None else None
    with build(settings=settings(database_url)) as storage:
        actor = by or _first_operator(storage)
        command = UpdateMember(
            actor,
            member_id,
            name=name,
            patents=patents,
            contribution=share,
            reason=reason.strip(),
            add_representatives=tuple(add_rep or ()),
            remove_representatives=tuple(remove_rep or ()),
        )
        now = datetime.now(UTC)
        try:
            events = update_member(command, storage.uow(), now, storage.parse_charter)
        except GovernanceError as error:
            fail(_option_message(error))
        _announce(storage, events, now, database_url)
    _echo_changes(events)


@app.command("import")
def import_register(
    path: Annotated[Path, typer.Argument(metavar="FILE.csv")],
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            metavar="TEXT",
            help="Why the register changes (audited; default: the file's name).",
        ),
    ] = None,
    by: By = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Apply a register file (header ``id`` and any of name, patents, contribution,
    representatives; representatives separated by spaces): all rows or none."""
    if reason is None:
        reason = _("register file {name}").format(name=path.name)
    if not reason.strip():
        fail(_("--reason: say why the register changes"))
    text = read_text(path)
    with build(settings=settings(database_url)) as storage:
        actor = by or _first_operator(storage)
        rows = read_register_file(text, str(path), actor, reason.strip())
        now = datetime.now(UTC)
        try:
            events = update_register(
                [r.command for r in rows], storage.uow(), now, storage.parse_charter
            )
        except RegisterRowRefused as error:
            if error.index == WHOLE_REGISTER:
                fail(_("{path}: {problem}").format(path=path, problem=said(error)))
            row = rows[error.index]
            fail(_row_at(str(path), row.line, error.field or None, error.message))
        except GovernanceError as error:
            fail(_("{path}: {problem}").format(path=path, problem=said(error)))
        _announce(storage, events, now, database_url)
    changed = sum(1 for e in events if e.changes)
    typer.echo(
        _("{path}: {rows} rows read, {changed} members changed").format(
            path=path, rows=len(rows), changed=changed
        )
    )


@dataclass(frozen=True)
class FileRow:
    line: int
    command: UpdateMember


def read_register_file(text: str, source: str, actor: str, reason: str) -> list[FileRow]:
    """Every row as an update, or exit 2 naming the first bad line and column."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = [cell.strip().lower() for cell in next(reader, [])]
        if not header or header[0] != "id":
            _bad(source, 1, None, _("the header must start with id"))
        for column in header:
            if column not in COLUMNS:
                _bad(
                    source,
                    1,
                    column,
                    _("unknown column; use id, name, patents, contribution, representatives"),
                )
        if len(set(header)) != len(header):
            _bad(source, 1, None, _("a column is named twice"))
        found: list[FileRow] = []
        for cells in reader:
            line = reader.line_num
            if not cells:
                continue
            if len(cells) != len(header):
                _bad(
                    source,
                    line,
                    None,
                    _("expected {want} fields, got {got}").format(want=len(header), got=len(cells)),
                )
            values = {c: v.strip() for c, v in zip(header, cells, strict=True)}
            found.append(FileRow(line, _row_command(values, source, line, actor, reason)))
    except csv.Error as error:
        _bad(source, reader.line_num, None, _("not CSV ({error})").format(error=error))
    if not found:
        _bad(source, 2, None, _("the file has no rows"))
    return found


def _row_command(
    values: dict[str, str], source: str, line: int, actor: str, reason: str
) -> UpdateMember:
    member = values["id"]
    if not member:
        _bad(source, line, "id", _("the member id is empty"))
    patents: int | None = None
    if values.get("patents"):
        text = values["patents"]
        if not (text.isascii() and text.isdigit()):
            _bad(
                source,
                line,
                "patents",
                _("'{value}' is not a whole number 0 or more").format(value=text),
            )
        patents = int(text)
    contribution: Fraction | None = None
    if values.get("contribution"):
        try:
            contribution = Fraction(values["contribution"])
        except (ValueError, ZeroDivisionError):
            _bad(
                source,
                line,
                "contribution",
                _("'{value}' is not a number").format(value=values["contribution"]),
            )
        if contribution < 0:
            _bad(source, line, "contribution", _("must be 0 or more"))
    representatives = (
        tuple(values["representatives"].replace(";", " ").split())
        if values.get("representatives")
        else None
    )
    return UpdateMember(
        actor,
        member,
        name=values.get("name") or None,
        patents=patents,
        contribution=contribution,
        representatives=representatives,
        reason=reason,
    )


def _row_at(source: str, line: int, column: str | None, message: str) -> str:
    if column:
        return _("{source} line {line}, column {column}: {message}").format(
            source=source, line=line, column=column, message=message
        )
    return _("{source} line {line}: {message}").format(source=source, line=line, message=message)


def _bad(source: str, line: int, column: str | None, message: str) -> NoReturn:
    fail(_row_at(source, line, column, message))


_OPTIONS = {
    "patents": "--patents",
    "contribution": "--contribution",
    "name": "--name",
    "add_rep": "--add-rep",
    "remove_rep": "--remove-rep",
    "representatives": "--add-rep/--remove-rep",
}


def _option_message(error: GovernanceError) -> str:
    if isinstance(error, PayloadInvalid):
        return f"{_OPTIONS.get(error.field, error.field)}: {reason_text(error)}"
    if isinstance(error, UnknownMember):
        return f"ID: {refusal_sentence(error)}"
    return refusal_sentence(error)


def _rational(option: str, text: str) -> Fraction:
    try:
        value = Fraction(text.strip())
    except (ValueError, ZeroDivisionError):
        fail(_("{option}: '{value}' is not a number").format(option=option, value=text))
    return value


def _first_operator(storage: Storage) -> str:
    def first() -> str:
        with storage.reader() as uow:
            _record, charter = current_charter(uow, storage.parse_charter)
        return charter.operator.users[0] if charter.operator.users else ""

    return str(_guarded(first))


def _guarded(work: Any) -> Any:
    try:
        return work()
    except GovernanceError as error:
        fail(refusal_sentence(error))


def _announce(
    storage: Storage, events: list[MemberUpdated], now: datetime, database_url: str | None
) -> None:
    channel = settings(database_url).governance_channel
    if channel:
        announce(storage.uow(), channel, events, now)


def _echo_changes(events: list[MemberUpdated]) -> None:
    for event in events:
        if not event.changes:
            typer.echo(_("{member}: nothing changed").format(member=event.member_id))
        for field, (old, new) in event.diff.items():
            typer.echo(f"{event.member_id}: {field} {old or '—'} → {new or '—'}")
        for member, holder in event.lapsed:
            typer.echo(
                _("{member}: its proxy held by {holder} lapsed with the holder's seat").format(
                    member=member, holder=holder
                )
            )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
