"""The ballots of one transaction: read in a few statements, decided in order, written in a few.

Before deciding any ballot, a batch reads what they all need: their motions (share-locked, in
order, so a close waits for them), the answers already kept for their request keys, and in one
statement the members their casters represent, those members' counted ballots and (for a batch
on one motion, as a burst is) the motion's count of counted ballots. Each ballot is then decided
in turn against that picture, which it keeps up to date (a member voting twice in one batch meets
their first ballot), so a batch answers every ballot as if each had been cast alone, one after
the other. A refusal is decided before anything is written and so leaves no trace. What a
ballot writes waits for :meth:`BallotBatch.write`, which hands the new ballots and the request
answers to storage to write with the commit, as the audit chain's entries are (on PostgreSQL all
of it, with the chain's head, in one statement). A vote change supersedes the earlier ballot at
once.

A batch only decides against what it read; the constraints decide races. A ballot or request
key that another transaction wrote meanwhile makes its insert come short, which is a lost race
(:class:`~governance.ports.ConcurrentWrite`): the whole unit of work is rolled back and runs again.

A ballot cast by a proxy's holder (``CastBallot.proxy``) names its member; the batch reads the
holder's proxies and the member's counted ballot for it alone, decides it by
:func:`~governance.proxies.check_proxy_ballot`, writes it as any other ballot (its audit entry
naming the proxy) and marks it in ``proxy_ballots`` with the commit. A representative's own
ballot always supersedes a proxy's: only when a representative's ballot meets a counted ballot
that someone else cast, and the motion's rules would not replace it, is that ballot looked up, so
the usual burst reads nothing more.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from governance.commands import CastBallot
from governance.conflicts import RecusedByDeclaration, declared_recusals, without_declared
from governance.errors import NotAuthorised, NotInElectorate
from governance.events import BallotRecorded
from governance.motion import BallotEffect, Motion
from governance.ports import BallotRecord, ConcurrentWrite, NewBallot, UnitOfWork
from governance.proxies import (
    Proxy,
    ProxyForRecusedMember,
    check_proxy_ballot,
    lapsed,
    own_ballot_effect,
)
from governance.proxy_ports import ProxyBallot
from governance.services.errors import UnknownMotion
from governance.services.results import receipt_for
from governance.tally import Choice

Counted = BallotRecord | NewBallot  # a counted ballot as stored, or as decided in this batch


class BallotBatch:
    """``decide`` each command in order (a refusal raises), then ``write`` once."""

    def __init__(self, uow: UnitOfWork, commands: Sequence[CastBallot]) -> None:
        self._uow = uow
        self._motions: dict[str, Motion | None] = {}
        self._declared: dict[str, frozenset[str]] = {}
        for motion_id in sorted({c.motion_id for c in commands}):
            stored = uow.motions.get_for_ballot(motion_id)
            self._motions[motion_id] = stored.motion if stored else None
            if stored is not None and stored.motion.rules.recuses_declared:
                self._recuse_declared(stored.motion)
        self._answers = dict(uow.requests.results([c.idempotency_key for c in commands]))
        # Only a member the caster represents can be voted for, so the casters' members and
        # their counted ballots are all a decision reads (one statement, with the count).
        live = {motion.id for motion in self._motions.values() if motion is not None}
        casters = uow.ballots.casters(live, {c.actor for c in commands})
        self._members = casters.members
        self._counted: dict[tuple[str, str], Counted] = dict(casters.counted)
        self._counts: dict[str, int] = dict(casters.counts)
        self._everyone: set[str] = set()
        self._new_ballots: list[NewBallot] = []
        self._new_answers: list[tuple[str, Mapping[str, Any]]] = []
        # Proxies: read only for a ballot cast by proxy, or one that meets a proxy's ballot.
        self._held: dict[str, list[Proxy]] = {}
        self._by_proxy: set[tuple[str, str]] = set()  # decided in this batch by a proxy
        self._new_marks: list[ProxyBallot] = []

    def decide(self, command: CastBallot, now: datetime) -> BallotRecorded:
        """Record ``command`` in the batch, or raise its refusal (a GovernanceError)."""
        key = command.idempotency_key
        if key in self._answers:
            return self._as_it_stands(ballot_from_dict(self._answers[key], replayed=True))
        motion = self._motions.get(command.motion_id)
        if motion is None:
            raise UnknownMotion(command.motion_id)
        proxy: Proxy | None = None
        member_id: str | None
        if command.proxy and command.member_id is not None:
            member_id = command.member_id
            previous = self._counted_now(motion.id, member_id)
            try:
                motion.check_ballot(member_id, command.choice, None, now)  # open, shown, in time
            except NotInElectorate as refused:
                if refused.recused:
                    raise ProxyForRecusedMember(motion.id, member_id) from None
                raise
            proxy = check_proxy_ballot(
                self._held_proxy(command.actor, member_id, motion.id, now),
                motion.id,
                member_id,
                command.choice,
                recused=member_id in motion.electorate.recused,
                own_ballot_counted=previous is not None
                and not self._cast_by_proxy(motion.id, previous),
                now=now,
            )
            effect = motion.check_ballot(
                member_id, command.choice, previous.choice if previous else None, now
            )
        else:
            represented = self._members.get(command.actor)
            member_id = represented if command.member_id is None else command.member_id
            if member_id is None:
                raise NotAuthorised("vote", "representatives of the pool's members")
            if represented != member_id:
                raise NotAuthorised(f"vote for {member_id}", f"representatives of {member_id}")
            if member_id in self._declared.get(motion.id, ()):
                raise RecusedByDeclaration(motion.id, member_id)
            previous = self._counted.get((motion.id, member_id))
            effect = self._own_effect(motion, member_id, command, previous, now)
        # Decided: from here on only a lost race (ConcurrentWrite) can stop it.
        if effect is BallotEffect.UNCHANGED and previous is not None:
            receipt, cast_by, cast_at = previous.receipt, previous.cast_by, previous.cast_at
            if proxy is not None:
                self._by_proxy.add((motion.id, member_id))
        else:
            if previous is not None:
                self._supersede(previous, now)
            data: dict[str, Any] = {
                "motion_id": motion.id,
                "member_id": member_id,
                "choice": command.choice.value,
                "cast_by": command.actor,
                "request_key": key,
                "replaces_audit_seq": previous.audit_seq if previous else None,
            }
            if proxy is not None:
                data["proxy_id"] = proxy.id
            entry = self._uow.audit.append(
                "ballot_cast" if previous is None else "ballot_changed", data, now, deferred=True
            )
            receipt, cast_by, cast_at = receipt_for(entry.entry_hash), command.actor, now
            ballot = NewBallot(
                motion.id, member_id, command.choice, command.actor, now, receipt, entry.seq, key
            )
            self._new_ballots.append(ballot)
            self._counted[(motion.id, member_id)] = ballot
            if proxy is not None:
                self._by_proxy.add((motion.id, member_id))
                self._new_marks.append(
                    ProxyBallot(entry.seq, motion.id, member_id, proxy.id, command.actor)
                )
            else:
                self._by_proxy.discard((motion.id, member_id))
            if previous is None:
                self._counts[motion.id] = self._count(motion) + 1
        event = BallotRecorded(
            motion_id=motion.id,
            member_id=member_id,
            choice=command.choice,
            effect=effect,
            receipt=receipt,
            cast_by=cast_by,
            cast_at=cast_at,
            everyone_voted=self._everyone_voted(motion),
            by_proxy=(motion.id, member_id) in self._by_proxy,
        )
        answer = ballot_to_dict(event)
        self._answers[key] = answer
        self._new_answers.append((key, answer))
        return event

    def _own_effect(
        self,
        motion: Motion,
        member_id: str,
        command: CastBallot,
        previous: Counted | None,
        now: datetime,
    ) -> BallotEffect:
        """A representative's ballot: the motion's rules decide, except over a proxy's ballot,
        which the member's own always supersedes (even the same choice, even where the charter
        does not allow changing a vote). Only a ballot someone else cast is looked at again."""
        if previous is None or previous.cast_by == command.actor:
            return motion.check_ballot(
                member_id, command.choice, previous.choice if previous else None, now
            )
        if previous.choice != command.choice and motion.rules.allow_change:
            return motion.check_ballot(member_id, command.choice, previous.choice, now)
        over_proxy = own_ballot_effect(previous.choice, self._cast_by_proxy(motion.id, previous))
        if over_proxy is None:
            return motion.check_ballot(member_id, command.choice, previous.choice, now)
        motion.check_ballot(member_id, command.choice, None, now)  # open, shown, in time
        return over_proxy

    def _counted_now(self, motion_id: str, member_id: str) -> Counted | None:
        where = (motion_id, member_id)
        if where not in self._counted:
            stored = self._uow.ballots.counted_for(motion_id, member_id)
            if stored is None:
                return None
            self._counted[where] = stored
        return self._counted[where]

    def _cast_by_proxy(self, motion_id: str, ballot: Counted) -> bool:
        if isinstance(ballot, NewBallot):
            return (motion_id, ballot.member_id) in self._by_proxy
        return ballot.audit_seq in self._uow.proxies.ballots([ballot.audit_seq])

    def _held_proxy(
        self, holder: str, member_id: str, motion_id: str, now: datetime
    ) -> Proxy | None:
        if holder not in self._held:
            self._held[holder] = self._uow.proxies.held_by(holder)
        mine = [p for p in self._held[holder] if p.member_id == member_id]
        ended = next((p for p in mine if lapsed(p)), mine[0] if mine else None)
        return next((p for p in mine if p.covers(motion_id, now)), ended)

    def _recuse_declared(self, motion: Motion) -> None:
        """``recuse: [declared]``: a member that declared a conflict is out until the close."""
        recusals = declared_recusals(motion.rules, self._uow.declarations.for_motion(motion.id))
        if recusals:
            self._declared[motion.id] = frozenset(recusals)
            electorate = without_declared(motion.electorate, recusals)
            self._motions[motion.id] = replace(motion, electorate=electorate)

    def _as_it_stands(self, kept: BallotRecorded) -> BallotRecorded:
        """A kept answer, with the member's counted ballot now if that is another one."""
        where = (kept.motion_id, kept.member_id)
        counted = self._counted.get(where)
        if counted is None and self._motions.get(kept.motion_id) is not None:
            counted = self._uow.ballots.counted_for(*where)  # the caster no longer represents it
            if counted is not None:
                self._counted[where] = counted
        if counted is None or counted.receipt == kept.receipt:
            return kept
        return replace(kept, counted_choice=counted.choice, counted_receipt=counted.receipt)

    def write(self, now: datetime) -> None:
        """Write what the decided ballots wrote: their ballots, then their request answers.

        Nothing in the transaction reads either back, so storage may hold both until the commit
        and send them with the chain's entries (one statement on PostgreSQL); a ballot or key
        recorded meanwhile then fails the commit, the same lost race."""
        self._write_ballots(deferred=True)
        if self._new_marks:
            self._uow.proxies.mark_ballots(self._new_marks)
            self._new_marks = []
        if self._new_answers and not self._uow.requests.record_all(
            self._new_answers, now, deferred=True
        ):
            raise ConcurrentWrite("a request key was answered meanwhile")
        self._new_answers = []

    def _write_ballots(self, *, deferred: bool = False) -> None:
        if self._new_ballots and not self._uow.ballots.add_all(
            self._new_ballots, deferred=deferred
        ):
            raise ConcurrentWrite("a member's ballot was recorded meanwhile")
        self._new_ballots = []

    def _supersede(self, previous: Counted, now: datetime) -> None:
        if isinstance(previous, NewBallot):  # decided earlier in this batch: write it first
            self._write_ballots()
            stored = self._uow.ballots.counted_for(previous.motion_id, previous.member_id)
            if stored is None or stored.receipt != previous.receipt:
                raise ConcurrentWrite(f"{previous.member_id}'s ballot changed meanwhile")
            previous = stored
        if not self._uow.ballots.supersede(previous.id, now):
            raise ConcurrentWrite(f"ballot {previous.id} was superseded meanwhile")

    def _count(self, motion: Motion) -> int:
        known = self._counts.get(motion.id)
        if known is None:
            known = self._counts[motion.id] = self._uow.ballots.count_counted(motion.id)
        return known

    def _everyone_voted(self, motion: Motion) -> bool:
        """Whether every member of the electorate now has a counted ballot (an early close).

        The count is only a shortcut: fewer counted ballots than voters means someone has not
        voted, without reading hundreds of member ids for every ballot. Once the count is there,
        the voters themselves are checked, once: after that, ballots are only ever superseded.
        """
        if motion.id in self._everyone:
            return True
        members = motion.electorate.members
        if self._count(motion) < len(members):
            return False
        voted = self._uow.ballots.counted_members(motion.id)
        voted |= {m for (mid, m) in self._counted if mid == motion.id}
        if all(m in voted for m in members):
            self._everyone.add(motion.id)
            return True
        return False


def ballot_to_dict(event: BallotRecorded) -> dict[str, Any]:
    """The answer kept with a processed request key."""
    return {
        "motion_id": event.motion_id,
        "member_id": event.member_id,
        "choice": event.choice.value,
        "effect": event.effect.value,
        "receipt": event.receipt,
        "cast_by": event.cast_by,
        "cast_at": event.cast_at.isoformat(),
        "everyone_voted": event.everyone_voted,
        **({"by_proxy": True} if event.by_proxy else {}),
    }


def ballot_from_dict(data: Mapping[str, Any], *, replayed: bool) -> BallotRecorded:
    return BallotRecorded(
        motion_id=data["motion_id"],
        member_id=data["member_id"],
        choice=Choice(data["choice"]),
        effect=BallotEffect(data["effect"]),
        receipt=data["receipt"],
        cast_by=data["cast_by"],
        cast_at=datetime.fromisoformat(data["cast_at"]),
        everyone_voted=data["everyone_voted"],
        replayed=replayed,
        by_proxy=bool(data.get("by_proxy", False)),
    )
