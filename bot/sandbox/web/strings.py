"""Every word the sandbox's page and command line say, in one place (to be translated later)."""

from __future__ import annotations

PAGE: dict[str, str] = {
    "title": "poolgov sandbox",
    "badge": "Sandbox: no Slack, practice data",
    "you_are": "You are",
    "channels": "Channels",
    "direct": "Direct messages",
    "home": "Home",
    "now": "Sandbox time",
    "plus_hour": "+1 hour",
    "plus_day": "+1 day",
    "to_deadline": "To the next deadline",
    "to_meeting": "To the next meeting",
    "no_deadline": "No open motion has a deadline ahead.",
    "no_meeting": "No meeting is scheduled ahead.",
    "reset": "Reset",
    "reset_confirm": "Start over with a new demo pool? Everything done here is forgotten.",
    "composer": "Type a slash command, e.g. /pool members",
    "composer_dm": "Type a slash command to poolgov",
    "send": "Send",
    "only_you": "Only visible to you",
    "edited": "(edited)",
    "submit": "Submit",
    "cancel": "Cancel",
    "close": "Close",
    "choose": "Choose…",
    "empty_channel": "Nothing here yet. Try a slash command below.",
    "empty_home": "Opening the Home tab…",
    "not_a_command": "Type a slash command: one of",
    "refused": "The sandbox could not deliver that (status {status}).",
    "role_operator": "operator",
    "role_member": "representative",
    "role_supervisor": "supervisor",
    "role_guest": "not in the pool",
    "private": "private",
    "working": "Working…",
}

CLI: dict[str, str] = {
    "not_connected": "poolgov is not connected to Slack: SLACK_BOT_TOKEN is not set.",
    "to_connect": "To connect to Slack, set these in the environment or in a .env file:",
    "manifest": "Create the Slack app from {manifest} (api.slack.com/apps → From a manifest;\n"
    "`poolgov manifest --http https://HOST` prints one for HTTP mode; `poolgov init --example`\n"
    "copies it and the example charter here to start from),\n"
    "install it to the workspace, then run `poolgov run` again.",
    "starting": "Meanwhile, poolgov runs here in the sandbox: a chat page in your browser, "
    "with no Slack at all.",
    "serving": "The sandbox is at {url}  (Ctrl-C stops it)",
    "seeded": "Demo pool ready: an admission open with votes, a fee change drafted, a meeting "
    "in two days, a complaint filed.",
    "database": "Sandbox database: {database} (marked as a sandbox; real Slack refuses it)",
    "exposed": "Warning: the sandbox is served on {host}, not only on this machine. Anyone "
    "who can reach it can act as any member of the practice pool.",
    "stopped": "Sandbox stopped.",
}
