"""Motions as the chain describes them: each row, its frozen electorate, and what it carried.

``motion_opened`` gives the motion and its electorate (the weights, who may vote); the register
replayed up to that entry gives each frozen member's position, name, patents, contribution and
representatives. The rules are the entry's ``rules`` where it records them; an older entry is
read with the rules of the charter version it names, parsed from a text whose hash the chain
holds. A motion opened for a channel records ``shown_at: null`` and waits for its
``motion_shown``, which sets ``shown_at`` and moves the deadline; one opened with no post to wait
for records its opening instant, and an opening older than the outbox (no ``shown_at`` field)
was posted as it opened, so its ``shown_at`` is its ``opened_at``. ``motion_withdrawn`` and
``motion_closed`` end it; an ``effect_applied`` after a close is the last entry of that
transaction, so its hash is the motion's ``audit_head``, and it records fee and distribution
changes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from governance.charter import MotionKind
from governance.motion import MotionState
from governance.quantities import format_rational
from governance.rules_record import rules_to_dict
from storage.record.fact import Fact, instant
from storage.record.findings import Expected
from storage.record.register import RegisterReplay, text_hash
from storage.record.stored import exact

_Frozen = tuple[int, Mapping[str, str], list[str], list[tuple[Any, ...]]]

RulesOf = Callable[[int, str], dict[str, Any] | None]
"""The rules of a kind under a charter version, or ``None`` when they cannot be derived."""


#: A frozen electorate row's columns as compared, after its key (motion, member): stored order.
ELECTORATE_COLUMNS = (
    "position",
    "weight",
    "eligible",
    "name",
    "patents",
    "contribution",
    "representatives",
)


@dataclass
class MotionRecord:
    motion_id: int
    row: Expected
    payload: dict[str, Any]
    #: The frozen electorate as its rows read, less the motion id: (member, *ELECTORATE_COLUMNS),
    #: weights and contributions as ``p/q`` text, representatives as JSON text, in position
    #: order. Motions frozen on the same register with the same weights share one list.
    members: list[tuple[Any, ...]] = field(default_factory=list)

    @property
    def frozen(self) -> list[tuple[Any, ...]]:
        """The frozen electorate's rows: (motion, member, *ELECTORATE_COLUMNS)."""
        motion_id = self.motion_id
        return [(motion_id, *member) for member in self.members]

    @property
    def electorate(self) -> dict[str, Expected]:
        """Each frozen member as an expected row, every value said by the opening entry."""
        seq = self.row.seq
        electorate: dict[str, Expected] = {}
        for member, position, weight, eligible, name, patents, share, seats in self.members:
            electorate[member] = Expected.of(
                seq,
                position=position,
                weight=None if weight is None else exact(weight),
                eligible=eligible,
                name=name,
                patents=patents,
                contribution=exact(share),
                representatives=json.loads(seats),
            )
        return electorate


def shown_at_opening(fact: Fact) -> Any:
    """``shown_at`` as the opening says it: its field, or the opening itself for older entries."""
    if "shown_at" in fact.data:
        return instant(fact.data["shown_at"])
    return fact.at


class MotionReplay:
    def __init__(self, register: RegisterReplay, rules_of: RulesOf) -> None:
        self._register = register
        self._rules_of = rules_of
        self.motions: dict[int, MotionRecord] = {}
        self.fees: dict[int, Expected] = {}
        self.distributions: dict[int, Expected] = {}
        self.underived: list[int] = []  # motions whose rules no entry or charter text gives
        #: A weight as an electorate row stores it, by how entries write it: the same weights
        #: come back motion after motion.
        self._weight_texts: dict[Any, str] = {}
        #: The register's change count, weights and electorate of the last frozen electorate,
        #: and its rows (less the motion id).
        self._last_frozen: _Frozen | None = None

    def opened(self, fact: Fact, has_shown_at: bool = False) -> None:
        data = fact.data
        motion_id = int(data["motion_id"])
        version = int(data["charter_version"])
        rules = data.get("rules") or self._rules_of(version, str(data["kind"]))
        row = Expected(fact.seq)
        row.set(
            fact.seq,
            kind=data["kind"],
            title=data["title"],
            text=data["text"],
            payload=data["payload"],
            charter_version=version,
            opened_by=data["opened_by"],
            opened_at=fact.at,
            closes_at=instant(data["closes_at"]),
            shown_at=shown_at_opening(fact) if has_shown_at else None,
            state=MotionState.OPEN.value,
            closed_at=None,
            close_reason=None,
            result=None,
            audit_head=None,
        )
        if rules is not None:
            row.set(fact.seq, rules=rules)
        else:
            self.underived.append(motion_id)
        members = self._frozen(data["weights"], data["electorate"])
        self.motions[motion_id] = MotionRecord(motion_id, row, dict(data["payload"]), members)

    def _frozen(self, weights: Mapping[str, str], electorate: list[str]) -> list[tuple[Any, ...]]:
        """The register now as a motion with these weights and this electorate freezes it, each
        row less its motion id: the rows of the motion opened before when neither the register
        nor these changed since (as motion after motion opens on the same register)."""
        changes = self._register.changes
        last = self._last_frozen
        if last is not None and last[0] == changes and last[1] == weights and last[2] == electorate:
            return last[3]
        eligible = set(electorate)
        texts = self._weight_texts
        frozen: list[tuple[Any, ...]] = []
        append = frozen.append
        for position, (member_id, membership) in enumerate(self._register.snapshot()):
            weight = None
            if member_id in weights:
                weight = weights[member_id]
                text = texts.get(weight)
                if text is None:
                    text = texts[weight] = format_rational(exact(weight))
                weight = text
            append((member_id, position, weight, member_id in eligible, *membership.frozen()))
        self._last_frozen = (changes, weights, electorate, frozen)
        return frozen

    def shown(self, fact: Fact, has_shown_at: bool) -> None:
        record = self.motions.get(int(fact.data["motion_id"]))
        if record is None:
            return
        record.row.set(fact.seq, closes_at=instant(fact.data["closes_at"]))
        if has_shown_at:
            record.row.set(fact.seq, shown_at=instant(fact.data["shown_at"]))

    def withdrawn(self, fact: Fact) -> None:
        record = self.motions.get(int(fact.data["motion_id"]))
        if record is not None:
            record.row.set(fact.seq, state=MotionState.WITHDRAWN.value, closed_at=fact.at)

    def closed(self, fact: Fact) -> None:
        record = self.motions.get(int(fact.data["motion_id"]))
        if record is None:
            return
        result = fact.data["result"]
        record.row.set(
            fact.seq,
            state=MotionState(result["outcome"]).value,
            closed_at=fact.at,
            close_reason=fact.data["reason"],
            result=result,
            audit_head=fact.entry_hash,
        )

    def effect(self, fact: Fact) -> None:
        """A carried motion's effect: the close's last entry; fees and rules recorded here."""
        motion_id = int(fact.data["motion_id"])
        effect = fact.data.get("effect") or {}
        record = self.motions.get(motion_id)
        if record is not None:
            record.row.set(fact.seq, audit_head=fact.entry_hash)
        if "fee" in effect:
            basis = record.payload.get("basis", {}) if record else {}
            self.fees[motion_id] = _row(
                fact,
                product_category=effect["fee"],
                royalty=effect["royalty"],
                effective_date=date.fromisoformat(effect["effective_date"]),
                basis={k: str(v) for k, v in basis.items()},
                recorded_at=fact.at,
            )
        if "distribution_rule" in effect:
            self.distributions[motion_id] = _row(
                fact,
                rule=effect["distribution_rule"],
                effective_date=date.fromisoformat(effect["effective_date"]),
                recorded_at=fact.at,
            )

    def payload(self, motion_id: int) -> dict[str, Any] | None:
        record = self.motions.get(motion_id)
        return record.payload if record else None


def _row(fact: Fact, **values: Any) -> Expected:
    row = Expected(fact.seq)
    row.set(fact.seq, **values)
    return row


def charter_rules(
    parse: Callable[[str], Any] | None, texts: Mapping[int, str], hashes: Mapping[int, str]
) -> RulesOf:
    """Rules read from a charter version's text, trusted only when its hash is the chain's."""
    cache: dict[int, Any] = {}

    def rules_of(version: int, kind: str) -> dict[str, Any] | None:
        text = texts.get(version)
        if parse is None or text is None or hashes.get(version) != text_hash(text):
            return None
        if version not in cache:
            try:
                cache[version] = parse(text)
            except Exception:
                cache[version] = None
        charter = cache[version]
        return None if charter is None else rules_to_dict(charter.rules_for(MotionKind(kind)))

    return rules_of


def admission_figures(payload: Mapping[str, Any] | None) -> dict[str, Any]:
    """An older admission's patents and contribution, from the motion's payload."""
    payload = payload or {}
    return {
        "patents": int(payload.get("patents", 0)),
        "contribution": str(payload.get("contribution", "0")),
    }
