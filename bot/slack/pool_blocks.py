"""Block Kit for ``/pool`` answers and the App Home: register, motions, fees, charter, help."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from bot.i18n import _, t
from bot.slack.mrkdwn import Mrkdwn, code, context, header, lines, md, plain, section
from bot.slack.roll_call_blocks import json_length, sections_of
from bot.slack.wording import KIND_LABELS, date_token, percent, rule_sentence
from governance.charter import Charter, MotionKind
from governance.motion import Motion
from governance.quantities import format_duration, format_rational

Block = dict[str, Any]
MESSAGE_BLOCKS = 50
HOME_BLOCKS = 100


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
        "*`/pool members [PAGE]`* the register with each member's weight and share",
        "*`/pool motions`* open and recent motions",
        "*`/pool fees`* the current licensing fee schedule",
        "*`/pool charter`* the voting rules in force",
        "*`/meeting next`* upcoming meetings · *`/meeting agenda`* the agenda so far · "
        "*`/meeting minutes`* minutes of past meetings",
    ]
    if roles.member_id:
        said.append("Vote with the *Yes*, *No* and *Abstain* buttons on a motion's message.")
        said.append(
            "*`/pool receipt CODE`* look up one of your member's ballots by its receipt: "
            "counted or superseded, and whether it is in the result"
        )
        said.append("*`/agenda add TEXT`* propose an item for the next meeting's agenda")
        said.append(
            _("*Declare a conflict* on a motion's message if your member has a stake in it")
        )
    if roles.supervisor:
        said.append("*`/complaint`* file a complaint about the operator · `/complaint list`")
    if roles.operator:
        said.insert(0, "*`/motion [kind]`* draft a motion and open the vote (operator)")
        said.insert(1, "*`/motion withdraw ID [reason]`* withdraw an open motion (operator)")
        said.insert(2, _("*`/pool member ID`* update a member's register entry (operator)"))
        said.append("*`/meeting add|move|cancel`* change the meeting calendar (operator)")
        said.append("*`/complaint list`* complaints awaiting your acknowledgement or answer")
    who: list[Mrkdwn] = []
    if roles.operator:
        who.append(md("you act for the operator"))
    if roles.supervisor:
        who.append(md("you are a supervisor"))
    if roles.member_id:
        who.append(md("you represent {}", code(roles.member_id)))
    intro = md("; ").join(who) if who else md("you hold no role in the pool's register")
    # poolgov's own help text: escaping changes none of it
    return [section(md("poolgov: {}.", intro)), section(lines(said))]


#: the most register lines on one page of ``/pool members``: with the header, the basis and the
#: pager, a page stays well inside a message's 50 blocks and about 13,000 characters
MEMBERS_PAGE_CHARS = 9_000


def register_line(row: RegisterRow) -> Mrkdwn:
    line = md(
        "• *{}* ({}): {} patents · share {} ({})",
        row.name,
        code(row.member_id),
        row.patents,
        percent(row.share),
        code(format_rational(row.share)),
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
    cap = f", cap {format_rational(w.cap)}" if w.cap is not None else ""
    basis = md(
        "Weights by {} (base {}, {} per unit{})", w.basis.value, str(w.base), str(w.per_unit), cap
    )
    pages = register_pages(rows)
    page = min(max(page, 1), len(pages))
    blocks = [
        header(f"Register of {charter.pool.name}"),
        section(basis),
        *_lines_to_sections(pages[page - 1], MESSAGE_BLOCKS - 3),
    ]
    if len(pages) > 1:
        first = sum(len(p) for p in pages[: page - 1]) + 1
        last = first + len(pages[page - 1]) - 1
        more = md(" · `/pool members {}` for the next", page + 1) if page < len(pages) else md("")
        blocks.append(
            context(
                md(
                    "Members {:,}–{:,} of {:,} · page {} of {}{}",
                    first,
                    last,
                    len(rows),
                    page,
                    len(pages),
                    more,
                )
            )
        )
    return blocks


NOT_YET_SHOWN = md("not yet shown: its voting period starts once its post is in the channel")


def _status(motion: Motion, voted: int) -> Mrkdwn:
    if motion.is_open and not motion.is_shown:
        return NOT_YET_SHOWN
    if motion.is_open:
        return md(
            "open until {} · {}/{} voted",
            date_token(motion.closes_at),
            voted,
            motion.electorate.size,
        )
    return plain(motion.state.value.replace("_", " "))


def motion_head(motion: Motion) -> Mrkdwn:
    """``• *ID* title — kind``: the title escaped."""
    return md("• *{}* {} — {}", motion.id, motion.title, KIND_LABELS[motion.kind])


def motion_line(motion: Motion, voted: int) -> Mrkdwn:
    return md("{} · {}", motion_head(motion), _status(motion, voted))


def motions_blocks(
    open_motions: Sequence[tuple[Motion, int]], recent: Sequence[tuple[Motion, int]]
) -> list[Block]:
    blocks = [header("Open motions")]
    blocks += _lines_to_sections(
        [motion_line(m, v) for m, v in open_motions] or [md("_None open._")], 20
    )
    blocks.append(header("Recent results"))
    blocks += _lines_to_sections([motion_line(m, v) for m, v in recent] or [md("_None yet._")], 20)
    return blocks


def fees_blocks(rows: Sequence[FeeRow]) -> list[Block]:
    said = [
        md("• *{}*: {} from {}", row.product_category, row.royalty, row.effective_date.isoformat())
        + (md(" (motion {})", row.motion_id) if row.motion_id else md(""))
        for row in rows
    ]
    return [
        header("Licensing fee schedule"),
        *_lines_to_sections(
            said or [md("_No fee has been set by motion yet._")], MESSAGE_BLOCKS - 1
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
        said.append(
            md(
                "*{}* (voting period {}): {}",
                KIND_LABELS[kind],
                format_duration(rules.voting_period),
                rule_sentence(rules, ["the member concerned"] if rules.recuses_subject else []),
            )
        )
    c = charter.complaints
    said.append(
        md(
            "*Complaints*: the operator acknowledges within {} and answers within {}.",
            format_duration(c.acknowledge_within),
            format_duration(c.respond_within),
        )
    )
    blocks = [
        header(f"Charter of {charter.pool.name} (version {version})"),
        section(md("Time zone for schedules: {}", charter.pool.timezone.key)),
    ]
    if signing is not None:
        key = md(
            "*Audit chain heads* are signed with key {}, fingerprint {}. An export's keys.json "
            "must show the same fingerprint (`poolgov audit check` prints it).",
            code(signing.key_id),
            code(signing.fingerprint),
        )
        if signing.public_key_pem:
            key += md(
                "\nThe public key, to save as a file for `poolgov audit check --public-key`:"
                "\n```{}```",
                signing.public_key_pem.strip(),
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
    blocks: list[Block] = [header("poolgov")]
    if roles.member_id:
        who = names.get(roles.member_id, roles.member_id)
        blocks.append(section(md("You represent *{}*.", who)))
        blocks.append(header("Awaiting your member's vote"))
        blocks += _lines_to_sections(
            [
                motion_head(m)
                + (
                    md(" · closes {}", date_token(m.closes_at))
                    if m.is_shown
                    else md(" · {}", NOT_YET_SHOWN)
                )
                for m in awaiting
            ]
            or [md("_Nothing awaits your vote._")],
            20,
        )
        blocks.append(header("Your member's recent ballots"))
        blocks += _lines_to_sections(
            [
                md(
                    "• Motion *{}* {}: *{}* · {} · receipt {}",
                    b.motion_id,
                    b.title,
                    b.choice,
                    date_token(b.cast_at),
                    code(b.receipt),
                )
                for b in my_ballots
            ]
            or [md("_No ballots yet._")],
            20,
        )
    elif not roles.known:
        blocks.append(section(md("You hold no role in this pool's register.")))
    blocks.append(header("Recent results"))
    blocks += _lines_to_sections([motion_line(m, v) for m, v in recent] or [md("_None yet._")], 20)
    return {"type": "home", "blocks": blocks[:HOME_BLOCKS]}
