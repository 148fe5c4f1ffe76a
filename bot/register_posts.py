"""The governance channel's announcement of a register change: each field, old → new, who, why.

One announcement per change (``/pool member``, ``poolgov register update``) or per file
(``poolgov register import``), queued in the outbox under ``register:<audit seq>`` so a retried
send never posts it twice; the running bot's sweep sends what the command line queued.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.i18n import _, t, tn
from bot.slack.mrkdwn import Mrkdwn, clip, context, lines, mention, plain, section
from governance.events import MemberUpdated
from governance.ports import UnitOfWork
from governance.services import notices

#: members listed in one announcement; an import of more says how many others changed
SHOWN = 40
SECTION_CHARS = 2_900


def field_label(name: str) -> str:
    labels = {
        "name": _("name"),
        "patents": _("patents in force"),
        "contribution": _("contribution"),
        "representatives": _("representatives"),
    }
    return labels.get(name, name)


def change_line(event: MemberUpdated) -> Mrkdwn:
    """``• *Acme Corp* (acme): patents in force 120 → 100; name …``."""
    parts = [
        t(
            "{field} {old} → {new}",
            field=field_label(name),
            old=_value(name, old),
            new=_value(name, new),
        )
        for name, (old, new) in event.diff.items()
    ]
    return t(
        "• *{name}* (`{member}`): {changes}",
        name=event.name,
        member=event.member_id,
        changes=plain("; ").join(parts),
    )


def lapsed_line(member_id: str, holder: str) -> Mrkdwn:
    """A proxy the change ended because its holder lost the seat that let them hold it."""
    return t(
        "• The proxy of `{member}` held by {holder} lapsed: the holder no longer holds the seat "
        "that let them hold it.",
        member=member_id,
        holder=mention(holder),
    )


def _value(field: str, shown: str) -> Mrkdwn:
    """A value as the chain records it; representatives as mentions built from their ids."""
    if not shown:
        return plain("—")
    if field == "representatives":
        return plain(", ").join(mention(user) for user in shown.split(", "))
    return plain(shown)


def announcement(events: Sequence[MemberUpdated]) -> tuple[str, list[dict[str, Any]]]:
    """The text and blocks for the changes that changed something (``events`` not empty)."""
    changed = [e for e in events if e.changes]
    by = changed[0].updated_by
    reason = changed[0].reason
    head = tn(
        "The register changed for {n} member, by {who}:",
        "The register changed for {n} members, by {who}:",
        len(changed),
        n=len(changed),
        who=mention(by),
    )
    shown = [change_line(e) for e in changed[:SHOWN]]
    if len(changed) > SHOWN:
        more = len(changed) - SHOWN
        shown.append(tn("…and {n} more member.", "…and {n} more members.", more, n=more))
    blocks = [section(head), *_sections(shown)]
    ended = [pair for e in changed for pair in e.lapsed]
    if ended:
        blocks += _sections([lapsed_line(member, holder) for member, holder in ended])
    if reason:
        blocks.append(context(t("Reason: {reason}", reason=reason)))
    blocks.append(context(t("Motions already open keep the weights they froze when they opened.")))
    return _("The register changed"), blocks


def _sections(shown: list[Mrkdwn]) -> list[dict[str, Any]]:
    """The lines in as few sections as fit (a section holds at most 3,000 characters)."""
    groups: list[list[Mrkdwn]] = [[]]
    size = 0
    for line in shown:
        line = clip(line, SECTION_CHARS)
        if groups[-1] and size + len(line) + 1 > SECTION_CHARS:
            groups.append([])
            size = 0
        groups[-1].append(line)
        size += len(line) + 1
    return [section(lines(group)) for group in groups if group]


def announce(
    uow: UnitOfWork, channel: str, events: Sequence[MemberUpdated], now: datetime
) -> str | None:
    """Queue the announcement of ``events`` (if any changed something); its outbox key."""
    changed = [e for e in events if e.changes and e.audit_seq is not None]
    if not changed:
        return None
    text, blocks = announcement(changed)
    key = f"register:{changed[0].audit_seq}"
    notices.enqueue(uow, key, channel, now, {"text": text, "blocks": blocks})
    return key
