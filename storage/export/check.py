"""``poolgov audit check``: verify an export with no database and no secret.

Given what :mod:`storage.export.read` read, :func:`check_export` checks, and reports each check
as passed or failed with what it found:

- the chain's links and hashes (scheme 2; scheme-1 entries, whose HMAC needs the audit key, are
  checked for their links only, and reported so);
- every signed head: its signature, by a trusted key (``keys.json``, or only the key given), and
  that it lies on the chain; and that the last of them covers the whole exported chain;
- that every head and receipt given lies on the chain (a receipt: which ballot it records);
- that ``ballots.csv`` and ``receipts.csv`` are exactly what the chain records for the motion;
- that a recount of the chain's counted ballots under the exported charter (``recount``, the code
  ``poolgov tally`` runs) gives the ``motion_closed`` entry's result, and ``result.json``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from governance.charter import MotionKind
from governance.kinds import payload_from_dict
from governance.services.results import contract_view, normalise_receipt
from storage.audit.chain import Break, verify
from storage.audit.chain_record import EntryUnreadable, MotionOnChain, motions_on_chain
from storage.audit.signing import PublicKey, SigningKeyInvalid, signature_holds
from storage.export.files import ballots_csv, receipts_csv
from storage.export.read import ExportDirectory

#: (charter.yaml text, kind, ballots.csv text, subject, declared recusals) → the
#: ``poolgov tally --json`` object; raises :class:`RecountRefused` when the ballots cannot be
#: counted under that charter.
Recount = Callable[[str, MotionKind, str, str | None, Mapping[str, str]], Mapping[str, Any]]


class RecountRefused(Exception):
    """The chain's ballots do not count under the exported charter (the reason says why)."""


@dataclass
class Report:
    """What was checked: passed checks and failures, each a sentence; notes say what was not."""

    passed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def check(self, condition: bool, passed: str, failed: str) -> None:
        (self.passed if condition else self.failed).append(passed if condition else failed)


def check_export(
    export: ExportDirectory,
    recount: Recount,
    heads: Sequence[str] = (),
    receipts: Sequence[str] = (),
    trusted: PublicKey | None = None,
) -> Report:
    """Every check on ``export``; ``trusted`` (from ``--public-key``) replaces keys.json."""
    report = Report()
    entries = export.entries
    chain = verify(entries, None)
    if isinstance(chain, Break):
        report.failed.append(f"chain: broken at {chain}")
    else:
        report.passed.append(f"chain: links and hashes hold for {chain}")
    by_seq = {e.seq: e for e in entries}
    _signed_heads(report, export, by_seq, trusted)
    for given in heads:
        seq = next((e.seq for e in entries if e.entry_hash == given.lower()), None)
        report.check(
            seq is not None,
            f"head {given}: entry {seq} of the chain",
            f"head {given}: not an entry of the exported chain",
        )
    try:
        motions = motions_on_chain(entries)
    except EntryUnreadable as error:
        report.failed.append(f"chain: {error}")
        return report
    _receipts(report, motions, receipts)
    motion = motions.get(export.motion_id)
    if motion is None or motion.opened is None or motion.closed is None:
        report.failed.append(f"motion {export.motion_id}: the chain records no opening and close")
        return report
    _ballots(report, export, motion)
    report.check(
        export.receipts_csv == receipts_csv(motion),
        f"receipts.csv: the {len(motion.ballots)} ballot entries of motion {motion.motion_id}",
        "receipts.csv: differs from the ballot entries the chain records for the motion",
    )
    _recount(report, export, motion, recount)
    return report


def _trusted_keys(
    report: Report, export: ExportDirectory, trusted: PublicKey | None
) -> dict[str, Ed25519PublicKey]:
    if trusted is not None:
        report.notes.append(
            f"trusting only the key given with --public-key: id {trusted.key_id}, "
            f"fingerprint {trusted.fingerprint}"
        )
        return {trusted.key_id: trusted.verifier()}
    keys: dict[str, Ed25519PublicKey] = {}
    for listed in export.keys:
        try:
            actual = PublicKey.of(listed.verifier())
        except SigningKeyInvalid as error:
            report.failed.append(f"keys.json: {error}")
            continue
        if (actual.key_id, actual.fingerprint) != (listed.key_id, listed.fingerprint):
            report.failed.append(
                f"keys.json: key {listed.key_id}'s id or fingerprint is not that of its PEM"
            )
            continue
        keys[actual.key_id] = listed.verifier()
        report.notes.append(
            f"trusting keys.json: id {actual.key_id}, fingerprint {actual.fingerprint} "
            "(compare it with /pool charter, or pass --public-key)"
        )
    return keys


def _signed_heads(
    report: Report, export: ExportDirectory, by_seq: Mapping[int, Any], trusted: PublicKey | None
) -> None:
    keys = _trusted_keys(report, export, trusted)
    covered = 0
    for head in export.heads:
        what = f"signed head at entry {head.seq} (key {head.key_id})"
        entry = by_seq.get(head.seq)
        if entry is None or entry.entry_hash != head.entry_hash:
            report.failed.append(f"{what}: names hash {head.entry_hash}, not the chain's entry")
            continue
        key = keys.get(head.key_id)
        if key is None:
            report.notes.append(f"{what}: not signed by a trusted key, not relied on")
            continue
        valid = signature_holds(key, head.seq, head.entry_hash, head.signature)
        report.check(
            valid,
            f"{what}: the signature holds",
            f"{what}: the signature does not hold for key {head.key_id}",
        )
        if valid:
            covered = max(covered, head.seq)
    end = max(by_seq, default=0)
    if covered == end:
        report.passed.append(f"signed heads: the signed head at entry {end} covers the chain")
    elif covered == 0:
        report.failed.append(
            f"signed heads: no head signed by a trusted key; entries 1–{end} are not covered"
        )
    else:
        report.failed.append(
            f"signed heads: entries {covered + 1}–{end} are not covered by a trusted signature"
        )


def _receipts(report: Report, motions: Mapping[str, MotionOnChain], codes: Sequence[str]) -> None:
    ballots = {b.receipt: b for m in motions.values() for b in m.ballots}
    for code in codes:
        receipt = normalise_receipt(code) or code
        found = ballots.get(receipt)
        if found is None:
            report.failed.append(
                f"receipt {receipt}: no ballot entry of the exported chain has this receipt"
            )
        else:
            report.passed.append(
                f"receipt {receipt}: entry {found.seq}, motion {found.motion_id}, member "
                f"{found.member_id}, {found.choice}, {found.status}"
            )


def _ballots(report: Report, export: ExportDirectory, motion: MotionOnChain) -> None:
    chain = motion.counted()
    seen: dict[str, str] = {}
    problems = []
    for line, member, choice in export.ballots:
        if member in seen:
            problems.append(f"line {line}: {member} appears twice")
        seen[member] = choice
        if chain.get(member) != choice:
            recorded = chain.get(member)
            says = f"the chain's counted ballot is {recorded}" if recorded else "no counted ballot"
            problems.append(f"line {line}: {member} {choice}, but {says}")
    problems += [
        f"{m}'s counted ballot ({c}) is missing" for m, c in chain.items() if m not in seen
    ]
    report.check(
        not problems,
        f"ballots.csv: exactly the {len(chain)} counted ballots the chain records",
        "ballots.csv: " + "; ".join(problems),
    )


def _recount(
    report: Report, export: ExportDirectory, motion: MotionOnChain, recount: Recount
) -> None:
    opened, closed = motion.opened or {}, motion.closed or {}
    try:
        kind = MotionKind(opened["kind"])
        subject = payload_from_dict(opened["payload"]).subject
        recorded = contract_view(closed["result"])
        # members a declared conflict took out (governance.conflicts), as the close recorded
        recusals = dict(closed["result"].get("details", {}).get("recusals", {}))
        declared = {m: str(r) for m, r in recusals.items() if m != subject}
    except (KeyError, ValueError, TypeError, AttributeError) as error:
        report.failed.append(f"recount: the chain's motion entries are incomplete ({error})")
        return
    try:
        counted = dict(recount(export.charter_yaml, kind, ballots_csv(motion), subject, declared))
    except RecountRefused as error:
        report.failed.append(f"recount: the chain's ballots do not count ({error})")
        return
    for name, expected in (("the motion_closed entry", recorded), ("result.json", export.result)):
        differing = sorted(
            k for k in counted.keys() | expected.keys() if counted.get(k) != expected.get(k)
        )
        report.check(
            not differing,
            f"recount: {counted.get('outcome')}, as {name} records",
            f"recount: differs from {name} in {', '.join(differing)}",
        )
