"""``/pool motion ID``, ``/pool decisions [--kind K] [PAGE]``, ``/pool distribution`` and
``/pool charter [PAGE]``: what the pool has decided and what is in force.

Every list is split into pages that each fit one Slack message (50 blocks, sections of at most
3,000 characters, about 12,000 characters in all); a page says which it is and how to get the
next one, so nothing is cut off unseen."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.i18n import _, t
from bot.runtime import Runtime
from bot.slack import follow_ups, pool_blocks
from bot.slack.arguments import echo
from bot.slack.mrkdwn import (
    Mrkdwn,
    channel,
    code,
    context,
    date_token,
    header,
    md,
    mention,
    plain,
    section,
)
from bot.slack.replies import Refusal
from bot.slack.roll_call_blocks import sections_of
from bot.slack.wording import KIND_LABELS, competition_notice, percent, rule_sentence
from governance.charter import Charter, MotionKind
from governance.kinds import DistributionChange, FeeChange
from governance.motion import Motion, MotionState
from governance.ports import DistributionRule
from governance.quantities import format_duration, format_rational
from governance.services import actions as follow_up_service
from governance.services import queries

Block = dict[str, Any]
TOPICS = ("motion", "decisions", "distribution", "charter")
PAGE_BLOCKS = 45  # of a message's 50: room for the header and the pager
PAGE_CHARS = 11_000  # of a message's ~13,000 counted as JSON


def paged(
    head: Sequence[Block],
    rows: Sequence[Mrkdwn],
    page: int,
    next_command: str,
    lead: Sequence[Block] = (),
) -> list[Block]:
    """``head`` then page ``page`` (from 1; past the last shows the last) of ``lead`` blocks
    followed by ``rows`` packed into sections."""
    pages: list[list[Block]] = [[]]
    size = 0
    for block in [*lead, *sections_of(rows)]:
        cost = len(json.dumps(block, ensure_ascii=False))
        if pages[-1] and (len(pages[-1]) >= PAGE_BLOCKS - len(head) or size + cost > PAGE_CHARS):
            pages.append([])
            size = 0
        pages[-1].append(block)
        size += cost
    page = min(max(page, 1), len(pages))
    blocks = [*head, *pages[page - 1]]
    if len(pages) > 1:
        pager = t("Page {page} of {pages}.", page=page, pages=len(pages))
        if page < len(pages):
            pager += md(" ") + t(
                "Next: {command}", command=code(f"{next_command} {page + 1}".strip())
            )
        blocks.append(context(pager))
    return blocks


def page_number(text: str, usage: Mrkdwn) -> int:
    text = text.strip()
    if not text:
        return 1
    if not (text.isascii() and text.isdigit() and len(text) <= 6):
        raise Refusal(usage)
    return int(text)


def state_word(state: MotionState) -> str:
    return {
        MotionState.OPEN: _("open"),
        MotionState.CARRIED: _("carried"),
        MotionState.FAILED: _("failed"),
        MotionState.NO_QUORUM: _("no quorum"),
        MotionState.WITHDRAWN: _("withdrawn"),
    }[state]


def effective_date(motion: Motion) -> date | None:
    payload = motion.payload
    if isinstance(payload, FeeChange | DistributionChange):
        return payload.effective_date
    return motion.closed_at.date() if motion.closed_at else None


def motion_blocks(rt: Runtime, motion_id: str) -> list[Block]:
    view = queries.get_motion(rt.reader(), motion_id)
    motion = view.motion
    names = queries.member_names(rt.reader())
    recused = [names.get(m, m) for m in motion.electorate.recused]
    said = [
        t("*Kind*: {kind}", kind=KIND_LABELS[motion.kind]),
        t("*State*: {state}", state=state_word(motion.state)),
        md("*{}*: ", _("Rule")) + rule_sentence(motion.rules, recused),
        t(
            "*Opened* {opened} · *voting closes* {closes}",
            opened=date_token(motion.opened_at),
            closes=date_token(motion.closes_at),
        ),
    ]
    result = view.result
    if result is None:
        said.append(
            t(
                "*Turnout*: {voted} of {eligible} members have voted.",
                voted=view.turnout,
                eligible=len(motion.electorate.members),
            )
        )
    else:
        said.append(
            t(
                "*Result*: yes {yes}, no {no}, abstain {abstain} of the eligible weight; "
                "quorum {quorum}.",
                yes=percent(result.totals.yes),
                no=percent(result.totals.no),
                abstain=percent(result.totals.abstain),
                quorum=_("met") if result.quorum_met else _("not met"),
            )
        )
    if recused:
        said.append(t("*Recused*: {members}", members=", ".join(recused)))
    if motion.closed_at is not None and motion.state is MotionState.CARRIED:
        when = effective_date(motion)
        if when is not None:
            said.append(t("*In effect from* {date}", date=when.isoformat()))
    own = follow_up_service.actions_of_motion(rt.reader(), motion.id)
    actions = _actions(rt, motion.id)
    if own or actions:
        said.append(md("*{}*", _("Follow-up actions")))
        said += [md("• ") + follow_ups.action_line(rt, a, rt.clock()) for a in own]
        said += [md("• {} ({}, {})", a.description, a.owner or "-", a.due or "-") for a in actions]
    text = [plain(motion.text)] if motion.text.strip() else []
    head = [header(_("Motion {id}: {title}").format(id=motion.id, title=motion.title)[:150])]
    return paged(head, [*said, *text], 1, f"/pool motion {motion.id}")


def _actions(rt: Runtime, motion_id: str) -> list[Any]:
    from bot.minutes_export import follow_up_actions  # any other reader's actions

    uow: Any = rt.reader()
    with uow:
        return follow_up_actions(uow.session, "", [motion_id])


@dataclass(frozen=True)
class Decision:
    motion: Motion
    effective: date | None


def decisions(rt: Runtime, kind: MotionKind | None) -> list[Decision]:
    with rt.reader() as uow:
        carried = [s.motion for s in uow.motions.in_state(MotionState.CARRIED)]
    if kind is not None:
        carried = [m for m in carried if m.kind is kind]
    carried.sort(key=lambda m: (m.closed_at or m.opened_at, int(m.id)), reverse=True)
    return [Decision(m, effective_date(m)) for m in carried]


def decisions_blocks(rt: Runtime, rest: str) -> list[Block]:
    usage = t(
        "Use `/pool decisions [--kind KIND] [PAGE]`, e.g. `/pool decisions --kind fee_change`."
    )
    words = rest.split()
    kind: MotionKind | None = None
    if words and words[0] == "--kind":
        if len(words) < 2:
            raise Refusal(usage)
        try:
            kind = MotionKind(words[1].lower())
        except ValueError:
            kinds = ", ".join(k.value for k in MotionKind)
            raise Refusal(
                t(
                    "`{kind}` is not a kind of motion. Use one of: {kinds}.",
                    kind=echo(words[1]),
                    kinds=kinds,
                )
            ) from None
        words = words[2:]
    page = page_number(" ".join(words), usage)
    rows = [
        t(
            "• *{id}* {title} — {kind}; carried {closed}, in effect from {effective}",
            id=d.motion.id,
            title=d.motion.title,
            kind=KIND_LABELS[d.motion.kind],
            closed=date_token(d.motion.closed_at, "{date_short}") if d.motion.closed_at else "-",
            effective=d.effective.isoformat() if d.effective else "-",
        )
        for d in decisions(rt, kind)
    ]
    title = _("Resolutions of the pool")
    if kind is not None:
        title = _("Resolutions of the pool: {kind}").format(kind=KIND_LABELS[kind])
    command = "/pool decisions" + (f" --kind {kind.value}" if kind else "")
    return paged([header(title[:150])], rows or [t("_No motion has carried yet._")], page, command)


def distribution_in_force(
    rules: Sequence[DistributionRule], today: date
) -> DistributionRule | None:
    due = [r for r in rules if r.effective_date <= today]
    return max(due, key=lambda r: (r.effective_date, r.recorded_at), default=None)


def distribution_blocks(rt: Runtime) -> list[Block]:
    rules = queries.distribution_rules(rt.reader())
    today = rt.clock().date()
    current = distribution_in_force(rules, today)
    blocks = [header(_("Revenue distribution"))]
    if current is None:
        blocks.append(
            section(
                t("_No distribution rule has been set by motion yet; the charter's weights apply._")
            )
        )
    else:
        blocks.append(
            section(
                t(
                    "*In force* from {date}, set by motion {motion}:\n{rule}",
                    date=current.effective_date.isoformat(),
                    motion=current.motion_id,
                    rule=current.rule,
                )
            )
        )
    later = sorted((r for r in rules if r.effective_date > today), key=lambda r: r.effective_date)
    rows = [
        t(
            "• From {date} (motion {motion}): {rule}",
            date=r.effective_date.isoformat(),
            motion=r.motion_id,
            rule=r.rule,
        )
        for r in later
    ]
    if rows:
        blocks.append(section(md("*{}*", _("Decided, not yet in force"))))
    return paged(blocks, rows, 1, "/pool distribution") if rows else blocks


def charter_rows(charter: Charter, version: int, installed_by: str | None) -> list[Mrkdwn]:
    """The sections beyond the voting rules, one row each."""
    how = (
        t("installed by motion {motion}", motion=installed_by)
        if installed_by
        else t("the founding charter")
    )
    rows = [t("*Charter version* {version}, {how}.", version=version, how=how)]
    rows.append(
        t(
            "*Operator*: {name} ({users})",
            name=charter.operator.name,
            users=md(", ").join(mention(u) for u in charter.operator.users) or "-",
        )
    )
    supervisors = charter.supervisors
    rows.append(
        t(
            "*Supervisors*: {users}; their channel {channel}",
            users=md(", ").join(mention(u) for u in supervisors.users) or "-",
            channel=channel(supervisors.channel) if supervisors.channel else "-",
        )
    )
    w = charter.weights
    rows.append(
        t(
            "*Weights* by {basis}: base {base}, {per_unit} per unit, cap {cap}",
            basis=w.basis.value,
            base=format_rational(w.base),
            per_unit=format_rational(w.per_unit),
            cap=format_rational(w.cap) if w.cap is not None else "-",
        )
    )
    for m in charter.meetings:
        rows.append(
            t(
                "*Meeting* {title} ({id}): {rrule}, {duration} in {channel}; quorum {quorum}; "
                "agenda closes {closes} before; check-in grace {grace}; minutes reviewed for "
                "{review}",
                title=m.title,
                id=m.id,
                rrule=m.rrule,
                duration=format_duration(m.duration),
                channel=channel(m.channel),
                quorum=format_rational(m.quorum),
                closes=format_duration(m.agenda_closes),
                grace=format_duration(m.check_in_grace),
                review=format_duration(m.minutes_review),
            )
        )
    c = charter.complaints
    rows.append(
        t(
            "*Complaints*: acknowledged within {ack}, answered within {respond}; anonymous "
            "filing {anonymous}",
            ack=format_duration(c.acknowledge_within),
            respond=format_duration(c.respond_within),
            anonymous=_("allowed") if c.anonymous else _("not allowed"),
        )
    )
    for fee in getattr(charter, "fees", ()):
        rows.append(
            t(
                "*Opening fee* {category}: {royalty} from {date}",
                category=fee.product_category,
                royalty=fee.royalty,
                date=fee.effective_date.isoformat(),
            )
        )
    for extra in CHARTER_SECTIONS:
        rows += extra(charter)
    notice = competition_notice(charter.competition_notice)
    rows.append(md("*{}*: ", _("Competition-law notice")) + plain(notice))
    return rows


#: More charter sections for ``/pool charter`` (e.g. ``proxies``): each gives its rows, shown
#: before the competition-law notice. A feature with a section of its own appends its function.
CHARTER_SECTIONS: list[Callable[[Charter], list[Mrkdwn]]] = []


def charter_blocks(rt: Runtime, rest: str) -> list[Block]:
    page = page_number(rest, t("Say which page of the charter: `/pool charter 2`."))
    in_force = queries.charter_in_force(rt.reader(), rt.parse)
    signer = rt.signer
    signing = (
        pool_blocks.SigningKeyRow(signer.key_id, signer.fingerprint, signer.public_key_pem)
        if signer
        else None
    )
    rules = pool_blocks.charter_blocks(in_force.charter, in_force.record.version, signing)
    more = charter_rows(
        in_force.charter, in_force.record.version, in_force.record.carried_by_motion
    )
    return paged(rules[:1], more, page, "/pool charter", lead=rules[1:])


def answer(rt: Runtime, topic: str, rest: str) -> list[Block]:
    if topic == "motion":
        words = rest.split()
        if not words or not (words[0].isascii() and words[0].isdigit() and len(words[0]) <= 9):
            raise Refusal(t("Say which motion: `/pool motion 12`."))
        return motion_blocks(rt, str(int(words[0])))
    if topic == "decisions":
        return decisions_blocks(rt, rest)
    if topic == "distribution":
        return distribution_blocks(rt)
    return charter_blocks(rt, rest)
