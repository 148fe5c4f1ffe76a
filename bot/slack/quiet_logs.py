"""Keep Slack request and response bodies out of the logs.

slack_sdk logs every Web API request and response body at DEBUG, and ``views.open`` carries a
complaint's content to the people allowed to read it. Rather than trusting every deployment to
keep DEBUG off, the Slack client's loggers never emit a body: the filter keeps the URL (or the
status) and withholds the rest, for every method. Filters on a logger see the records created on
it, so :func:`install` names the loggers slack_sdk writes bodies to.
"""

from __future__ import annotations

import logging

BODY_LOGGERS = (
    "poolgov.slack",  # the bot's WebClient (bot.app.web_client)
    "slack_sdk.web.base_client",  # any WebClient built without a logger
    "slack_sdk.webhook.client",  # response_url posts (Bolt's respond)
    "slack_bolt.context.respond.internals",
)
_MARKERS = ("Sending a request - ", "Received the following response - ")


class WithholdBodies(logging.Filter):
    """Rewrite slack_sdk's request/response log lines to their first field, at any level."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.msg if isinstance(record.msg, str) else ""
        if message.startswith(_MARKERS):
            record.msg = message.split(",", 1)[0] + ", (body withheld)"
            record.args = ()
        return True


_FILTER = WithholdBodies()


def install() -> None:
    """Idempotent: add the filter to each logger that slack_sdk writes bodies to."""
    for name in BODY_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
