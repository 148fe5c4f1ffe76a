"""The chain replayed into the state it describes: entries in, expected rows out, no database.

Feed the entries in order (:meth:`Replay.feed`, or :meth:`Replay.observe_rows` around the stream
the chain's verification reads, so the chain is read once); each kind goes to its area. Entries of
kinds that describe no table compared here (meeting calendar changes, agendas, minutes, notes)
pass by. An entry whose data lacks what its kind needs is listed in ``unreadable``: the chain's
hashes vouch for it, so the fault is in what was written, and it is reported, never raised.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from storage.audit.chain import ChainEntry, Row, StoredEntry
from storage.record.actions import ActionReplay
from storage.record.ballots import BallotReplay, match_plain_ballot
from storage.record.complaints import ComplaintReplay
from storage.record.conflicts import ConflictReplay
from storage.record.fact import Fact
from storage.record.meetings import MeetingReplay
from storage.record.minutes import KINDS as MINUTES_KINDS
from storage.record.minutes import MinutesReplay
from storage.record.motions import MotionReplay, admission_figures, charter_rules
from storage.record.proxies import ProxyReplay
from storage.record.register import RegisterReplay, text_hash


class Replay:
    """The expected state of every compared table after the entries fed so far."""

    def __init__(
        self,
        parse: Callable[[str], Any] | None = None,
        charter_texts: Mapping[int, str] | None = None,
        *,
        has_shown_at: bool = False,
        stored_instant: Callable[[datetime], Any] | None = None,
    ) -> None:
        """``stored_instant`` writes an instant as the database driver returns it, for the
        ballots (the largest table), so they compare with the table's rows as they are read."""
        self.register = RegisterReplay()
        self._texts = dict(charter_texts or {})
        self._hashes: dict[int, str] = {}
        self.motions = MotionReplay(self.register, charter_rules(parse, self._texts, self._hashes))
        self.ballots = BallotReplay(stored_instant)
        self.meetings = MeetingReplay()
        self.complaints = ComplaintReplay()
        self.actions = ActionReplay()
        self.proxies = ProxyReplay()
        self.minutes = MinutesReplay()
        self.conflicts = ConflictReplay()
        self.unreadable: list[tuple[int, str]] = []  # (seq, what is wrong with its data)
        self.entries = 0
        self._has_shown_at = has_shown_at

    def _ballot(self, fact: Fact) -> None:
        self.ballots.cast(fact)
        self.proxies.ballot(fact)

    def observe_rows(self, rows: Iterable[Row]) -> Iterator[Row]:
        """Pass ``rows`` (entries as :func:`~storage.audit.chain.verify_rows` reads them) on
        unchanged, replaying each as it goes by: a ballot as the chain writes it straight from
        its row (:func:`~storage.record.ballots.match_plain_ballot`), any other entry through
        :meth:`feed`."""
        for row in rows:
            if not self._plain_ballot(row):
                self.feed(StoredEntry._make(row))  # read as JSON, which reports what is wrong
            yield row

    def _plain_ballot(self, row: Row) -> bool:
        """Replay ``row`` if it is a ballot in the chain's own form with an instant that reads;
        ``False`` leaves it to :meth:`feed`."""
        plain = match_plain_ballot(row[3])
        if plain is None:
            return False
        at, cast_by, choice, member_id, motion_id, request_key = plain.groups()
        ballots = self.ballots
        instant = ballots.written.get(at)
        if instant is None:
            try:
                instant = ballots.written[at] = ballots.row_instant(datetime.fromisoformat(at))
            except ValueError:
                return False
        self.entries += 1
        ballots.ballot(
            row[0], row[2], instant, int(motion_id), member_id, choice, cast_by, request_key
        )
        return True

    def feed(self, entry: ChainEntry) -> None:
        self.entries += 1
        try:
            fact = Fact.of(entry)
            handler = _KINDS.get(fact.kind)
            if handler is None and fact.kind.startswith("complaint_"):
                handler = _complaint
            if handler is not None:
                handler(self, fact)
        except (KeyError, TypeError, ValueError, AttributeError, ZeroDivisionError) as error:
            self.unreadable.append((entry.seq, f"{type(error).__name__}: {error}"))

    def _initialised(self, fact: Fact) -> None:
        self.register.initialised(fact)
        self._hashes[int(fact.data["charter_version"])] = str(fact.data["charter_hash"])

    def _effect(self, fact: Fact) -> None:
        effect = fact.data.get("effect") or {}
        motion = fact.data["motion_id"]
        payload = self.motions.payload(int(motion))
        if "admitted" in effect:
            figures = admission_figures(payload) | {
                k: effect[k] for k in ("patents", "contribution") if k in effect
            }
            entry = {"id": effect["admitted"], "name": effect["name"], **figures}
            self.register.admit(fact, entry, [str(u) for u in effect["representatives"]], motion)
        elif "removed" in effect:
            self.register.removed(fact, str(effect["removed"]), str(effect["how"]), motion)
        elif "charter_version" in effect:
            version, digest = int(effect["charter_version"]), str(effect["charter_hash"])
            self.register.charter(fact, version, digest, motion)
            self._hashes[version] = digest
            text = (payload or {}).get("charter_text")
            if isinstance(text, str) and text_hash(text) == digest:
                self._texts[version] = text
        self.motions.effect(fact)


Handler = Callable[[Replay, Fact], None]

# What each kind replays into. Kept out of the replay itself: a replay that held its own bound
# methods would be a reference cycle, left for the cycle collector to walk (all of its hundreds
# of thousands of rows) before it is freed; without one, it is freed as soon as it is dropped.
_KINDS: dict[str, Handler] = {
    "pool_initialised": Replay._initialised,
    "member_updated": lambda r, fact: r.register.updated(fact),
    "motion_opened": lambda r, fact: r.motions.opened(fact, r._has_shown_at),
    "motion_shown": lambda r, fact: r.motions.shown(fact, r._has_shown_at),
    "motion_withdrawn": lambda r, fact: r.motions.withdrawn(fact),
    "motion_closed": lambda r, fact: r.motions.closed(fact),
    "effect_applied": Replay._effect,
    "ballot_cast": Replay._ballot,
    "ballot_changed": Replay._ballot,
    "attendance_recorded": lambda r, fact: r.meetings.attendance_recorded(fact),
    "action_created": lambda r, fact: r.actions.created(fact),
    "action_done": lambda r, fact: r.actions.done(fact),
    "proxy_given": lambda r, fact: r.proxies.given(fact),
    "proxy_revoked": lambda r, fact: r.proxies.revoked(fact),
    "conflict_declared": lambda r, fact: r.conflicts.declared(fact),
}
_KINDS.update(dict.fromkeys(MINUTES_KINDS, lambda r, fact: r.minutes.step(fact)))


def _complaint(replay: Replay, fact: Fact) -> None:
    replay.complaints.step(fact)
