"""Block Kit for ``/pool`` answers and the App Home: register, motions, fees, charter, help."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from typing import Any

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


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": text[:150]}}


def _lines_to_sections(lines: Iterable[str], limit: int) -> list[Block]:
    """Pack lines into sections of at most 3000 characters, at most ``limit`` blocks."""
    blocks: list[Block] = []
    chunk = ""
    for line in lines:
        if len(chunk) + len(line) + 1 > 3000:
            blocks.append(_section(chunk))
            chunk = ""
        chunk += line + "\n"
    if chunk:
        blocks.append(_section(chunk))
    return blocks[:limit]


def help_blocks(roles: Roles) -> list[Block]:
    lines = [
        "*`/pool members`* the register with each member's weight and share",
        "*`/pool motions`* open and recent motions",
        "*`/pool fees`* the current licensing fee schedule",
        "*`/pool charter`* the voting rules in force",
        "*`/meeting next`* upcoming meetings · *`/meeting agenda`* the agenda so far · "
        "*`/meeting minutes`* minutes of past meetings",
    ]
    if roles.member_id:
        lines.append("Vote with the *Yes*, *No* and *Abstain* buttons on a motion's message.")
        lines.append(
            "*`/pool receipt CODE`* look up one of your member's ballots by its receipt: "
            "counted or superseded, and whether it is in the result"
        )
        lines.append("*`/agenda add TEXT`* propose an item for the next meeting's agenda")
    if roles.supervisor:
        lines.append("*`/complaint`* file a complaint about the operator · `/complaint list`")
    if roles.operator:
        lines.insert(0, "*`/motion [kind]`* draft a motion and open the vote (operator)")
        lines.insert(1, "*`/motion withdraw ID [reason]`* withdraw an open motion (operator)")
        lines.append("*`/meeting add|move|cancel`* change the meeting calendar (operator)")
        lines.append("*`/complaint list`* complaints awaiting your acknowledgement or answer")
    who = []
    if roles.operator:
        who.append("you act for the operator")
    if roles.supervisor:
        who.append("you are a supervisor")
    if roles.member_id:
        who.append(f"you represent `{roles.member_id}`")
    intro = "; ".join(who) if who else "you hold no role in the pool's register"
    return [_section(f"poolgov: {intro}."), _section("\n".join(lines))]


def members_blocks(rows: Sequence[RegisterRow], charter: Charter) -> list[Block]:
    w = charter.weights
    cap = f", cap {format_rational(w.cap)}" if w.cap is not None else ""
    basis = f"Weights by {w.basis.value} (base {w.base}, {w.per_unit} per unit{cap})"
    lines = [
        f"• *{row.name}* (`{row.member_id}`): {row.patents} patents · share {percent(row.share)}"
        f" (`{format_rational(row.share)}`)"
        for row in rows
    ]
    return [
        _header(f"Register of {charter.pool.name}"),
        _section(basis),
        *_lines_to_sections(lines, MESSAGE_BLOCKS - 2),
    ]


NOT_YET_SHOWN = "not yet shown: its voting period starts once its post is in the channel"


def motion_line(motion: Motion, voted: int) -> str:
    if motion.is_open and not motion.is_shown:
        status = NOT_YET_SHOWN
    elif motion.is_open:
        status = (
            f"open until {date_token(motion.closes_at)} · {voted}/{motion.electorate.size} voted"
        )
    else:
        status = motion.state.value.replace("_", " ")
    return f"• *{motion.id}* {motion.title} — {KIND_LABELS[motion.kind]} · {status}"


def motions_blocks(
    open_motions: Sequence[tuple[Motion, int]], recent: Sequence[tuple[Motion, int]]
) -> list[Block]:
    blocks = [_header("Open motions")]
    blocks += _lines_to_sections(
        [motion_line(m, v) for m, v in open_motions] or ["_None open._"], 20
    )
    blocks.append(_header("Recent results"))
    blocks += _lines_to_sections([motion_line(m, v) for m, v in recent] or ["_None yet._"], 20)
    return blocks


def fees_blocks(rows: Sequence[FeeRow]) -> list[Block]:
    lines = [
        f"• *{row.product_category}*: {row.royalty} from {row.effective_date.isoformat()}"
        + (f" (motion {row.motion_id})" if row.motion_id else "")
        for row in rows
    ]
    return [
        _header("Licensing fee schedule"),
        *_lines_to_sections(lines or ["_No fee has been set by motion yet._"], MESSAGE_BLOCKS - 1),
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
    lines = []
    for kind in MotionKind:
        rules = charter.rules_for(kind)
        lines.append(
            f"*{KIND_LABELS[kind]}* (voting period {format_duration(rules.voting_period)}): "
            + rule_sentence(rules, ["the member concerned"] if rules.recuses_subject else [])
        )
    c = charter.complaints
    lines.append(
        f"*Complaints*: the operator acknowledges within {format_duration(c.acknowledge_within)} "
        f"and answers within {format_duration(c.respond_within)}."
    )
    blocks = [
        _header(f"Charter of {charter.pool.name} (version {version})"),
        _section(f"Time zone for schedules: {charter.pool.timezone.key}"),
    ]
    if signing is not None:
        blocks.append(
            _section(
                f"*Audit chain heads* are signed with key `{signing.key_id}`, fingerprint "
                f"`{signing.fingerprint}`. An export's keys.json must show the same fingerprint "
                "(`poolgov audit check` prints it)."
                + (
                    "\nThe public key, to save as a file for `poolgov audit check --public-key`:"
                    f"\n```{signing.public_key_pem.strip()}```"
                    if signing.public_key_pem
                    else ""
                )
            )
        )
    return blocks + _lines_to_sections(lines, MESSAGE_BLOCKS - len(blocks))


def home_view(
    roles: Roles,
    awaiting: Sequence[Motion],
    my_ballots: Sequence[BallotRow],
    recent: Sequence[tuple[Motion, int]],
    names: Mapping[str, str],
) -> Block:
    """The App Home: what awaits my vote, my member's ballots, recent results."""
    blocks: list[Block] = [_header("poolgov")]
    if roles.member_id:
        who = names.get(roles.member_id, roles.member_id)
        blocks.append(_section(f"You represent *{who}*."))
        blocks.append(_header("Awaiting your member's vote"))
        blocks += _lines_to_sections(
            [
                motion_line(m, 0).split(" · ")[0]
                + (f" · closes {date_token(m.closes_at)}" if m.is_shown else f" · {NOT_YET_SHOWN}")
                for m in awaiting
            ]
            or ["_Nothing awaits your vote._"],
            20,
        )
        blocks.append(_header("Your member's recent ballots"))
        blocks += _lines_to_sections(
            [
                f"• Motion *{b.motion_id}* {b.title}: *{b.choice}* · {date_token(b.cast_at)} · "
                f"receipt `{b.receipt}`"
                for b in my_ballots
            ]
            or ["_No ballots yet._"],
            20,
        )
    elif not roles.known:
        blocks.append(_section("You hold no role in this pool's register."))
    blocks.append(_header("Recent results"))
    blocks += _lines_to_sections([motion_line(m, v) for m, v in recent] or ["_None yet._"], 20)
    return {"type": "home", "blocks": blocks[:HOME_BLOCKS]}
