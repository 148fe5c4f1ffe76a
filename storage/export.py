"""``poolgov export motion``: everything an auditor needs to re-count one motion without us.

The charter is the text the motion was opened under with ``members:`` replaced by the register
frozen at opening, so ``poolgov tally`` computes the very weights the motion counted with; the
export checks that before writing anything.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import yaml

from governance.charter import Member, MotionKind
from governance.electorate import freeze_electorate
from governance.ports import CharterParser, StoredMotion
from governance.quantities import format_rational
from governance.services.results import contract_view
from storage.audit_log import read_entries
from storage.motion_repo import motion_number
from storage.uow import SqlUnitOfWork

_MEMBERS_KEY = re.compile(r"^members\s*:")
_CONTINUES_BLOCK = re.compile(r"^(\s|-|#|$)")


class ExportError(Exception):
    """The motion cannot be exported (unknown, not counted, or its snapshot does not re-count)."""


@dataclass(frozen=True)
class MotionExport:
    motion_id: str
    kind: MotionKind
    subject: str | None
    charter_yaml: str
    ballots_csv: str
    audit_jsonl: str
    result_json: str

    def write(self, directory: Path) -> list[Path]:
        directory.mkdir(parents=True, exist_ok=True)
        files = {
            "charter.yaml": self.charter_yaml,
            "ballots.csv": self.ballots_csv,
            "audit.jsonl": self.audit_jsonl,
            "result.json": self.result_json,
        }
        written = []
        for name, content in files.items():
            path = directory / name
            path.write_text(content, encoding="utf-8", newline="")
            written.append(path)
        return written


def export_motion(uow: SqlUnitOfWork, motion_id: str, parse: CharterParser) -> MotionExport:
    with uow:
        stored = uow.motions.get(motion_id)
        if stored is None:
            raise ExportError(f"there is no motion {motion_id}")
        if stored.result is None:
            raise ExportError(f"motion {motion_id} is {stored.motion.state.value}: nothing counted")
        charter = uow.charters.get(stored.motion.charter_version)
        if charter is None:
            raise ExportError(f"charter version {stored.motion.charter_version} is missing")
        ballots = uow.ballots.counted(motion_id)
        number = motion_number(motion_id)
        entries = list(read_entries(uow.session, number))
    charter_yaml = replace_members(charter.text, stored.register)
    _check_recount(stored, charter_yaml, parse)
    rows = io.StringIO(newline="")
    writer = csv.writer(rows, lineterminator="\n")
    writer.writerow(["member", "choice"])
    by_member = {b.member_id: b.choice for b in ballots}
    for member in stored.motion.electorate.members:
        if member in by_member:
            writer.writerow([member, by_member[member].value])
    audit = "".join(
        json.dumps(
            {"seq": e.seq, "prev_hash": e.prev_hash, "entry_hash": e.entry_hash, "body": e.body},
            ensure_ascii=False,
        )
        + "\n"
        for e in entries
    )
    return MotionExport(
        motion_id=stored.motion.id,
        kind=stored.motion.kind,
        subject=stored.motion.payload.subject,
        charter_yaml=charter_yaml,
        ballots_csv=rows.getvalue(),
        audit_jsonl=audit,
        result_json=json.dumps(contract_view(stored.result), indent=2, ensure_ascii=False) + "\n",
    )


def replace_members(text: str, register: tuple[Member, ...]) -> str:
    """The charter text with its top-level ``members:`` block replaced; the rest kept verbatim."""
    entries = [
        {
            "id": m.id,
            "name": m.name,
            "patents": m.patents,
            "contribution": _rational(m.contribution),
            "representatives": list(m.representatives),
        }
        for m in register
    ]
    dumped = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=1000)
    block = "members:  # the register frozen when the motion opened\n" + "".join(
        f"  {line}\n" for line in dumped.splitlines()
    )
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if _MEMBERS_KEY.match(line)), None)
    if start is None:
        suffix = "" if text.endswith("\n") or not text else "\n"
        return text + suffix + block
    end = start + 1
    while end < len(lines) and _CONTINUES_BLOCK.match(lines[end]):
        end += 1
    return "".join(lines[:start]) + block + "".join(lines[end:])


def _rational(value: Fraction) -> int | str:
    """An integer stays an integer; anything else is an exact ``"p/q"`` string."""
    return value.numerator if value.denominator == 1 else format_rational(value)


def _check_recount(stored: StoredMotion, charter_yaml: str, parse: CharterParser) -> None:
    motion = stored.motion
    charter = parse(charter_yaml)
    rules = charter.rules_for(motion.kind)
    if rules != motion.rules:
        raise ExportError(f"the rules of charter version {motion.charter_version} changed")
    electorate = freeze_electorate(charter.members, charter.weights, rules, motion.payload.subject)
    if electorate != motion.electorate:
        raise ExportError("the frozen register does not reproduce the motion's weights")
