"""A governance refusal in the reader's language, escaped for mrkdwn.

``governance`` keeps each refusal as its English template (marked for the catalog with
:func:`governance.texts.N_`) and named facts (:meth:`~governance.errors.GovernanceError.refusal`).
Here the template is translated, the facts that are poolgov's own words (an action, a role, a
reason: the error's ``words``) are translated too, members are named where the caller knows their
names (``members``), users are mentioned (``users``), and every other fact is escaped, as
``plain(str(error))`` escapes the English.

The words below are the ones the services pass as those facts; they are marked here for the
catalog so that ``governance`` needs no change to have them translated.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from bot.i18n import N_, Language, _, language, ngettext
from bot.i18n.formats import format_datetime
from bot.i18n.speech import filled
from bot.slack.mrkdwn import Mrkdwn, mention, plain
from governance.errors import Facts, GovernanceError
from governance.quantities import QuantityInvalid
from governance.texts import Plural

#: roles, actions, statuses and reasons the services name in their refusals
WORDS = (
    # roles ("Only the <role> may …")
    N_("operator"),
    N_("supervisors"),
    N_("supervisors and the operator"),
    N_("members' representatives"),
    N_("representatives of the pool's members"),
    # actions ("… may <action>")
    N_("put a motion to the members"),
    N_("withdraw a motion"),
    N_("update the register"),
    N_("record minutes"),
    N_("add follow-up actions"),
    N_("add follow-up actions from the minutes"),
    N_("add a meeting"),
    N_("move a meeting"),
    N_("cancel a meeting"),
    N_("vote"),
    N_("propose agenda items"),
    N_("answer the invitation"),
    N_("add it"),
    N_("move it"),
    N_("move it there"),
    N_("cancel it"),
    N_("answer for a member"),
    N_("check in for a member"),
    N_("file a complaint"),
    N_("see complaints"),
    N_("see or act on complaints"),
    N_("read a complaint"),
    N_("acknowledge a complaint"),
    N_("answer a complaint"),
    N_("accept an answer"),
    N_("reject an answer"),
    N_("turn a complaint into a motion"),
    # a complaint's statuses, and what a step makes of it ("it can be <done> only while …")
    N_("filed"),
    N_("acknowledged"),
    N_("answered"),
    N_("closed"),
    N_("escalated"),
    N_("escalated by rejecting its answer"),
    N_("turned into a motion"),
    # reasons a payload or an agenda item is refused
    N_("is required"),
    N_("must be 0 or more"),
    N_("must be longer than 0"),
    N_("must not be empty"),
    N_("name at least one representative"),
    N_("use 1-32 lowercase letters, digits or '-'"),
    N_("is the same as the current royalty"),
    N_("state what the members are asked to resolve"),
    N_("it has no text"),
    # what a number typed into a command or a form is ("write <what> in the digits 0-9")
    N_("a motion number"),
    N_("a complaint number"),
    N_("the number of patents"),
    N_("a number"),
)


def reason_text(error: GovernanceError) -> str:
    """The ``reason`` of a refusal that has one, in the language being spoken."""
    reason = str(getattr(error, "reason", ""))
    template = getattr(error, "reason_template", reason)
    facts = getattr(error, "reason_facts", None) or {}
    if facts:
        return _(template).format(**facts)
    return _(reason) if reason else reason  # _("") would be the catalog's header


def refusal_text(error: GovernanceError, names: Mapping[str, str] | None = None) -> Mrkdwn:
    """``error`` as the person refused reads it, in the language being spoken: its members by
    name where ``names`` has them, its users mentioned, everything else escaped.

    A refusal that writes its own ``__str__`` (rather than a template and facts) is shown as
    that sentence reads.
    """
    if type(error).__str__ is not GovernanceError.__str__:
        return plain(str(error))
    template, facts = error.refusal()
    shown: dict[str, str | int] = {
        name: mention(str(value)) if name in error.users else value
        for name, value in _shown(error, facts, names).items()
    }
    if isinstance(template, Plural):
        return filled(template, shown, template.plural, int(facts[template.counted]))
    return filled(template, shown)


def refusal_sentence(error: GovernanceError, names: Mapping[str, str] | None = None) -> str:
    """:func:`refusal_text` as plain text, for a modal's field error (not mrkdwn)."""
    if type(error).__str__ is not GovernanceError.__str__:
        return str(error)
    template, facts = error.refusal()
    shown = _shown(error, facts, names)
    if isinstance(template, Plural):
        return ngettext(template, template.plural, int(facts[template.counted])).format(**shown)
    return _(template).format(**shown)


def _shown(
    error: GovernanceError, facts: Facts, names: Mapping[str, str] | None
) -> dict[str, str | int]:
    """The facts as the reader sees them: poolgov's words translated, members named, instants
    written as the language writes them."""
    named = names or {}
    return {
        name: _word(error, name, value)
        if name in error.words
        else named.get(str(value), value)
        if name in error.members
        else _instant(value)
        for name, value in facts.items()
    }


def _word(error: GovernanceError, name: str, value: str | int) -> str | int:
    if name == "reason":
        return reason_text(error)
    return _said(value)


def _said(value: str | int) -> str | int:
    """One of poolgov's own words in the language being spoken; a number or ``""`` as it is
    (``_("")`` would be the catalog's header)."""
    return _(value) if isinstance(value, str) and value else value


def _instant(value: str | int) -> str | int:
    """An instant a refusal names (ISO 8601 in English, as ``str(error)`` has it), as Chinese
    writes a date: ``2027年1月5日 02:00（UTC）``."""
    if language() is not Language.ZH_HANS or not isinstance(value, str) or "T" not in value:
        return value
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        return value
    if instant.tzinfo is None or instant.utcoffset():
        return value
    return f"{format_datetime(instant, UTC, Language.ZH_HANS)}（UTC）"


def quantity_text(error: ValueError) -> str:
    """A number or duration that does not read, in the language being spoken (plain text: a
    field error, or a fact that :func:`bot.i18n.t` escapes)."""
    if not isinstance(error, QuantityInvalid):
        return str(error)
    facts = {
        name: _said(value) if name in error.words else value for name, value in error.facts.items()
    }
    return _(error.template).format(**facts)
