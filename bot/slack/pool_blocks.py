"""Block Kit for ``/pool`` answers and the App Home: register, motions, fees, charter, help."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from bot.i18n import N_, _, local, t
from bot.slack.mrkdwn import EMPTY, Mrkdwn, code, context, header, lines, plain, section
from bot.slack.roll_call_blocks import json_length, sections_of
from bot.slack.wording import (
    choice_word,
    date_token,
    kind_label,
    percent,
    rule_sentence,
    state_words,
)
from governance.charter import Basis, Charter, MotionKind
from governance.motion import Motion
from governance.quantities import format_duration, format_rational

Block = dict[str, Any]
MESSAGE_BLOCKS = 50
HOME_BLOCKS = 100
#: ``weights.basis`` as people read it (English: the charter's own value)
BASIS_WORDS = {
    Basis.EQUAL: N_("equal"),
    Basis.PATENTS: N_("patents"),
    Basis.CONTRIBUTION: N_("contribution"),
}


@dataclass(frozen=True)
class RegisterRow:
    member_id: str
    name: str
    patents: int
    contribution: Fraction
    share: Fraction
    representatives: tuple[str, ...]
    #: when the entry last changed (admission or an audited update); shown when known
    last_changed: datetime | None = None


@dataclass(frozen=True)
class FeeRow:
    product_category: str
    royalty: str
    effective_date: date
    motion_id: str | None


@dataclass(frozen=True)
class BallotRow:
    motion_id: str
    title: str
    choice: str
    cast_at: datetime
    receipt: str
    superseded: bool = False


def _ballot_choice(row: BallotRow) -> str:
    """``yes``, or ``yes (superseded)``, in the language being spoken."""
    if row.superseded:
        return _("{choice} (superseded)").format(choice=choice_word(row.choice))
    return choice_word(row.choice)


@dataclass(frozen=True)
class Roles:
    """What the register says a Slack user is; Slack's own roles never count."""

    operator: bool = False
    supervisor: bool = False
    member_id: str | None = None

    @property
    def known(self) -> bool:
        return self.operator or self.supervisor or self.member_id is not None


def _lines_to_sections(rows: Sequence[Mrkdwn], limit: int) -> list[Block]:
    """Pack lines into sections of at most 3000 characters, at most ``limit`` blocks."""
    return sections_of(rows)[:limit]


def help_blocks(roles: Roles) -> list[Block]:
    said = [
        t("*`/pool members [PAGE]`* the register with each member's weight and share"),
        t("*`/pool motions`* open and recent motions"),
        t("*`/pool fees`* the current licensing fee schedule"),
        t("*`/pool charter`* the voting rules in force"),
        t(
            "*`/pool motion ID`* one motion's record · *`/pool decisions [--kind K]`* the "
            "resolutions carried · *`/pool distribution`* the distribution rule in force"
        ),
        t(
            "*`/meeting next`* upcoming meetings · *`/meeting agenda`* the agenda so far · "
            "*`/meeting minutes`* minutes of past meetings"
        ),
    ]
    if roles.member_id:
        said.append(t("Vote with the *Yes*, *No* and *Abstain* buttons on a motion's message."))
        said.append(
            t(
                "*`/pool receipt CODE`* look up one of your member's ballots by its receipt: "
                "counted or superseded, and whether it is in the result"
            )
        )
        said.append(t("*`/agenda add TEXT`* propose an item for the next meeting's agenda"))
        said.append(
            t("*Declare a conflict* on a motion's message if your member has a stake in it")
        )
    if roles.supervisor:
        said.append(t("*`/complaint`* file a complaint about the operator · `/complaint list`"))
    if roles.operator:
        said.insert(0, t("*`/motion [kind]`* draft a motion and open the vote (operator)"))
        said.insert(1, t("*`/motion withdraw ID [reason]`* withdraw an open motion (operator)"))
        said.insert(2, t("*`/pool member ID`* update a member's register entry (operator)"))
        said.append(t("*`/meeting add|move|cancel`* change the meeting calendar (operator)"))
        said.append(
            t(
                "*`/meeting minutes accept|decline N REASON`* decide a correction · "
                "*`/meeting minutes approve KEY`* record the minutes' approval (operator)"
            )
        )
        said.append(t("*`/complaint list`* complaints awaiting your acknowledgement or answer"))
    who: list[Mrkdwn] = []
    if roles.operator:
        who.append(t("you act for the operator"))
    if roles.supervisor:
        who.append(t("you are a supervisor"))
    if roles.member_id:
        who.append(t("you represent {member}", member=code(roles.member_id)))
    intro = t("; ").join(who) if who else t("you hold no role in the pool's register")
    return [section(t("poolgov: {roles}.", roles=intro)), section(lines(said))]


#: the most register lines on one page of ``/pool members``: with the header, the basis and the
#: pager, a page stays well inside a message's 50 blocks and about 13,000 characters
MEMBERS_PAGE_CHARS = 9_000


def register_line(row: RegisterRow) -> Mrkdwn:
    line = t(
        "• *{name}* ({member}): {patents} patents · share {percent} ({share})",
        name=local(row.name),
        member=code(row.member_id),
        patents=row.patents,
        percent=percent(row.share),
        share=code(format_rational(row.share)),
    )
    if row.last_changed is not None:
        changed = date_token(row.last_changed, "{date_short}")
        line = line + t(" · last change {date}", date=changed)
    return line


def register_pages(rows: Sequence[RegisterRow]) -> list[list[Mrkdwn]]:
    """The register's lines in pages that each fit one message; every member on exactly one."""
    pages: list[list[Mrkdwn]] = [[]]
    size = 0
    for row in rows:
        line = register_line(row)
        cost = json_length(line) + 2  # as the message's JSON counts it, with its newline
        if pages[-1] and size + cost > MEMBERS_PAGE_CHARS:
            pages.append([])
            size = 0
        pages[-1].append(line)
        size += cost
    return pages


def members_blocks(rows: Sequence[RegisterRow], charter: Charter, page: int = 1) -> list[Block]:
    """One page of the register (``page`` counts from 1; past the last shows the last)."""
    w = charter.weights
    cap = t(", cap {cap}", cap=format_rational(w.cap)) if w.cap is not None else EMPTY
    basis = t(
        "Weights by {basis} (base {base}, {per_unit} per unit{cap})",
        basis=_(BASIS_WORDS.get(w.basis, w.basis.value)),
        base=str(w.base),
        per_unit=str(w.per_unit),
        cap=cap,
    )
    pages = register_pages(rows)
    page = min(max(page, 1), len(pages))
    blocks = [
        header(_("Register of {pool}").format(pool=local(charter.pool.name))),
        section(basis),
        *_lines_to_sections(pages[page - 1], MESSAGE_BLOCKS - 3),
    ]
    if len(pages) > 1:
        first = sum(len(p) for p in pages[: page - 1]) + 1
        last = first + len(pages[page - 1]) - 1
        more = (
            t(" · `/pool members {page}` for the next", page=page + 1)
            if page < len(pages)
            else EMPTY
        )
        blocks.append(
            context(
                t(
                    "Members {first:,}–{last:,} of {count:,} · page {page} of {pages}{more}",
                    first=first,
                    last=last,
                    count=len(rows),
                    page=page,
                    pages=len(pages),
                    more=more,
                )
            )
        )
    return blocks


NOT_YET_SHOWN = N_("not yet shown: its voting period starts once its post is in the channel")


def not_yet_shown() -> Mrkdwn:
    return t("not yet shown: its voting period starts once its post is in the channel")


def _status(motion: Motion, voted: int) -> Mrkdwn:
    if motion.is_open and not motion.is_shown:
        return not_yet_shown()
    if motion.is_open:
        return t(
            "open until {when} · {voted}/{size} voted",
            when=date_token(motion.closes_at),
            voted=voted,
            size=motion.electorate.size,
        )
    return plain(state_words(motion.state))


def motion_head(motion: Motion) -> Mrkdwn:
    """``• *ID* title — kind``: the title escaped."""
    return t(
        "• *{motion}* {title} — {kind}",
        motion=motion.id,
        title=motion.title,
        kind=kind_label(motion.kind),
    )


def motion_line(motion: Motion, voted: int) -> Mrkdwn:
    return t("{motion} · {status}", motion=motion_head(motion), status=_status(motion, voted))


def motions_blocks(
    open_motions: Sequence[tuple[Motion, int]], recent: Sequence[tuple[Motion, int]]
) -> list[Block]:
    blocks = [header(_("Open motions"))]
    blocks += _lines_to_sections(
        [motion_line(m, v) for m, v in open_motions] or [t("_None open._")], 20
    )
    blocks.append(header(_("Recent results")))
    blocks += _lines_to_sections([motion_line(m, v) for m, v in recent] or [t("_None yet._")], 20)
    return blocks


def fees_blocks(rows: Sequence[FeeRow]) -> list[Block]:
    said = [
        t(
            "• *{category}*: {royalty} from {date}",
            category=row.product_category,
            royalty=row.royalty,
            date=row.effective_date.isoformat(),
        )
        + (t(" (motion {motion})", motion=row.motion_id) if row.motion_id else EMPTY)
        for row in rows
    ]
    return [
        header(_("Licensing fee schedule")),
        *_lines_to_sections(
            said or [t("_No fee has been set by motion yet._")], MESSAGE_BLOCKS - 1
        ),
    ]


@dataclass(frozen=True)
class SigningKeyRow:
    """The public key that signs the audit chain's heads, as members compare it."""

    key_id: str
    fingerprint: str
    public_key_pem: str = ""  # to save as the file ``poolgov audit check --public-key`` reads


def charter_blocks(
    charter: Charter, version: int, signing: SigningKeyRow | None = None
) -> list[Block]:
    said = []
    for kind in MotionKind:
        rules = charter.rules_for(kind)
        concerned = [_("the member concerned")] if rules.recuses_subject else []
        said.append(
            t(
                "*{kind}* (voting period {period}): {rule}",
                kind=kind_label(kind),
                period=format_duration(rules.voting_period),
                rule=rule_sentence(rules, concerned),
            )
        )
    c = charter.complaints
    said.append(
        t(
            "*Complaints*: the operator acknowledges within {acknowledge} and answers within "
            "{answer}.",
            acknowledge=format_duration(c.acknowledge_within),
            answer=format_duration(c.respond_within),
        )
    )
    title = _("Charter of {pool} (version {version})")
    blocks = [
        header(title.format(pool=local(charter.pool.name), version=version)),
        section(t("Time zone for schedules: {zone}", zone=charter.pool.timezone.key)),
    ]
    if signing is not None:
        key = t(
            "*Audit chain heads* are signed with key {key}, fingerprint {fingerprint}. An "
            "export's keys.json must show the same fingerprint (`poolgov audit check` prints it).",
            key=code(signing.key_id),
            fingerprint=code(signing.fingerprint),
        )
        if signing.public_key_pem:
            key += t(
                "\nThe public key, to save as a file for `poolgov audit check --public-key`:"
                "\n```{pem}```",
                pem=signing.public_key_pem.strip(),
            )
        blocks.append(section(key))
    return blocks + _lines_to_sections(said, MESSAGE_BLOCKS - len(blocks))


def home_view(
    roles: Roles,
    awaiting: Sequence[Motion],
    my_ballots: Sequence[BallotRow],
    recent: Sequence[tuple[Motion, int]],
    names: Mapping[str, str],
) -> Block:
    """The App Home: what awaits my vote, my member's ballots, recent results.

    Each list is bounded (at most 20 sections), so the view stays within a Home tab's 100
    blocks whatever the size of the register.
    """
    blocks: list[Block] = [header(_("poolgov"))]
    if roles.member_id:
        who = names.get(roles.member_id, roles.member_id)
        blocks.append(section(t("You represent *{member}*.", member=local(who))))
        blocks.append(header(_("Awaiting your member's vote")))
        blocks += _lines_to_sections(
            [
                motion_head(m)
                + (
                    t(" · closes {when}", when=date_token(m.closes_at))
                    if m.is_shown
                    else t(" · {status}", status=not_yet_shown())
                )
                for m in awaiting
            ]
            or [t("_Nothing awaits your vote._")],
            20,
        )
        blocks.append(header(_("Your member's recent ballots")))
        blocks += _lines_to_sections(
            [
                t(
                    "• Motion *{motion}* {title}: *{choice}* · {when} · receipt {receipt}",
                    motion=b.motion_id,
                    title=b.title,
                    choice=_ballot_choice(b),
                    when=date_token(b.cast_at),
                    receipt=code(b.receipt),
                )
                for b in my_ballots
            ]
            or [t("_No ballots yet._")],
            20,
        )
    elif not roles.known:
        blocks.append(section(t("You hold no role in this pool's register.")))
    blocks.append(header(_("Recent results")))
    blocks += _lines_to_sections([motion_line(m, v) for m, v in recent] or [t("_None yet._")], 20)
    return {"type": "home", "blocks": blocks[:HOME_BLOCKS]}
