"""``poolgov tally``: an auditor's recount from a charter file and a ballots file, offline.

The count itself is :func:`governance.tally.count` over
:func:`governance.electorate.freeze_electorate`, the same functions the bot uses when a motion
closes; this module only reads, checks and prints.
Exit status 0 whatever the outcome, 2 for bad input.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bot.ballots_file import BallotsFileError, read_ballots
from bot.charter_file import CharterFileError, load_charter
from bot.cli.common import BAD_INPUT, Lang, cli_language, fail, read_text, show_charter_problems
from bot.i18n import _, speaking
from bot.phrasing import in_language
from bot.tally_report import render_tally
from governance.charter import RECUSE_DECLARED, Charter, MotionKind
from governance.conflicts import set_aside, without_declared
from governance.electorate import freeze_electorate
from governance.services.results import tally_json
from governance.tally import Tally, count

# The kinds whose payload names a member of the pool (governance.kinds: Withdrawal, Expulsion).
# An admission's applicant is not yet a member, and the other kinds concern no member.
KINDS_ABOUT_A_MEMBER = frozenset({MotionKind.WITHDRAWAL, MotionKind.EXPULSION})


def _subject(charter: Charter, kind: MotionKind, subject: str | None) -> str | None:
    if kind in KINDS_ABOUT_A_MEMBER:
        if subject is None:
            fail(
                _("--kind {kind} concerns a member of the pool: give --subject MEMBER_ID").format(
                    kind=kind.value
                )
            )
        if charter.member(subject) is None:
            fail(_("--subject: {subject!r} is not a member of the pool").format(subject=subject))
        return subject
    if subject is not None:
        what = (
            _("an applicant is not yet a member")
            if kind is MotionKind.ADMISSION
            else _("it concerns no member")
        )
        fail(
            _("--subject does not apply to --kind {kind}: {what}").format(
                kind=kind.value, what=what
            )
        )
    return None


def recount(
    charter: Charter,
    kind: MotionKind,
    ballots_text: str,
    source: str,
    subject: str | None,
    declared: Mapping[str, str] | None = None,
) -> Tally:
    """Freeze the electorate as at opening and count the file's ballots under the kind's rules.

    ``declared`` (member → reason) are declared conflicts the kind's rule recuses: they leave the
    electorate, and a ballot of theirs in the file is set aside, as at a close.
    Raises :class:`~bot.ballots_file.BallotsFileError` naming every bad row.
    """
    rules = charter.rules_for(kind)
    electorate = freeze_electorate(charter.members, charter.weights, rules, subject)
    register = [m.id for m in charter.members]
    ballots = read_ballots(ballots_text, source, register, electorate, kind.value)
    electorate = without_declared(electorate, declared or {})
    counted, _ = set_aside(ballots, electorate)
    return count(electorate, counted, rules)


def _declared(
    charter: Charter, kind: MotionKind, recuse: list[str], subject: str | None
) -> dict[str, str]:
    """``--recuse MEMBER_ID[=REASON]``: checked against the register and the kind's rule."""
    if not recuse:
        return {}
    if not charter.rules_for(kind).recuses_declared:
        fail(
            _(
                "--recuse: the rule for --kind {kind} does not list 'declared' in recuse; "
                "a declared conflict is recorded there but takes no member out"
            ).format(kind=kind.value)
        )
    declared: dict[str, str] = {}
    for given in recuse:
        member, _equals, reason = given.partition("=")
        member = member.strip()
        if charter.member(member) is None:
            fail(_("--recuse: {member!r} is not a member of the pool").format(member=member))
        if member == subject:
            fail(
                _("--recuse: {member!r} is the motion's subject, recused already").format(
                    member=member
                )
            )
        if member in declared:
            fail(_("--recuse: {member!r} is given twice").format(member=member))
        declared[member] = reason.strip() or RECUSE_DECLARED
    return declared


def tally(
    charter_path: Annotated[
        Path,
        typer.Argument(metavar="CHARTER.yaml", help="The charter the motion was opened under."),
    ],
    ballots_path: Annotated[
        Path, typer.Argument(metavar="BALLOTS.csv", help="Header member,choice; one row a member.")
    ],
    kind: Annotated[MotionKind, typer.Option("--kind", help="The kind of motion.")],
    subject: Annotated[
        str | None,
        typer.Option(
            "--subject",
            metavar="MEMBER_ID",
            help="The member a withdrawal or expulsion concerns.",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the result as the JSON object of CHARTER.md.")
    ] = False,
    lang: Lang = None,
    recuse: Annotated[
        list[str] | None,
        typer.Option(
            "--recuse",
            metavar="MEMBER_ID[=REASON]",
            help="A member that declared a conflict of interest (the kind's rule must recuse "
            "'declared'), with its reason; repeatable.",
        ),
    ] = None,
) -> None:
    """Recount a motion from a charter file and a ballots file (no database, no Slack)."""
    with speaking(cli_language(lang)):
        _tally(charter_path, ballots_path, kind, subject, as_json, recuse or [])


def _tally(
    charter_path: Path,
    ballots_path: Path,
    kind: MotionKind,
    subject: str | None,
    as_json: bool,
    recuse: list[str],
) -> None:
    try:
        charter = load_charter(read_text(charter_path))
    except CharterFileError as error:
        show_charter_problems(charter_path, error)
        raise typer.Exit(BAD_INPUT) from None
    checked = _subject(charter, kind, subject)
    declared = _declared(charter, kind, recuse, checked)
    ballots_text = read_text(ballots_path)
    try:
        result = recount(charter, kind, ballots_text, str(ballots_path), checked, declared)
    except BallotsFileError as error:
        fail(
            "\n".join(
                _("{source} row {row}: {problem}").format(
                    source=error.source, row=p.row, problem=in_language(p.message)
                )
                for p in error.problems
            )
        )
    if as_json:
        typer.echo(json.dumps(tally_json(kind, result), indent=2, ensure_ascii=False))
    else:
        render_tally(Console(highlight=False), charter, kind, charter.rules_for(kind), result)
        for member, reason in declared.items():
            typer.echo(
                _("recused: {member} (declared conflict of interest: {reason})").format(
                    member=member, reason=reason
                )
            )
