"""Who can be "you" in the sandbox, and which conversations each person sees, from the charter.

The charter names people only by Slack user id; the sandbox gives each a readable name (a first
name and their company) so the page and the bot's mentions read like a workspace.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.sandbox.fake_state import FakeUser, dm_channel_id
from governance.charter import Charter

FIRST_NAMES = [
    "Ada",
    "Ben",
    "Chen",
    "Dana",
    "Elif",
    "Femi",
    "Gus",
    "Hana",
    "Ivo",
    "Jun",
    "Kai",
    "Lena",
    "Mia",
    "Nico",
    "Omar",
    "Pia",
    "Quin",
    "Rosa",
    "Sami",
    "Tara",
    "Uma",
    "Vik",
    "Wen",
    "Xia",
    "Yuki",
    "Zoe",
]

#: People outside the pool at first: applicants an admission motion can name as representatives.
GUESTS = (("U0NEWCO1", "Nia Newco"), ("U0NEWCO2", "Noel Newco"))

OPERATOR, MEMBER, SUPERVISOR, GUEST = "operator", "member", "supervisor", "guest"


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: str  # OPERATOR, MEMBER, SUPERVISOR or GUEST
    group: str  # what the picker files them under: the operator's or a member's name, …


@dataclass(frozen=True)
class Conversation:
    id: str
    name: str
    kind: str  # "channel", "private" or "dm"
    members: frozenset[str] | None = None  # None: everyone in the workspace


def channel_name(channel_id: str) -> str:
    """``C0GENERAL`` → ``general``: the sandbox names channels after their ids."""
    return re.sub(r"^[CG]0?", "", channel_id).lower().replace("_", "-") or channel_id.lower()


def _short(company: str) -> str:
    word = re.split(r"[\s,.]+", company.strip())[0]
    return word or company


def people_of(charter: Charter, names: dict[str, str]) -> list[Person]:
    """Everyone the charter names, operator first, then members by name, supervisors, guests.

    ``names`` keeps the names already given (a person keeps theirs as the register changes) and
    receives the new ones.
    """
    found: list[Person] = []
    taken = set(names.values())

    def name_for(user: str, family: str) -> str:
        if user not in names:
            index = len(names)
            first = FIRST_NAMES[index % len(FIRST_NAMES)]
            name = f"{first} {family}"
            while name in taken:
                index += 1
                name = f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {family}"
            names[user] = name
            taken.add(name)
        return names[user]

    seen: set[str] = set()
    operator = charter.operator.name
    for user in charter.operator.users:
        found.append(Person(user, name_for(user, _short(operator)), OPERATOR, operator))
        seen.add(user)
    for member in sorted(charter.members, key=lambda m: m.name.lower()):
        for user in member.representatives:
            if user not in seen:
                person = Person(user, name_for(user, _short(member.name)), MEMBER, member.name)
                found.append(person)
                seen.add(user)
    for user in charter.supervisors.users:
        if user not in seen:
            found.append(Person(user, name_for(user, "Supervisor"), SUPERVISOR, "Supervisors"))
            seen.add(user)
    for user, name in GUESTS:
        if user not in seen:
            names.setdefault(user, name)
            found.append(Person(user, names[user], GUEST, "Not yet in the pool"))
    return found


def fake_users(people: Iterable[Person]) -> list[FakeUser]:
    return [
        FakeUser(p.id, real_name=p.name, name=p.name.split()[0].lower(), tz="UTC") for p in people
    ]


def conversations_of(charter: Charter, governance_channel: str) -> list[Conversation]:
    """The governance channel, the channels the charter names (supervisors' is private)."""
    found = [Conversation(governance_channel, channel_name(governance_channel), "channel")]
    supervisors = charter.supervisors.channel
    for meeting in charter.meetings:
        if meeting.channel not in {c.id for c in found}:
            found.append(Conversation(meeting.channel, channel_name(meeting.channel), "channel"))
    if supervisors and supervisors not in {c.id for c in found}:
        allowed = frozenset(charter.supervisors.users)
        found.append(Conversation(supervisors, channel_name(supervisors), "private", allowed))
    return found


def visible_to(user: str, conversations: Iterable[Conversation]) -> list[Conversation]:
    """What ``user`` sees: the open channels, private ones they belong to, and their DM."""
    shown = [c for c in conversations if c.members is None or user in c.members]
    return [*shown, Conversation(dm_channel_id([user]), "poolgov", "dm", frozenset({user}))]
