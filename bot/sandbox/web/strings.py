"""Every word the sandbox's page and command line say, in one place, marked for the catalog.

:data:`PAGE` and :data:`CLI` hold the English; :func:`page_strings` and :func:`cli_text` give
them in the language being spoken (the page's from the browser's ``Accept-Language``, the
command line's from ``LANG``).
"""

from __future__ import annotations

from bot.i18n import N_, Language, _, language_from_tag

PAGE: dict[str, str] = {
    "title": N_("poolgov sandbox"),
    "badge": N_("Sandbox: no Slack, practice data"),
    "you_are": N_("You are"),
    "channels": N_("Channels"),
    "direct": N_("Direct messages"),
    "home": N_("Home"),
    "now": N_("Sandbox time"),
    "plus_hour": N_("+1 hour"),
    "plus_day": N_("+1 day"),
    "to_deadline": N_("To the next deadline"),
    "to_meeting": N_("To the next meeting"),
    "no_deadline": N_("No open motion has a deadline ahead."),
    "no_meeting": N_("No meeting is scheduled ahead."),
    "reset": N_("Reset"),
    "reset_confirm": N_("Start over with a new demo pool? Everything done here is forgotten."),
    "composer": N_("Type a slash command, e.g. /pool members"),
    "composer_dm": N_("Type a slash command to poolgov"),
    "send": N_("Send"),
    "only_you": N_("Only visible to you"),
    "edited": N_("(edited)"),
    "submit": N_("Submit"),
    "cancel": N_("Cancel"),
    "close": N_("Close"),
    "choose": N_("Choose…"),
    "empty_channel": N_("Nothing here yet. Try a slash command below."),
    "empty_home": N_("Opening the Home tab…"),
    "not_a_command": N_("Type a slash command: one of"),
    "refused": N_("The sandbox could not deliver that (status {status})."),
    "role_operator": N_("operator"),
    "role_member": N_("representative"),
    "role_supervisor": N_("supervisor"),
    "role_guest": N_("not in the pool"),
    "private": N_("private"),
    "working": N_("Working…"),
}

CLI: dict[str, str] = {
    "not_connected": N_("poolgov is not connected to Slack: SLACK_BOT_TOKEN is not set."),
    "to_connect": N_("To connect to Slack, set these in the environment or in a .env file:"),
    "manifest": N_(
        "Create the Slack app from {manifest} (api.slack.com/apps → From a manifest;\n"
        "`poolgov manifest --http https://HOST` prints one for HTTP mode; "
        "`poolgov init --example`\n"
        "copies it and the example charter here to start from),\n"
        "install it to the workspace, then run `poolgov run` again."
    ),
    "starting": N_(
        "Meanwhile, poolgov runs here in the sandbox: a chat page in your browser, "
        "with no Slack at all."
    ),
    "serving": N_("The sandbox is at {url}  (Ctrl-C stops it)"),
    "seeded": N_(
        "Demo pool ready: an admission open with votes, a fee change drafted, a meeting "
        "in two days, a complaint filed."
    ),
    "database": N_("Sandbox database: {database} (marked as a sandbox; real Slack refuses it)"),
    "exposed": N_(
        "Warning: the sandbox is served on {host}, not only on this machine. Anyone "
        "who can reach it can act as any member of the practice pool."
    ),
    "stopped": N_("Sandbox stopped."),
}


def page_strings() -> dict[str, str]:
    """:data:`PAGE` in the language being spoken."""
    return {key: _(text) for key, text in PAGE.items()}


def cli_text(key: str) -> str:
    """One of :data:`CLI` in the language being spoken."""
    return _(CLI[key])


def browser_language(accept_language: str | None) -> Language:
    """The first language of an ``Accept-Language`` header poolgov speaks, else English."""
    for part in (accept_language or "").split(","):
        found = language_from_tag(part.split(";")[0].strip())
        if found is not None:
            return found
    return Language.EN
