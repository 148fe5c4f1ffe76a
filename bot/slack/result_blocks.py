"""Block Kit for a declared result, written so that a member can check it by reading.

The message shows the outcome; each test's figure next to the share the charter asks for (the
weight test on the charter's own base, the quorum by weight and by head count, the member test);
the rule in plain words; when the motion closed and whether it closed early because everyone had
voted; the roll call unless the ballot is secret; and the audit chain head published with it,
with its entry number, the key id and the signature (:mod:`bot.slack.witness_blocks`).

Counting stays in :mod:`governance.tally`: this module only formats the exact figures it returned.
The roll call is split across sections at line boundaries (a section holds 3000 characters) and is
never cut: if it cannot fit in the message at all (50 blocks, about 13,000 characters of blocks),
the message says how many members voted and that the roll call follows in its thread, in parts
that each fit (:mod:`bot.slack.roll_call_blocks`), and is in the pool's export.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from bot.i18n import N_, _, local, t, tn
from bot.i18n.speech import filled
from bot.slack.motion_blocks import Message, header_blocks
from bot.slack.mrkdwn import SECTION_LIMIT, Block, Mrkdwn, lines, md, section
from bot.slack.proxy_blocks import by_proxy_names
from bot.slack.roll_call_blocks import MESSAGE_BLOCKS, MESSAGE_CHARS, fits, roll_call_parts

__all__ = ["MESSAGE_BLOCKS", "MESSAGE_CHARS", "SECTION_LIMIT", "Block", "result_message"]
from bot.slack.witness_blocks import result_head_block
from bot.slack.wording import (
    date_token,
    kind_label,
    percent,
    percents_apart,
    roll_call_lines,
    rule_sentence,
    state_words,
)
from governance.charter import RECUSE_SUBJECT, MotionRules, ThresholdOf, ThresholdRule
from governance.kinds import Admission, DistributionChange, Expulsion, FeeChange, Withdrawal
from governance.motion import CloseReason, Motion, MotionState
from governance.tally import Tally
from storage.audit.signing import SignedHead


def outcome_words(state: MotionState) -> Mrkdwn:
    """The declared outcome, in the language being spoken."""
    if state is MotionState.CARRIED:
        return t(":white_check_mark: *Carried*")
    if state is MotionState.FAILED:
        return t(":x: *Failed*")
    if state is MotionState.NO_QUORUM:
        return t(":warning: *No quorum*: the motion is not adopted")
    return t(":leftwards_arrow_with_hook: *Withdrawn* by the operator")


#: each base a threshold is of, as the figure names it and as it reads when nothing is on it
_BASES = {
    ThresholdOf.CAST: (N_("of votes cast"), N_("no yes or no votes were cast")),
    ThresholdOf.PRESENT: (N_("of votes cast including abstentions"), N_("no votes were cast")),
    ThresholdOf.ELIGIBLE: (N_("of all eligible weight"), N_("no weight is eligible")),
}


def _base_words(of: ThresholdOf) -> str:
    return _(_BASES.get(of, _BASES[ThresholdOf.ELIGIBLE])[0])


def _empty_base(of: ThresholdOf) -> str:
    return _(_BASES.get(of, _BASES[ThresholdOf.ELIGIBLE])[1])


def result_message(
    motion: Motion,
    tally: Tally | None,
    names: Mapping[str, str],
    audit_head: str,
    close_reason: str | None = None,
    signed: SignedHead | None = None,
) -> Message:
    """The declared result; ``names`` are the members' names as frozen at opening.

    ``signed`` is the signature of ``audit_head`` (``None`` when no key signs heads).
    """
    return result_and_thread(motion, tally, names, audit_head, close_reason, signed)[0]


def result_and_thread(
    motion: Motion,
    tally: Tally | None,
    names: Mapping[str, str],
    audit_head: str,
    close_reason: str | None = None,
    signed: SignedHead | None = None,
    proxies: Collection[str] = (),
) -> tuple[Message, list[Message]]:
    """The result message, and the replies that hold its roll call when the message cannot
    (none when it can, when the ballot is secret, or when nobody voted). ``proxies`` are the
    members whose counted ballot was cast by proxy: the roll call marks them."""
    blocks = header_blocks(motion)
    blocks.append(section(outcome_words(motion.state)))
    if tally is not None:
        blocks.append(section(lines(figure_lines(motion.rules, tally))))
        blocks.append(section(lines([totals_line(tally), members_line(tally)])))
        recused = [local(names.get(m, m)) for m in tally.recused]
        blocks.append(section(t("*Rule* {rule}", rule=rule_sentence(motion.rules, recused))))
        if tally.recusal_reasons:
            blocks.append(section(recusal_lines(tally, names)))
    closed = closed_line(motion, close_reason)
    if closed:
        blocks.append(section(closed))
    tail = [result_head_block(audit_head, signed)]
    thread: list[Message] = []
    if tally is not None and tally.choices and not motion.rules.secret:
        choices = {member: choice.value for member, choice in tally.choices.items()}
        shown_names = by_proxy_names(names, proxies) if proxies else names
        rows = roll_call_lines(choices, declared_names(tally, shown_names))
        sections = roll_call_sections(rows)
        if sections is not None and fits([*blocks, *sections, *tail]):
            blocks.extend(sections)
        else:
            thread = roll_call_parts(motion.id, rows)
            blocks.append(_pointer(motion.id, len(rows), len(thread)))
    blocks.extend(tail)
    text = t(
        "Motion {motion} {state}: {title}",
        motion=motion.id,
        state=state_words(motion.state),
        title=motion.title,
    )
    return (text, blocks), thread


def declared_names(tally: Tally, names: Mapping[str, str]) -> Mapping[str, str]:
    """The roll call's names, each voter that declared a conflict with the declaration beside it
    (a recused member casts no counted ballot, and is named with its reason above)."""
    if not tally.declarations:
        return names
    shown = dict(names)
    for member, reason in tally.declarations.items():
        if member in tally.choices:
            shown[member] = _("{member} (declared conflict of interest: {reason})").format(
                member=names.get(member, member), reason=reason
            )
    return shown


#: a recused member's line, by the reason it is recused (any other reason: a declaration)
_RECUSED = {RECUSE_SUBJECT: N_("• *{member}* recused: the motion concerns it")}
_DECLARED = N_("• *{member}* recused: declared conflict of interest: {reason}")


def recusal_lines(tally: Tally, names: Mapping[str, str]) -> Mrkdwn:
    """Each recused member with its reason (a declared conflict, or the motion's subject)."""
    said = []
    for member in tally.recused:
        reason = tally.recusal_reasons.get(member, RECUSE_SUBJECT)
        template = _RECUSED.get(reason, _DECLARED)
        said.append(filled(template, {"member": names.get(member, member), "reason": reason}))
    if tally.set_aside:
        shown = md(", ").join(names.get(m, m) for m in tally.set_aside)
        said.append(t("Ballots set aside, not counted: {members}", members=shown))
    return lines(said)


def _pointer(motion_id: str, voted: int, parts: int) -> Block:
    """Where a roll call too long for the result message is: its thread, and the export."""
    return section(
        tn(
            "*Roll call*: {voted:,} members voted, too many to list in this message. The roll "
            "call follows in this message's thread, in {parts:,} part, and is in the pool's "
            "export: `poolgov export motion {motion}` (its `ballots.csv`).",
            "*Roll call*: {voted:,} members voted, too many to list in this message. The roll "
            "call follows in this message's thread, in {parts:,} parts, and is in the pool's "
            "export: `poolgov export motion {motion}` (its `ballots.csv`).",
            parts,
            voted=voted,
            parts=parts,
            motion=motion_id,
        )
    )


def roll_call_sections(rows: Sequence[Mrkdwn], limit: int = SECTION_LIMIT) -> list[Block] | None:
    """The roll call in as few sections as hold it, split between lines, never inside one.

    ``None`` when a single line is longer than a section can hold (a name that long cannot be
    shown whole).
    """
    chunks: list[list[Mrkdwn]] = [[t("*Roll call*")]]
    size = len(chunks[0][0])
    for line in rows:
        if len(line) > limit:
            return None
        if size + 1 + len(line) > limit:
            chunks.append([])
            size = -1  # no newline before a chunk's first line
        chunks[-1].append(line)
        size += 1 + len(line)
    return [section(lines(chunk)) for chunk in chunks]


def _verdict(met: bool) -> str:
    return _("met") if met else _("not met")


def _sign(rule: ThresholdRule) -> Mrkdwn:
    """The comparison a threshold makes, as poolgov writes it."""
    return t("≥") if rule is ThresholdRule.AT_LEAST else t(">")


def figure_lines(rules: MotionRules, tally: Tally) -> list[Mrkdwn]:
    """Each test the count made: the figure, the share it needed, and the verdict."""
    return [
        _quorum_line(rules, tally),
        _weight_line(rules, tally),
        *([_member_line(rules, tally)] if rules.member_threshold > 0 else []),
    ]


def _quorum_line(rules: MotionRules, tally: Tally) -> Mrkdwn:
    figure, needed = percents_apart(tally.participation_share, rules.quorum)
    line = t(
        "*Quorum* {figure} of eligible weight took part, needed ≥ {needed}",
        figure=figure,
        needed=needed,
    )
    if rules.quorum_members > 0:
        heads, needed_heads = percents_apart(
            tally.members_participation_share, rules.quorum_members
        )
        line = t(
            "{line}; {count} of {eligible} members took part ({share}), needed ≥ {needed}",
            line=line,
            count=int(tally.members.participation),
            eligible=int(tally.members.eligible),
            share=heads,
            needed=needed_heads,
        )
    return t("{line}: {verdict}", line=line, verdict=_verdict(tally.quorum_met))


def _weight_line(rules: MotionRules, tally: Tally) -> Mrkdwn:
    sign = _sign(rules.threshold_rule)
    words = _base_words(rules.threshold_of)
    figure = tally.yes_share_of_base
    if figure is None:
        line = t(
            "*Weight test* {empty}, needed {sign} {needed} {base}",
            empty=_empty_base(rules.threshold_of),
            sign=sign,
            needed=percent(rules.threshold),
            base=words,
        )
    else:
        shown, needed = percents_apart(figure, rules.threshold)
        line = t(
            "*Weight test* yes {share} {base}, needed {sign} {needed}",
            share=shown,
            base=words,
            sign=sign,
            needed=needed,
        )
    if tally.blocking_minority_applied:
        not_yes = int(tally.members.eligible - tally.members.yes)
        return t(
            "{line}: deemed met, since only {count} members did not vote yes, fewer than "
            "the blocking minority of {minority}",
            line=line,
            count=not_yes,
            minority=rules.blocking_minority_members,
        )
    return t("{line}: {verdict}", line=line, verdict=_verdict(tally.weight_test_met))


def _member_line(rules: MotionRules, tally: Tally) -> Mrkdwn:
    shown, needed = percents_apart(tally.member_yes_share, rules.member_threshold)
    return t(
        "*Member test* {yes} of {eligible} members voted yes ({share}), needed ≥ {needed}: "
        "{verdict}",
        yes=int(tally.members.yes),
        eligible=int(tally.members.eligible),
        share=shown,
        needed=needed,
        verdict=_verdict(tally.member_test_met),
    )


def totals_line(tally: Tally) -> Mrkdwn:
    totals = tally.totals
    return t(
        "*Yes* {yes} · *No* {no} · *Abstain* {abstain} · *Not voted* {not_voted} "
        "(shares of the register's weight; eligible {eligible})",
        yes=percent(totals.yes),
        no=percent(totals.no),
        abstain=percent(totals.abstain),
        not_voted=percent(totals.not_voted),
        eligible=percent(totals.eligible),
    )


def members_line(tally: Tally) -> Mrkdwn:
    m = tally.members
    return t(
        "*Members* yes {yes} · no {no} · abstain {abstain} · not voted {not_voted} of {eligible}",
        yes=int(m.yes),
        no=int(m.no),
        abstain=int(m.abstain),
        not_voted=int(m.not_voted),
        eligible=int(m.eligible),
    )


def closed_line(motion: Motion, close_reason: str | None) -> Mrkdwn | None:
    """When the motion closed, and why: early because everyone had voted, or at its deadline."""
    if motion.closed_at is None:
        return None
    when = date_token(motion.closed_at)
    if motion.state is MotionState.WITHDRAWN:
        return t("*Withdrawn* {when}", when=when)
    if close_reason == CloseReason.ALL_VOTED.value:
        return t("*Closed* {when}, early: every member of the electorate had voted.", when=when)
    return t("*Closed* {when}, at the end of the voting period.", when=when)


def announcement(motion: Motion, names: Mapping[str, str]) -> Mrkdwn:
    """The one-line declaration posted when a motion closes, with its effect when carried.

    Its words are the result message's: the same state, the same escaped title and names.
    """
    line = t(
        "*Motion {motion}* ({kind}) {state}: {title}.",
        motion=motion.id,
        kind=kind_label(motion.kind),
        state=state_words(motion.state),
        title=motion.title,
    )
    if motion.state is not MotionState.CARRIED:
        return line
    payload = motion.payload
    if isinstance(payload, Admission):
        effect = t("{member} is admitted to the pool.", member=payload.name)
    elif isinstance(payload, Withdrawal):
        effect = t(
            "{member} leaves the pool.",
            member=local(names.get(payload.member_id, payload.member_id)),
        )
    elif isinstance(payload, Expulsion):
        effect = t(
            "{member} is removed from the pool.",
            member=local(names.get(payload.member_id, payload.member_id)),
        )
    elif isinstance(payload, FeeChange):
        effect = t(
            "The royalty for {category} becomes {royalty} from {date}.",
            category=payload.product_category,
            royalty=payload.proposed_royalty,
            date=payload.effective_date.isoformat(),
        )
    elif isinstance(payload, DistributionChange):
        effect = t(
            "The new distribution rule applies from {date}.",
            date=payload.effective_date.isoformat(),
        )
    elif motion.kind.value == "charter_amendment":
        effect = t("The amended charter is now in force; see `/pool charter`.")
    else:
        effect = t("The resolution is adopted.")
    return t("{announcement} {effect}", announcement=line, effect=effect)
