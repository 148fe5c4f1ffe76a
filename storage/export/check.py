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
from storage.findings import N_, Finding

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
        report.failed.append(Finding("chain: broken at {chain}", chain=chain))
    else:
        report.passed.append(Finding("chain: links and hashes hold for {chain}", chain=chain))
    by_seq = {e.seq: e for e in entries}
    _signed_heads(report, export, by_seq, trusted)
    for given in heads:
        seq = next((e.seq for e in entries if e.entry_hash == given.lower()), None)
        report.check(
            seq is not None,
            Finding("head {given}: entry {seq} of the chain", given=given, seq=seq),
            Finding("head {given}: not an entry of the exported chain", given=given),
        )
    try:
        motions = motions_on_chain(entries)
    except EntryUnreadable as error:
        report.failed.append(Finding("chain: {error}", error=error))
        return report
    _receipts(report, motions, receipts)
    motion = motions.get(export.motion_id)
    if motion is None or motion.opened is None or motion.closed is None:
        report.failed.append(
            Finding(
                "motion {motion}: the chain records no opening and close", motion=export.motion_id
            )
        )
        return report
    _ballots(report, export, motion)
    report.check(
        export.receipts_csv == receipts_csv(motion),
        Finding(
            "receipts.csv: the {count} ballot entries of motion {motion}",
            count=len(motion.ballots),
            motion=motion.motion_id,
        ),
        Finding("receipts.csv: differs from the ballot entries the chain records for the motion"),
    )
    _recount(report, export, motion, recount)
    return report


def _trusted_keys(
    report: Report, export: ExportDirectory, trusted: PublicKey | None
) -> dict[str, Ed25519PublicKey]:
    if trusted is not None:
        report.notes.append(
            Finding(
                "trusting only the key given with --public-key: id {key}, "
                "fingerprint {fingerprint}",
                key=trusted.key_id,
                fingerprint=trusted.fingerprint,
            )
        )
        return {trusted.key_id: trusted.verifier()}
    keys: dict[str, Ed25519PublicKey] = {}
    for listed in export.keys:
        try:
            actual = PublicKey.of(listed.verifier())
        except SigningKeyInvalid as error:
            report.failed.append(Finding("keys.json: {error}", error=error.finding))
            continue
        if (actual.key_id, actual.fingerprint) != (listed.key_id, listed.fingerprint):
            report.failed.append(
                Finding(
                    "keys.json: key {key}'s id or fingerprint is not that of its PEM",
                    key=listed.key_id,
                )
            )
            continue
        keys[actual.key_id] = listed.verifier()
        report.notes.append(
            Finding(
                "trusting keys.json: id {key}, fingerprint {fingerprint} "
                "(compare it with /pool charter, or pass --public-key)",
                key=actual.key_id,
                fingerprint=actual.fingerprint,
            )
        )
    return keys


def _signed_heads(
    report: Report, export: ExportDirectory, by_seq: Mapping[int, Any], trusted: PublicKey | None
) -> None:
    keys = _trusted_keys(report, export, trusted)
    covered = 0
    for head in export.heads:
        what = Finding("signed head at entry {seq} (key {key})", seq=head.seq, key=head.key_id)
        entry = by_seq.get(head.seq)
        if entry is None or entry.entry_hash != head.entry_hash:
            report.failed.append(
                Finding(
                    "{what}: names hash {hash}, not the chain's entry",
                    what=what,
                    hash=head.entry_hash,
                )
            )
            continue
        key = keys.get(head.key_id)
        if key is None:
            report.notes.append(
                Finding("{what}: not signed by a trusted key, not relied on", what=what)
            )
            continue
        valid = signature_holds(key, head.seq, head.entry_hash, head.signature)
        report.check(
            valid,
            Finding("{what}: the signature holds", what=what),
            Finding(
                "{what}: the signature does not hold for key {key}", what=what, key=head.key_id
            ),
        )
        if valid:
            covered = max(covered, head.seq)
    end = max(by_seq, default=0)
    if covered == end:
        report.passed.append(
            Finding("signed heads: the signed head at entry {end} covers the chain", end=end)
        )
    elif covered == 0:
        report.failed.append(
            Finding(
                "signed heads: no head signed by a trusted key; entries 1–{end} are not covered",
                end=end,
            )
        )
    else:
        report.failed.append(
            Finding(
                "signed heads: entries {first}–{end} are not covered by a trusted signature",
                first=covered + 1,
                end=end,
            )
        )


def _receipts(report: Report, motions: Mapping[str, MotionOnChain], codes: Sequence[str]) -> None:
    ballots = {b.receipt: b for m in motions.values() for b in m.ballots}
    for code in codes:
        receipt = normalise_receipt(code) or code
        found = ballots.get(receipt)
        if found is None:
            report.failed.append(
                Finding(
                    "receipt {receipt}: no ballot entry of the exported chain has this receipt",
                    receipt=receipt,
                )
            )
        else:
            report.passed.append(
                Finding(
                    "receipt {receipt}: entry {seq}, motion {motion}, member {member}, {choice}, "
                    "{status}",
                    receipt=receipt,
                    seq=found.seq,
                    motion=found.motion_id,
                    member=found.member_id,
                    choice=found.choice,
                    status=found.status,
                )
            )


def _ballots(report: Report, export: ExportDirectory, motion: MotionOnChain) -> None:
    chain = motion.counted()
    seen: dict[str, str] = {}
    problems: list[Finding] = []
    for line, member, choice in export.ballots:
        if member in seen:
            problems.append(
                Finding("line {line}: {member} appears twice", line=line, member=member)
            )
        seen[member] = choice
        if chain.get(member) != choice:
            recorded = chain.get(member)
            says = (
                Finding("the chain's counted ballot is {recorded}", recorded=recorded)
                if recorded
                else Finding("no counted ballot")
            )
            problems.append(
                Finding(
                    "line {line}: {member} {choice}, but {says}",
                    line=line,
                    member=member,
                    choice=choice,
                    says=says,
                )
            )
    problems += [
        Finding("{member}'s counted ballot ({choice}) is missing", member=m, choice=c)
        for m, c in chain.items()
        if m not in seen
    ]
    report.check(
        not problems,
        Finding(
            "ballots.csv: exactly the {count} counted ballots the chain records", count=len(chain)
        ),
        Finding("ballots.csv: {problems}", problems=problems),
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
        report.failed.append(
            Finding("recount: the chain's motion entries are incomplete ({error})", error=error)
        )
        return
    try:
        counted = dict(recount(export.charter_yaml, kind, ballots_csv(motion), subject, declared))
    except RecountRefused as error:
        report.failed.append(
            Finding("recount: the chain's ballots do not count ({error})", error=error)
        )
        return
    for expected, same, differs in (
        (
            recorded,
            N_("recount: {outcome}, as the motion_closed entry records"),
            N_("recount: differs from the motion_closed entry in {keys}"),
        ),
        (
            export.result,
            N_("recount: {outcome}, as result.json records"),
            N_("recount: differs from result.json in {keys}"),
        ),
    ):
        differing = sorted(
            k for k in counted.keys() | expected.keys() if counted.get(k) != expected.get(k)
        )
        report.check(
            not differing,
            Finding(same, outcome=counted.get("outcome")),
            Finding(differs, keys=", ".join(differing)),
        )
