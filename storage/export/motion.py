"""``poolgov export motion``: everything an auditor needs to check one motion without us.

The charter is the text the motion was opened under with ``members:`` replaced by the register
frozen at opening, so ``poolgov tally`` computes the very weights the motion counted with; the
export checks that before writing anything. The ballots, the receipts and the result come from
the audit chain, never from the ``ballots`` table: the export signs the chain's current head
first, so the whole chain it holds (``audit.jsonl``) ends at a signed head (``heads.json``,
verifiable with ``keys.json``). Where the tables disagree with the chain, the export still holds
the chain's ballots and says so (:attr:`MotionExport.warnings`). For a secret motion the export
holds every member's choice: it is meant for auditors.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from pathlib import Path

import yaml

from governance.charter import Member, MotionKind
from governance.electorate import freeze_electorate
from governance.errors import CharterError
from governance.ports import CharterParser, StoredMotion
from governance.quantities import format_rational
from governance.services.results import contract_view
from storage.audit.chain_record import MotionOnChain, motion_on_chain
from storage.audit.log import read_entries
from storage.audit.signed_heads import sign_current_head, signed_heads
from storage.audit.signing import HeadSigner, PublicKey, SignedHead
from storage.export.files import (
    audit_jsonl,
    ballots_csv,
    heads_json,
    keys_json,
    proxies_csv,
    receipts_csv,
)
from storage.findings import Finding, FindingError
from storage.uow import SqlUnitOfWork

# libyaml's emitter when PyYAML has it (several times faster); the values are represented alike.
_DUMPER: type[yaml.SafeDumper] | type[yaml.CSafeDumper] = getattr(
    yaml, "CSafeDumper", yaml.SafeDumper
)
_MEMBERS_KEY = re.compile(r"^members\s*:")
_CONTINUES_BLOCK = re.compile(r"^(\s|-|#|$)")


class ExportError(FindingError):
    """The motion cannot be exported (unknown, not counted, or its snapshot does not re-count)."""


@dataclass(frozen=True)
class MotionExport:
    motion_id: str
    kind: MotionKind
    subject: str | None
    files: dict[str, str]  # file name → content
    head: SignedHead  # the signed head the exported chain ends at
    warnings: tuple[str, ...] = ()  # where the tables disagree with the chain

    def write(self, directory: Path) -> list[Path]:
        directory.mkdir(parents=True, exist_ok=True)
        written = []
        for name, content in self.files.items():
            path = directory / name
            path.write_text(content, encoding="utf-8", newline="")
            written.append(path)
        return written


def export_motion(
    uow: SqlUnitOfWork,
    motion_id: str,
    parse: CharterParser,
    signer: HeadSigner,
    now: datetime,
    older_keys: Sequence[PublicKey] = (),
) -> MotionExport:
    """Sign the current head and export the motion, the whole chain up to it and its heads."""
    with uow:
        stored = uow.motions.get(motion_id)
        if stored is None:
            raise ExportError(Finding("there is no motion {motion}", motion=motion_id))
        if stored.result is None:
            raise ExportError(
                Finding(
                    "motion {motion} is {state}: nothing counted",
                    motion=motion_id,
                    state=stored.motion.state.value,
                )
            )
        charter = uow.charters.get(stored.motion.charter_version)
        if charter is None:
            raise ExportError(
                Finding(
                    "charter version {version} is missing", version=stored.motion.charter_version
                )
            )
        head = sign_current_head(uow.session, signer, now)
        entries = [e for e in read_entries(uow.session) if e.seq <= head.seq]
        heads = signed_heads(uow.session, head.seq)
        table_ballots = {b.member_id: b.choice.value for b in uow.ballots.counted(motion_id)}
        uow.commit()
    charter_yaml = replace_members(charter.text, stored.register)
    _check_recount(stored, charter_yaml, parse)
    on_chain = motion_on_chain(entries, stored.motion.id)
    if on_chain.closed is None:
        raise ExportError(
            Finding(
                "the audit chain records no close of motion {motion}: run `poolgov audit verify`",
                motion=motion_id,
            )
        )
    keys = {k.key_id: k for k in (signer.public, *older_keys)}
    motion = {
        "motion_id": stored.motion.id,
        "kind": stored.motion.kind.value,
        "subject": stored.motion.payload.subject,
        "secret": stored.motion.rules.secret,
    }
    files = {
        "motion.json": json.dumps(motion, indent=2, ensure_ascii=False) + "\n",
        "charter.yaml": charter_yaml,
        "ballots.csv": ballots_csv(on_chain),
        "audit.jsonl": audit_jsonl(entries),
        "result.json": json.dumps(
            contract_view(on_chain.closed["result"]), indent=2, ensure_ascii=False
        )
        + "\n",
        "heads.json": heads_json(heads),
        "keys.json": keys_json(list(keys.values())),
        "receipts.csv": receipts_csv(on_chain),
    }
    if not stored.motion.rules.secret:  # who voted by proxy, as roll calls show it
        files["proxies.csv"] = proxies_csv(entries, on_chain)
    return MotionExport(
        motion_id=stored.motion.id,
        kind=stored.motion.kind,
        subject=stored.motion.payload.subject,
        files=files,
        head=head,
        warnings=_disagreements(stored, on_chain, table_ballots),
    )


def _disagreements(
    stored: StoredMotion,
    on_chain: MotionOnChain,
    table_ballots: dict[str, str],
) -> tuple[str, ...]:
    found = []
    chain_ballots = on_chain.counted()
    if table_ballots != chain_ballots:
        differing = sorted(
            m
            for m in table_ballots.keys() | chain_ballots.keys()
            if table_ballots.get(m) != chain_ballots.get(m)
        )
        found.append(
            Finding(
                "the ballots table disagrees with the audit chain about motion {motion} "
                "(members {members}); ballots.csv holds the chain's ballots",
                motion=stored.motion.id,
                members=", ".join(differing),
            )
        )
    closed = on_chain.closed or {}
    if stored.result is not None and dict(stored.result) != closed.get("result"):
        found.append(
            Finding(
                "the motions table's result of motion {motion} differs from the chain's "
                "motion_closed entry; result.json holds the chain's",
                motion=stored.motion.id,
            )
        )
    if found:
        found.append(Finding("run `poolgov audit verify` to find what was changed"))
    return tuple(found)


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
    dumped = yaml.dump(entries, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000)
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
    try:
        charter = parse(charter_yaml)
    except CharterError as error:  # what the auditor's `poolgov tally` would refuse too
        raise ExportError(
            Finding(
                "the charter snapshot of motion {motion} does not read back: {error}",
                motion=motion.id,
                error=error,
            )
        ) from None
    rules = charter.rules_for(motion.kind)
    if rules != motion.rules:
        raise ExportError(
            Finding(
                "the rules of charter version {version} changed", version=motion.charter_version
            )
        )
    electorate = freeze_electorate(charter.members, charter.weights, rules, motion.payload.subject)
    if electorate != motion.electorate:
        raise ExportError(Finding("the frozen register does not reproduce the motion's weights"))
