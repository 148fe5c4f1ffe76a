"""Follow-up actions as their ``action_created`` and ``action_done`` entries say."""

from __future__ import annotations

from storage.record.fact import Fact, instant, number
from storage.record.findings import Expected


class ActionReplay:
    def __init__(self) -> None:
        self.actions: dict[int, Expected] = {}

    def created(self, fact: Fact) -> None:
        data = fact.data
        self.actions[int(data["action_id"])] = Expected.of(
            fact.seq,
            source=str(data["source"]),
            motion_id=number(data.get("motion_id")),
            slot=data.get("slot"),
            occurrence_key=data.get("occurrence_key"),
            template_key=data.get("template_key"),
            description=str(data["description"]),
            owner=str(data["owner"]),
            due_at=instant(data["due_at"]),
            created_at=fact.at,
            created_by=str(data["by"]),
            status="open",
            done_at=None,
            done_by=None,
            note=None,
            audit_seq=fact.seq,
        )

    def done(self, fact: Fact) -> None:
        data = fact.data
        row = self.actions[int(data["action_id"])]
        row.set(
            fact.seq,
            status="done",
            done_at=fact.at,
            done_by=str(data["by"]),
            note=str(data["note"]),
            audit_seq=fact.seq,
        )
