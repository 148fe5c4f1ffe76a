"""Which language each reader gets: the pool's for a channel, the person's own for them alone.

A channel post is read by many people at once: it is in the pool's language, the charter's
``pool.language`` (English when the charter does not say). What is meant for one person (a
modal, the App Home, an ephemeral reply, a DM, a receipt) is in that person's Slack locale when
poolgov knows it (``users.info`` with ``include_locale``, cached: :mod:`bot.i18n.readers`), and
in the pool's language otherwise.

Listeners wrap what they render::

    with for_reader(rt, user_id):
        client.views_open(trigger_id=..., view=modal())
    with for_channel(rt):
        client.chat_postMessage(channel=..., blocks=post())
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from bot.i18n import Language, language_from_tag, speaking
from bot.runtime import Runtime
from governance.services.queries import rules_in_force


def _charter_language(rt: Runtime) -> Language:
    charter = rules_in_force(rt.reader(), rt.parse)  # its rules alone: never the register
    return language_from_tag(charter.pool.language) or Language.EN


def pool_language(rt: Runtime) -> Language:
    """The language of the pool's channel posts (``pool.language``)."""
    return rt.locales.pool(lambda: _charter_language(rt))


def slack_locale(rt: Runtime, user_id: str) -> str | None:
    """``user_id``'s Slack locale (``zh-CN``), asked of Slack at most once an hour."""

    def fetch(user: str) -> str | None:
        answer = rt.client.users_info(user=user, include_locale=True)
        locale = (answer.get("user") or {}).get("locale")
        return str(locale) if locale else None

    return rt.locales.locale(user_id, fetch)


def reader_language(rt: Runtime, user_id: str | None) -> Language:
    """The language of ``user_id``'s Slack, or the pool's when poolgov does not know it."""
    if user_id and rt.client is not None:
        known = language_from_tag(slack_locale(rt, user_id))
        if known is not None:
            return known
    return pool_language(rt)


@contextmanager
def for_channel(rt: Runtime) -> Iterator[Language]:
    with speaking(pool_language(rt)) as lang:
        yield lang


@contextmanager
def for_reader(rt: Runtime, user_id: str | None) -> Iterator[Language]:
    with speaking(reader_language(rt, user_id)) as lang:
        yield lang
