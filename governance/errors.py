"""Every refusal the pool's rules can give, as one tree.

::

    GovernanceError
    ├── CharterError                 a charter breaks a rule (problems carry key paths)
    ├── UnknownMember                a member id not in the register
    ├── PayloadInvalid               a motion's payload (or a text) does not fit
    ├── RegisterRowRefused ⁴         one update among many (a row of the annual count) refused
    ├── ConflictAlreadyDeclared ⁵    a member declares one conflict of interest per motion
    ├── PoolNotInitialised ¹         no charter recorded yet: run ``poolgov init``
    ├── PoolAlreadyInitialised ¹     ``poolgov init`` ran on this database before
    ├── NotAReceipt ¹                the text is not a receipt code
    ├── UnknownReceipt ¹             no ballot of the asker's member has this receipt
    ├── MotionError
    │   ├── MotionNotOpen            closed or withdrawn
    │   ├── VotingClosed             the deadline has passed
    │   ├── NotInElectorate          not a member of the electorate (unknown or recused)
    │   ├── RecusedByDeclaration ⁵   the member's declared conflict recused it until the close
    │   ├── VoteChangeNotAllowed     the charter forbids changing a cast vote
    │   ├── TooEarlyToClose          the deadline is ahead and not everyone has voted
    │   ├── MotionNotShown           its post has not reached the channel: no voting period yet
    │   └── UnknownMotion ¹          no motion has this id
    ├── ProxyError ⁶
    │   ├── ProxiesNotAllowed        the charter does not allow proxies (``proxies.allowed``)
    │   ├── ProxyChain               a holder cannot pass a proxy on
    │   ├── ProxyGiverNotRepresentative  only a member's representative gives its proxy
    │   ├── ProxyHolderNotEligible   the holder may not hold this member's proxy
    │   ├── ProxyHolderFull          the holder already holds ``proxies.max_held`` proxies
    │   ├── ProxyAlreadyGiven        one proxy at a time per member: revoke it first
    │   ├── ProxyInstructionsNotAllowed  ``proxies.instructions`` is false
    │   ├── ProxyForRecusedMember    no proxy for a member recused from the motion
    │   ├── ProxyScopeInvalid        the motion or the date the proxy is for does not fit
    │   ├── NoProxyGiven             the member has no proxy in force to revoke
    │   ├── ProxyAlreadyUsed         the holder has voted with it: no longer revocable
    │   ├── NoProxyHeld              the voter holds no proxy for that member on that motion
    │   ├── ProxyLapsed              the holder lost the seat that let them hold it
    │   ├── MemberVotedItself        the member's own representative voted, which supersedes
    │   └── ProxyInstructionBreached  the ballot breaks the proxy's instruction
    ├── ComplaintError
    │   ├── ComplaintWrongStatus     the step does not fit the complaint's status
    │   ├── ComplaintAlreadyMotion   the escalated complaint already became a motion
    │   └── UnknownComplaint ²       no complaint has this id
    ├── AnonymityNotAllowed          the charter does not allow anonymous complaints
    ├── MeetingError
    │   ├── UnknownMeeting           no meeting in the charter has this id
    │   ├── NotAnOccurrence          the meeting does not take place at that time
    │   ├── AgendaClosed             the agenda closed ``agenda_closes`` before the start
    │   ├── AgendaItemInvalid        an agenda item is empty or too long
    │   ├── UnknownOccurrence ³      no occurrence has this key
    │   ├── OccurrenceCancelled ³    the occurrence was cancelled
    │   ├── OccurrenceOver ³         the occurrence has started or ended
    │   ├── CheckInNotOpen ³         check-in opens at the start and closes at the end
    │   ├── MeetingNotHeldYet ³      minutes wait until the meeting has started
    │   ├── NoOpenAgenda ³           no upcoming meeting takes agenda items now
    │   ├── MeetingInputMissing ³    a meeting change lacks a field it needs
    │   ├── MeetingAlreadyScheduled ³  a one-off at a time already taken
    │   ├── OneOffNotMovable ³       a one-off is replaced, not moved
    │   ├── MinutesInvalid ³         minutes are empty or too long
    │   └── MinutesRefused ⁷         a step the minutes' lifecycle does not allow
    │       ├── MinutesLocked        approved and locked: a later correction needs a new motion
    │       ├── MinutesNotCirculated  the minutes are not out for review
    │       ├── ReviewClosed         the review period is over: corrections are closed
    │       ├── ActionsClosed        approved minutes take no more follow-up actions
    │       ├── CorrectionInvalid    a correction or a decision's reason is empty or too long
    │       ├── CorrectionUnknown    the minutes have no correction with this number
    │       ├── CorrectionAlreadyDecided  the correction was accepted or declined already
    │       ├── CorrectionsPending   approval waits for every correction's decision
    │       ├── MinutesUnknown ⁸     no minutes are recorded for the meeting
    │       └── ApprovalMeetingInvalid ⁸  the approving meeting is not a later one that started
    ├── ActionError ⁹
    │   ├── UnknownAction            no follow-up action has this id
    │   ├── ActionAlreadyDone        the action is done already
    │   ├── NotActionOwner           only the action's owner or the operator marks it done
    │   └── ActionInvalid            a description, note, owner or motion does not fit
    └── NotAuthorised                the actor does not hold the role the action needs

Defined next to what raises them: ¹ ``governance/services/errors.py``,
² ``governance/services/complaint_commands.py``, ³ ``governance/meetings/errors.py``,
⁴ ``governance/services/pool.py``, ⁵ ``governance/conflicts.py``, ⁶ ``governance/proxies.py``,
⁷ ``governance/minutes/lifecycle.py``, ⁸ ``governance/services/minutes_review.py``,
⁹ ``governance/actions.py``.

Each error keeps its facts as attributes and reads as a sentence to the person refused.
:meth:`GovernanceError.refusal` gives that sentence as poolgov's template (marked for the catalog
with :func:`governance.texts.N_`, or :func:`~governance.texts.Nn_` where a number picks the
form) and its named facts: ``str(error)`` is the English, and the bot fills the template's
translation in the reader's language, escaping the facts, naming the members among them
(``members``) and mentioning the users (``users``).
Expected outcomes (a motion that fails, a quorum not met) are results, never errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from governance.texts import N_, Plural

#: the named facts a refusal's template is filled with: ids, numbers, dates, poolgov's words
Facts = dict[str, str | int]


class GovernanceError(Exception):
    """Base of every rule the pool refuses to break."""

    #: facts whose values are poolgov's own words (an action, a role, a reason), translated
    #: where the refusal is shown; every other fact is data (an id, a number, a date)
    words: ClassVar[tuple[str, ...]] = ()
    #: facts that are member ids (the bot may show the member's name) and Slack user ids (the
    #: bot mentions the user); in ``str(error)`` both read as the id
    members: ClassVar[tuple[str, ...]] = ()
    users: ClassVar[tuple[str, ...]] = ()

    def refusal(self) -> tuple[str, Facts]:
        """The refusal as a template (poolgov's words, marked for the catalog; a
        :class:`~governance.texts.Plural` where a number picks the form) and its facts.

        A refusal that writes its own ``__str__`` instead is shown as that English sentence.
        """
        own = type(self).__str__
        said = own(self) if own is not GovernanceError.__str__ else Exception.__str__(self)
        return "{error}", {"error": said}

    def __str__(self) -> str:
        template, facts = self.refusal()
        if isinstance(template, Plural):
            return template.english(facts).format(**facts)
        return template.format(**facts)

    def __reduce__(self) -> tuple[Any, ...]:
        # A refusal may cross into another process (ballots are recorded in one of their own):
        # it is rebuilt from its state, whatever its constructor asks for.
        return (_rebuilt, (type(self), self.args, dict(self.__dict__)))


def _rebuilt(
    kind: type[GovernanceError], args: tuple[Any, ...], state: dict[str, Any]
) -> GovernanceError:
    error = kind.__new__(kind)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a charter, at a key path such as ``weights.cap``."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class CharterError(GovernanceError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems

    def refusal(self) -> tuple[str, Facts]:
        return "{problems}", {"problems": "; ".join(str(p) for p in self.problems)}


class UnknownMember(GovernanceError):
    def __init__(self, member_id: str) -> None:
        super().__init__(member_id)
        self.member_id = member_id

    def refusal(self) -> tuple[str, Facts]:
        return N_("{member} is not a member of the pool."), {"member": repr(self.member_id)}


class _Reasoned(GovernanceError):
    """A refusal with a reason: poolgov's words, or a template (marked for the catalog) filled
    with ``facts``, so that the bot can show the reason in the reader's language too."""

    words = ("reason",)
    reason: str
    reason_template: str
    reason_facts: Facts

    def _reason(self, reason: str, facts: Facts) -> str:
        self.reason_template = reason
        self.reason_facts = dict(facts)
        self.reason = reason.format(**facts) if facts else reason
        return self.reason


class PayloadInvalid(_Reasoned):
    def __init__(self, field: str, reason: str, **facts: str | int) -> None:
        self.field = field
        super().__init__(field, self._reason(reason, facts))

    def refusal(self) -> tuple[str, Facts]:
        return "{field}: {reason}", {"field": self.field, "reason": self.reason}


class MotionError(GovernanceError):
    def __init__(self, motion_id: str) -> None:
        super().__init__(motion_id)
        self.motion_id = motion_id


class MotionNotOpen(MotionError):
    def __init__(self, motion_id: str, state: str) -> None:
        super().__init__(motion_id)
        self.state = state

    def refusal(self) -> tuple[str, Facts]:
        template = {
            "carried": N_("Motion {motion} is carried; it no longer takes votes or changes."),
            "failed": N_("Motion {motion} is failed; it no longer takes votes or changes."),
            "no_quorum": N_("Motion {motion} is no_quorum; it no longer takes votes or changes."),
            "withdrawn": N_("Motion {motion} is withdrawn; it no longer takes votes or changes."),
        }.get(self.state)
        if template is None:
            return (
                N_("Motion {motion} is {state}; it no longer takes votes or changes."),
                {"motion": self.motion_id, "state": self.state},
            )
        return template, {"motion": self.motion_id}


class VotingClosed(MotionError):
    def __init__(self, motion_id: str, closes_at: datetime) -> None:
        super().__init__(motion_id)
        self.closes_at = closes_at

    def refusal(self) -> tuple[str, Facts]:
        return N_("Voting on motion {motion} closed at {closes_at}."), {
            "motion": self.motion_id,
            "closes_at": self.closes_at.isoformat(),
        }


class NotInElectorate(MotionError):
    def __init__(self, motion_id: str, member_id: str, recused: bool) -> None:
        super().__init__(motion_id)
        self.member_id = member_id
        self.recused = recused

    def refusal(self) -> tuple[str, Facts]:
        facts: Facts = {"member": self.member_id, "motion": self.motion_id}
        if self.recused:
            return N_(
                "{member} is recused from motion {motion} because the motion concerns it."
            ), facts
        return N_("{member} is not in the electorate of motion {motion}."), facts


class VoteChangeNotAllowed(MotionError):
    def __init__(self, motion_id: str, member_id: str, recorded: str) -> None:
        super().__init__(motion_id)
        self.member_id = member_id
        self.recorded = recorded

    def refusal(self) -> tuple[str, Facts]:
        facts: Facts = {"member": self.member_id, "motion": self.motion_id}
        template = {
            "yes": N_(
                "{member} already voted yes on motion {motion}, "
                "and the charter does not allow changing a vote."
            ),
            "no": N_(
                "{member} already voted no on motion {motion}, "
                "and the charter does not allow changing a vote."
            ),
            "abstain": N_(
                "{member} already voted abstain on motion {motion}, "
                "and the charter does not allow changing a vote."
            ),
        }.get(self.recorded)
        if template is None:
            return N_(
                "{member} already voted {recorded} on motion {motion}, "
                "and the charter does not allow changing a vote."
            ), {**facts, "recorded": self.recorded}
        return template, facts


class TooEarlyToClose(MotionError):
    def __init__(self, motion_id: str, closes_at: datetime, not_voted: int) -> None:
        super().__init__(motion_id)
        self.closes_at = closes_at
        self.not_voted = not_voted

    def refusal(self) -> tuple[str, Facts]:
        return N_("Motion {motion} closes at {closes_at}; {count} member(s) have not voted yet."), {
            "motion": self.motion_id,
            "closes_at": self.closes_at.isoformat(),
            "count": self.not_voted,
        }


class MotionNotShown(MotionError):
    """The motion is recorded but its post has not reached the members' channel yet."""

    def refusal(self) -> tuple[str, Facts]:
        return N_(
            "Motion {motion} is recorded but not yet shown to the members, so its "
            "voting period has not started; it takes votes once its post is in the channel."
        ), {"motion": self.motion_id}


class NotAuthorised(GovernanceError):
    words = ("role", "action")

    def __init__(self, action: str, role: str) -> None:
        super().__init__(action, role)
        self.action = action
        self.role = role

    def refusal(self) -> tuple[str, Facts]:
        return N_("Only the {role} may {action}."), {"role": self.role, "action": self.action}


class ComplaintError(GovernanceError):
    def __init__(self, complaint_id: str) -> None:
        super().__init__(complaint_id)
        self.complaint_id = complaint_id


class ComplaintWrongStatus(ComplaintError):
    words = ("status", "action", "allowed", "other")

    def __init__(
        self, complaint_id: str, status: str, action: str, allowed: tuple[str, ...]
    ) -> None:
        super().__init__(complaint_id)
        self.status = status
        self.action = action
        self.allowed = allowed

    def refusal(self) -> tuple[str, Facts]:
        facts: Facts = {
            "complaint": self.complaint_id,
            "status": self.status,
            "action": self.action,
        }
        if len(self.allowed) == 2:
            return N_(
                "Complaint {complaint} is {status}; it can be {action} only while {allowed} "
                "or {other}."
            ), {**facts, "allowed": self.allowed[0], "other": self.allowed[1]}
        return N_("Complaint {complaint} is {status}; it can be {action} only while {allowed}."), {
            **facts,
            "allowed": " or ".join(self.allowed),
        }


class ComplaintAlreadyMotion(ComplaintError):
    def __init__(self, complaint_id: str, motion_id: str) -> None:
        super().__init__(complaint_id)
        self.motion_id = motion_id

    def refusal(self) -> tuple[str, Facts]:
        return N_("Complaint {complaint} already became motion {motion}."), {
            "complaint": self.complaint_id,
            "motion": self.motion_id,
        }


class AnonymityNotAllowed(GovernanceError):
    def refusal(self) -> tuple[str, Facts]:
        return N_(
            "The charter does not allow anonymous complaints (complaints.anonymous is false); "
            "file it under your name."
        ), {}


class MeetingError(GovernanceError):
    """Base of the refusals about meetings, their occurrences and agendas."""


class UnknownMeeting(MeetingError):
    def __init__(self, meeting_id: str) -> None:
        super().__init__(meeting_id)
        self.meeting_id = meeting_id

    def refusal(self) -> tuple[str, Facts]:
        return N_("There is no meeting {meeting} in the charter."), {
            "meeting": repr(self.meeting_id)
        }


class NotAnOccurrence(MeetingError):
    def __init__(self, meeting_id: str, start: datetime) -> None:
        super().__init__(meeting_id, start)
        self.meeting_id = meeting_id
        self.start = start

    def refusal(self) -> tuple[str, Facts]:
        return N_("The {meeting} meeting does not take place at {start}."), {
            "meeting": self.meeting_id,
            "start": self.start.isoformat(),
        }


class AgendaClosed(MeetingError):
    def __init__(self, occurrence_key: str, closes_at: datetime) -> None:
        super().__init__(occurrence_key, closes_at)
        self.occurrence_key = occurrence_key
        self.closes_at = closes_at

    def refusal(self) -> tuple[str, Facts]:
        return N_(
            "The agenda of {meeting} closed at {closes_at}; "
            "raise the item under any other business or at the next meeting."
        ), {"meeting": self.occurrence_key, "closes_at": self.closes_at.isoformat()}


class AgendaItemInvalid(MeetingError, _Reasoned):
    def __init__(self, occurrence_key: str, reason: str, **facts: str | int) -> None:
        self.occurrence_key = occurrence_key
        super().__init__(occurrence_key, self._reason(reason, facts))

    def refusal(self) -> tuple[str, Facts]:
        return N_("That agenda item cannot be added: {reason}."), {"reason": self.reason}
