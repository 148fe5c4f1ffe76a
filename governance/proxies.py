"""Proxies (``proxies`` in the charter): a member has someone else vote for it, by rule.

A member's representative gives a proxy to a holder, for one motion or until a date, with or
without an instruction (yes, no or abstain on a named motion). The rules, each a named refusal:

- :class:`ProxiesNotAllowed`: the charter does not allow proxies (``proxies.allowed``);
- :class:`ProxyChain`: a holder cannot pass a proxy on;
- :class:`ProxyHolderNotEligible`: ``holders: representatives`` wants a representative of
  another member, and nobody holds their own member's proxy;
- :class:`ProxyHolderFull`: no more than ``proxies.max_held`` members per holder;
- :class:`ProxyAlreadyGiven`: one proxy at a time per member (revoke it first);
- :class:`ProxyInstructionsNotAllowed`: ``proxies.instructions`` is false;
- :class:`ProxyForRecusedMember`: no proxy for a member recused from the motion;
- :class:`ProxyAlreadyUsed`: a proxy is revocable until the holder has voted with it;
- :class:`NoProxyHeld`: the voter holds no proxy for that member on that motion;
- :class:`MemberVotedItself`: the member's own representative voted, which always supersedes;
- :class:`ProxyInstructionBreached`: an instruction is enforced;
- :class:`ProxyLapsed`: a proxy lapses when its holder loses the seat that let them hold it
  (:func:`lapsed_by_register`).

Every function here is pure: it takes ``now`` and what storage read, and decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from governance.charter import Proxies, ProxyHolders
from governance.errors import Facts, GovernanceError
from governance.motion import BallotEffect
from governance.tally import Choice
from governance.texts import N_, Nn_


@dataclass(frozen=True)
class Instruction:
    """How the holder must vote on one motion."""

    motion_id: str
    choice: Choice


@dataclass(frozen=True)
class Proxy:
    """One proxy as given; ``id`` is the seq of its ``proxy_given`` audit entry."""

    id: int
    member_id: str
    holder: str
    given_by: str
    given_at: datetime
    motion_id: str | None = None  # for this motion only, or else…
    until: datetime | None = None  # …for every motion and meeting until this instant
    instruction: Instruction | None = None
    revoked_at: datetime | None = None
    revoked_by: str | None = None

    def active(self, now: datetime) -> bool:
        """Not revoked, and (for a dated proxy) not yet expired."""
        if self.revoked_at is not None:
            return False
        return self.until is None or now < self.until

    def covers(self, motion_id: str, now: datetime) -> bool:
        """Whether the holder may vote with it on ``motion_id`` now."""
        if not self.active(now):
            return False
        return self.motion_id is None or self.motion_id == motion_id

    def covers_meetings(self, now: datetime) -> bool:
        """A dated proxy also counts at a meeting's check-in (one motion's does not)."""
        return self.active(now) and self.motion_id is None


@dataclass(frozen=True)
class ProxyRequest:
    """What ``/proxy give`` asks for, with what the register says about the people in it."""

    giver: str
    giver_member: str | None  # the member the giver represents
    holder: str
    holder_member: str | None  # the member the holder represents, if any
    motion_id: str | None
    until: datetime | None
    instruction: Instruction | None = None


# --- refusals ------------------------------------------------------------------------------


class ProxyError(GovernanceError):
    """Base of the proxy refusals."""


class ProxiesNotAllowed(ProxyError):
    def refusal(self) -> tuple[str, Facts]:
        return N_("The charter does not allow proxies (proxies.allowed is false)."), {}


class ProxyChain(ProxyError):
    members = ("member",)

    def __init__(self, member_id: str) -> None:
        super().__init__(member_id)
        self.member_id = member_id

    def refusal(self) -> tuple[str, Facts]:
        return N_(
            "You hold a proxy for {member}; a holder cannot pass a proxy on. Only a member's "
            "own representative gives its proxy."
        ), {"member": self.member_id}


class ProxyGiverNotRepresentative(ProxyError):
    def refusal(self) -> tuple[str, Facts]:
        return N_("Only a representative of a member of the pool may give its proxy."), {}


class ProxyHolderNotEligible(ProxyError):
    users = ("holder",)

    def __init__(self, holder: str, own_member: bool) -> None:
        super().__init__(holder, own_member)
        self.holder = holder
        self.own_member = own_member

    def refusal(self) -> tuple[str, Facts]:
        if self.own_member:
            return N_(
                "{holder} already represents your member and votes for it without a proxy."
            ), {"holder": self.holder}
        return N_(
            "{holder} does not represent another member; the charter lets only representatives "
            "of other members hold a proxy (proxies.holders)."
        ), {"holder": self.holder}


class ProxyHolderFull(ProxyError):
    users = ("holder",)

    def __init__(self, holder: str, max_held: int) -> None:
        super().__init__(holder, max_held)
        self.holder = holder
        self.max_held = max_held

    def refusal(self) -> tuple[str, Facts]:
        return Nn_(
            "{holder} already holds {max_held} proxy, the most the charter allows one holder "
            "(proxies.max_held).",
            "{holder} already holds {max_held} proxies, the most the charter allows one holder "
            "(proxies.max_held).",
            "max_held",
        ), {"holder": self.holder, "max_held": self.max_held}


class ProxyAlreadyGiven(ProxyError):
    members = ("member",)
    users = ("holder",)

    def __init__(self, member_id: str, holder: str) -> None:
        super().__init__(member_id, holder)
        self.member_id = member_id
        self.holder = holder

    def refusal(self) -> tuple[str, Facts]:
        return N_(
            "{member} already has a proxy with {holder}; revoke it first with `/proxy revoke`."
        ), {"member": self.member_id, "holder": self.holder}


class ProxyInstructionsNotAllowed(ProxyError):
    def refusal(self) -> tuple[str, Facts]:
        return N_(
            "The charter does not allow instructions with a proxy (proxies.instructions is "
            "false); give it without one."
        ), {}


class _MemberOnMotion(ProxyError):
    """A proxy refusal about one member on one motion."""

    members = ("member",)

    def __init__(self, motion_id: str, member_id: str) -> None:
        super().__init__(motion_id, member_id)
        self.motion_id = motion_id
        self.member_id = member_id

    def facts(self) -> Facts:
        return {"member": self.member_id, "motion": self.motion_id}


class ProxyForRecusedMember(_MemberOnMotion):
    def refusal(self) -> tuple[str, Facts]:
        return N_(
            "{member} is recused from motion {motion}, so nobody can vote for it there, by "
            "proxy either."
        ), self.facts()


class ProxyScopeInvalid(ProxyError):
    """``reason``: one of the ``SCOPE_*`` words below."""

    words = ("reason",)

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def refusal(self) -> tuple[str, Facts]:
        return N_("That proxy cannot be given: {reason}."), {"reason": self.reason}


class NoProxyGiven(ProxyError):
    members = ("member",)

    def __init__(self, member_id: str) -> None:
        super().__init__(member_id)
        self.member_id = member_id

    def refusal(self) -> tuple[str, Facts]:
        return N_("{member} has no proxy in force to revoke."), {"member": self.member_id}


class ProxyAlreadyUsed(ProxyError):
    members = ("member",)

    def __init__(self, member_id: str, motion_id: str) -> None:
        super().__init__(member_id, motion_id)
        self.member_id = member_id
        self.motion_id = motion_id

    def refusal(self) -> tuple[str, Facts]:
        return N_(
            "The holder has already voted for {member} on motion {motion}, so the proxy can no "
            "longer be revoked; your own vote still supersedes it."
        ), {"member": self.member_id, "motion": self.motion_id}


class NoProxyHeld(_MemberOnMotion):
    """``member_id`` empty: no proxy for any member on the motion."""

    def refusal(self) -> tuple[str, Facts]:
        if not self.member_id:
            return N_("You hold no proxy in force for motion {motion}."), {"motion": self.motion_id}
        return N_("You hold no proxy in force for {member} on motion {motion}."), self.facts()


class MemberVotedItself(_MemberOnMotion):
    def refusal(self) -> tuple[str, Facts]:
        return N_(
            "{member}'s own representative has voted on motion {motion}; that ballot "
            "supersedes any proxy's, so nothing was recorded."
        ), self.facts()


class ProxyInstructionBreached(ProxyError):
    members = ("member",)
    words = ("instructed", "chosen")

    def __init__(self, motion_id: str, member_id: str, instructed: str, chosen: str) -> None:
        super().__init__(motion_id, member_id, instructed, chosen)
        self.motion_id = motion_id
        self.member_id = member_id
        self.instructed = instructed
        self.chosen = chosen

    def refusal(self) -> tuple[str, Facts]:
        return N_(
            "Your proxy for {member} instructs *{instructed}* on motion {motion}; a *{chosen}* "
            "vote was not recorded."
        ), {
            "member": self.member_id,
            "motion": self.motion_id,
            "instructed": self.instructed,
            "chosen": self.chosen,
        }


class ProxyLapsed(_MemberOnMotion):
    """The proxy lapsed when its holder lost the seat that let them hold it (a register
    change); ``holder`` is who held it."""

    users = ("holder",)

    def __init__(self, motion_id: str, member_id: str, holder: str) -> None:
        super().__init__(motion_id, member_id)
        self.args = (motion_id, member_id, holder)
        self.holder = holder

    def refusal(self) -> tuple[str, Facts]:
        return N_(
            "Your proxy for {member} lapsed when the register changed: {holder} no longer holds "
            "the seat that let them hold it, so nothing was recorded on motion {motion}. Ask "
            "{member}'s representative for a new proxy."
        ), {**self.facts(), "holder": self.holder}


#: who "revoked" a proxy that lapsed with its holder's seat (``Proxy.revoked_by``)
LAPSED_WITH_SEAT = "register"

SCOPE_MISSING = N_("say either which motion it is for or until which date")
SCOPE_PAST = N_("its end date has already passed")
SCOPE_ELSEWHERE = N_("the instruction must be for the motion the proxy is for")


# --- rules ---------------------------------------------------------------------------------


def check_give(
    rules: Proxies,
    request: ProxyRequest,
    *,
    giver_holds: Iterable[Proxy],
    member_has: Iterable[Proxy],
    holder_holds: Iterable[Proxy],
    recused_on: Iterable[str],
    now: datetime,
) -> None:
    """Refuse a proxy the charter does not allow; return quietly when it may be given.

    ``giver_holds``, ``member_has`` and ``holder_holds`` are the proxies in force held by the
    giver, given by the giver's member and held by the holder; ``recused_on`` the motions the
    member is recused from among those the proxy names.
    """
    if not rules.allowed:
        raise ProxiesNotAllowed()
    held = [p for p in giver_holds if p.active(now)]
    if request.giver_member is None:
        if held:
            raise ProxyChain(held[0].member_id)
        raise ProxyGiverNotRepresentative()
    member = request.giver_member
    if request.holder == request.giver or request.holder_member == member:
        raise ProxyHolderNotEligible(request.holder, own_member=True)
    if rules.holders is ProxyHolders.REPRESENTATIVES and request.holder_member is None:
        raise ProxyHolderNotEligible(request.holder, own_member=False)
    if (request.motion_id is None) == (request.until is None):
        raise ProxyScopeInvalid(SCOPE_MISSING)
    if request.until is not None and request.until <= now:
        raise ProxyScopeInvalid(SCOPE_PAST)
    if request.instruction is not None:
        if not rules.instructions:
            raise ProxyInstructionsNotAllowed()
        if request.motion_id is not None and request.instruction.motion_id != request.motion_id:
            raise ProxyScopeInvalid(SCOPE_ELSEWHERE)
    recused = sorted(recused_on)
    if recused:
        raise ProxyForRecusedMember(recused[0], member)
    given = next((p for p in member_has if p.active(now)), None)
    if given is not None:
        raise ProxyAlreadyGiven(member, given.holder)
    members = {p.member_id for p in holder_holds if p.active(now)}
    if len(members - {member}) >= rules.max_held:
        raise ProxyHolderFull(request.holder, rules.max_held)


def check_revoke(proxy: Proxy | None, member_id: str, used_on: str | None, now: datetime) -> Proxy:
    """The proxy to revoke, or a refusal: none in force, or the holder already voted with it.

    ``used_on`` is an open motion on which a ballot the holder cast with it still counts.
    """
    if proxy is None or not proxy.active(now):
        raise NoProxyGiven(member_id)
    if used_on is not None:
        raise ProxyAlreadyUsed(member_id, used_on)
    return proxy


def check_proxy_ballot(
    proxy: Proxy | None,
    motion_id: str,
    member_id: str,
    choice: Choice,
    *,
    recused: bool,
    own_ballot_counted: bool,
    now: datetime,
) -> Proxy:
    """The proxy a holder's ballot for ``member_id`` is cast with, or the refusal."""
    if proxy is not None and proxy.member_id == member_id and lapsed(proxy):
        raise ProxyLapsed(motion_id, member_id, proxy.holder)
    if proxy is None or not proxy.covers(motion_id, now) or proxy.member_id != member_id:
        raise NoProxyHeld(motion_id, member_id)
    if recused:
        raise ProxyForRecusedMember(motion_id, member_id)
    if own_ballot_counted:
        raise MemberVotedItself(motion_id, member_id)
    instruction = proxy.instruction
    if (
        instruction is not None
        and instruction.motion_id == motion_id
        and instruction.choice is not choice
    ):
        raise ProxyInstructionBreached(motion_id, member_id, instruction.choice.value, choice.value)
    return proxy


def own_ballot_effect(previous: Choice | None, previous_by_proxy: bool) -> BallotEffect | None:
    """A representative's own ballot over a proxy's: it always supersedes it, whatever the
    charter says about changing a vote. ``None`` leaves the decision to the motion's rules."""
    if previous is None or not previous_by_proxy:
        return None
    return BallotEffect.CHANGED


def in_force(proxies: Iterable[Proxy], now: datetime) -> list[Proxy]:
    return [p for p in proxies if p.active(now)]


def lapsed(proxy: Proxy) -> bool:
    """Whether the proxy ended with its holder's seat rather than by a revocation."""
    return proxy.revoked_at is not None and proxy.revoked_by == LAPSED_WITH_SEAT


def lapsed_by_register(
    rules: Proxies, proxies: Iterable[Proxy], seat_of: Mapping[str, str | None], now: datetime
) -> list[Proxy]:
    """The proxies in force that a register change ends: their holder's seat (``seat_of``: the
    member each holder represents after the change) no longer lets them hold it. Under
    ``holders: representatives`` a holder must represent a member, and nobody holds a proxy of
    the member they now represent themselves."""
    ended = []
    for proxy in in_force(proxies, now):
        seat = seat_of.get(proxy.holder)
        unseated = rules.holders is ProxyHolders.REPRESENTATIVES and seat is None
        if unseated or seat == proxy.member_id:
            ended.append(proxy)
    return ended
