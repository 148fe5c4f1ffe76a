"""Block Kit and words for proxies: the motion message's proxy row, receipts, ``/proxy``.

Pure functions of governance values. The proxy row is a second row of buttons under a motion's
ballot buttons, shown only while the charter allows proxies; the ballot buttons themselves stay
as they are. Every word goes through :mod:`bot.i18n`; names are escaped, users mentioned by id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import _, t
from bot.slack.mrkdwn import Block, Mrkdwn, context, lines, md, mention, plain_text, section
from governance.proxies import (
    Proxy,
)
from governance.tally import Choice

PROXY_ACTIONS = {
    Choice.YES: "proxy_yes",
    Choice.NO: "proxy_no",
    Choice.ABSTAIN: "proxy_abstain",
}


def choice_word(choice: Choice | str) -> str:
    value = choice.value if isinstance(choice, Choice) else choice
    return {"yes": _("yes"), "no": _("no"), "abstain": _("abstain")}.get(value, value)


def proxy_row(motion_id: str) -> Block:
    """The second row of a motion's message: a proxy's holder votes for the member it holds."""
    labels = {
        Choice.YES: _("Yes as proxy"),
        Choice.NO: _("No as proxy"),
        Choice.ABSTAIN: _("Abstain as proxy"),
    }
    return {
        "type": "actions",
        "block_id": f"proxy:{motion_id}",
        "elements": [
            {
                "type": "button",
                "action_id": PROXY_ACTIONS[choice],
                "text": plain_text(labels[choice]),
                "value": motion_id,
            }
            for choice in Choice
        ],
    }


def chooser_blocks(
    motion_id: str, choice: Choice, held: Sequence[Proxy], names: Mapping[str, str]
) -> list[Block]:
    """Asked of a holder of several proxies on the motion: for which member is this vote?"""
    blocks: list[Block] = [
        section(
            t(
                "You hold proxies for several members on motion {motion}. For which one do you "
                "vote *{choice}*?",
                motion=motion_id,
                choice=choice_word(choice),
            )
        )
    ]
    blocks.append(
        {
            "type": "actions",
            "block_id": f"proxy_for:{motion_id}",
            "elements": [
                {
                    "type": "button",
                    "action_id": PROXY_ACTIONS[choice],
                    "text": plain_text(names.get(p.member_id, p.member_id)),
                    "value": f"{motion_id}:{p.member_id}",
                }
                for p in held[:25]
            ],
        }
    )
    return blocks


def proxy_receipt(
    motion_id: str, member: str, holder: str, choice: Choice, receipt: str, secret: bool
) -> Mrkdwn:
    """The holder's receipt, also sent to the member's own representatives."""
    line = t(
        "Cast by proxy by {holder} for {member}: *{choice}* on motion {motion}. "
        "Receipt `{receipt}` (find it in the pool's audit chain).",
        holder=mention(holder),
        member=member,
        choice=choice_word(choice),
        motion=motion_id,
        receipt=receipt,
    )
    if secret:
        line = md("{} {}", line, t("This is a secret ballot: only the totals will be shown."))
    return line


def scope_words(proxy: Proxy, zone: ZoneInfo) -> Mrkdwn:
    if proxy.motion_id is not None:
        scope = t("for motion {motion}", motion=proxy.motion_id)
    else:
        assert proxy.until is not None  # noqa: S101 (a proxy is for a motion or until a date)
        last = (proxy.until.astimezone(zone) - timedelta(seconds=1)).date()
        scope = t("until the end of {date}", date=last.isoformat())
    if proxy.instruction is not None:
        scope = md(
            "{}{}",
            scope,
            t(
                ", instructed *{choice}* on motion {motion}",
                choice=choice_word(proxy.instruction.choice),
                motion=proxy.instruction.motion_id,
            ),
        )
    return scope


def given_text(proxy: Proxy, member: str, zone: ZoneInfo) -> Mrkdwn:
    return t(
        "{member}'s proxy is given to {holder}, {scope}. Revoke it with `/proxy revoke` "
        "until the holder has voted with it.",
        member=member,
        holder=mention(proxy.holder),
        scope=scope_words(proxy, zone),
    )


def revoked_text(proxy: Proxy, member: str) -> Mrkdwn:
    return t(
        "{member}'s proxy with {holder} is revoked.", member=member, holder=mention(proxy.holder)
    )


def holder_told(proxy: Proxy, member: str, zone: ZoneInfo) -> Mrkdwn:
    return t(
        "{giver} gave you {member}'s proxy, {scope}. Vote for {member} with the "
        "*as proxy* buttons on the motion's message.",
        giver=mention(proxy.given_by),
        member=member,
        scope=scope_words(proxy, zone),
    )


def listing_blocks(
    given: Sequence[Proxy], held: Sequence[Proxy], names: Mapping[str, str], zone: ZoneInfo
) -> list[Block]:
    said: list[str] = [t("*Proxies*")]
    if given:
        for proxy in given:
            said.append(
                t(
                    "• Given: {member} → {holder}, {scope}",
                    member=names.get(proxy.member_id, proxy.member_id),
                    holder=mention(proxy.holder),
                    scope=scope_words(proxy, zone),
                )
            )
    else:
        said.append(t("• Your member has given no proxy."))
    if held:
        for proxy in held:
            said.append(
                t(
                    "• Held: you vote for {member}, {scope}",
                    member=names.get(proxy.member_id, proxy.member_id),
                    scope=scope_words(proxy, zone),
                )
            )
    else:
        said.append(t("• You hold no proxy."))
    return [
        section(lines(said)),
        context(
            t(
                "`/proxy give @user for MOTION [yes|no|abstain]` · "
                "`/proxy give @user until YYYY-MM-DD [yes|no|abstain on MOTION]` · "
                "`/proxy revoke`"
            )
        ),
    ]


def help_blocks(allowed: bool) -> list[Block]:
    """The proxies' line of ``/pool help``, saying so when the charter allows none."""
    line = t(
        "*`/proxy`* your member's proxies · *`/proxy give @user for MOTION`* or "
        "*`until YYYY-MM-DD`* let someone vote for your member · *`/proxy revoke`* take it back "
        "(representatives)"
    )
    if not allowed:
        line += md(" · ") + t("the charter does not allow proxies")
    return [section(line)]


def usage() -> Mrkdwn:
    return t(
        "Use `/proxy` to list proxies, `/proxy give @user for MOTION [yes|no|abstain]`, "
        "`/proxy give @user until YYYY-MM-DD [yes|no|abstain on MOTION]` or `/proxy revoke`."
    )


def end_of_day(day_text: str, zone: ZoneInfo) -> datetime | None:
    """``YYYY-MM-DD`` as the instant its day ends in the pool's time zone."""
    from datetime import date

    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        return None
    if len(day_text) != 10:
        return None
    return datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=zone)


def by_proxy_check_in(said: Mrkdwn) -> Mrkdwn:
    """A check-in answer for a member checked in by its proxy's holder."""
    return md("{} {}", said, t("(checked in by proxy, which counts towards the quorum)"))


def by_proxy_names(names: Mapping[str, str], proxies: Iterable[str]) -> dict[str, str]:
    """The roll call's names, each member whose counted ballot a proxy cast marked so."""
    marked = dict(names)
    for member_id in proxies:
        marked[member_id] = _("{member} (by proxy)").format(member=names.get(member_id, member_id))
    return marked
