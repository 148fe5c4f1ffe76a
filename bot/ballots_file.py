"""Reading an auditor's ``BALLOTS.csv`` (header ``member,choice``) for ``poolgov tally``.

Nothing is silently dropped: an unknown or recused member, an unknown choice, a member written
twice or a bad header is a :class:`BallotsFileError` naming the row (the file's line number, the
header being row 1), so the recount is of exactly the ballots the file holds.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from governance.electorate import Electorate
from governance.phrases import Phrase
from governance.tally import Choice
from governance.texts import N_

if TYPE_CHECKING:
    from _csv import Reader

HEADER = ("member", "choice")
_CHOICES = Phrase(N_("yes, no or abstain"))


@dataclass(frozen=True)
class RowProblem:
    row: int
    message: str


class BallotsFileError(Exception):
    """The ballots file cannot be counted; ``problems`` names every bad row."""

    def __init__(self, source: str, problems: list[RowProblem]) -> None:
        super().__init__(source, problems)
        self.source = source
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(f"{self.source} row {p.row}: {p.message}" for p in self.problems)


def read_ballots(
    text: str, source: str, register: Iterable[str], electorate: Electorate, kind: str
) -> dict[str, Choice]:
    """Each voting member's choice, in file order; members not in the file did not vote."""
    rows = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        return _read_rows(rows, source, set(register), electorate, kind)
    except csv.Error as error:
        what = Phrase(N_("not CSV ({error})"), error=error)
        raise BallotsFileError(source, [RowProblem(rows.line_num, what)]) from None


def _read_rows(
    rows: Reader, source: str, members: set[str], electorate: Electorate, kind: str
) -> dict[str, Choice]:
    header = next(rows, None)
    if header is None:
        raise BallotsFileError(
            source,
            [RowProblem(1, Phrase(N_("the file is empty; write the header member,choice")))],
        )
    if tuple(cell.strip().lower() for cell in header) != HEADER:
        shown = ",".join(header)
        raise BallotsFileError(
            source,
            [
                RowProblem(
                    1, Phrase(N_("the header must be member,choice, not {shown!r}"), shown=shown)
                )
            ],
        )
    ballots: dict[str, Choice] = {}
    first_row: dict[str, int] = {}
    problems: list[RowProblem] = []
    for cells in rows:
        row = rows.line_num
        if not cells:  # an empty line; a row of empty fields is still a row
            continue
        if len(cells) != len(HEADER):
            what = Phrase(N_("expected 2 fields (member,choice), got {count}"), count=len(cells))
            problems.append(RowProblem(row, what))
            continue
        member, choice = (cell.strip() for cell in cells)
        if not member:
            problems.append(RowProblem(row, Phrase(N_("the member is empty"))))
        elif member not in members:
            what = Phrase(N_("{member!r} is not a member of the pool"), member=member)
            problems.append(RowProblem(row, what))
        elif member in electorate.recused:
            problems.append(
                RowProblem(
                    row,
                    Phrase(
                        N_("{member!r} is recused from this {kind} motion because it concerns it"),
                        member=member,
                        kind=kind,
                    ),
                )
            )
        elif member in first_row:
            problems.append(
                RowProblem(
                    row,
                    Phrase(
                        N_(
                            "{member!r} already has a ballot on row {first}; "
                            "one counted ballot per member"
                        ),
                        member=member,
                        first=first_row[member],
                    ),
                )
            )
        else:
            first_row[member] = row
        if choice not in {c.value for c in Choice}:
            what = Phrase(
                N_("{choice!r} is not a choice; write {choices}"), choice=choice, choices=_CHOICES
            )
            problems.append(RowProblem(row, what))
        elif first_row.get(member) == row:
            ballots[member] = Choice(choice)
    if problems:
        raise BallotsFileError(source, problems)
    return ballots
