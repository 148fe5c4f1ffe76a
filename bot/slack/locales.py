"""Which language each reader gets: the pool's for a channel, the person's own for them alone.

A channel post is read by many people at once: it is in the pool's language, the charter's
``pool.language`` (English when the charter does not say). What is meant for one person (a
modal, the App Home, an ephemeral reply, a DM, a receipt) is in that person's Slack locale when
poolgov knows it, and in the pool's language otherwise.

Listeners wrap what they render::

    with for_reader(rt, user_id):
        client.views_open(trigger_id=..., view=modal())
    with for_channel(rt):
        client.chat_postMessage(channel=..., blocks=post())
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from bot.i18n import Language, speaking
from bot.runtime import Runtime


def pool_language(rt: Runtime) -> Language:
    """The language of the pool's channel posts."""
    return Language.EN


def reader_language(rt: Runtime, user_id: str | None) -> Language:
    """The language of ``user_id``'s Slack, or the pool's when poolgov does not know it."""
    return pool_language(rt)


@contextmanager
def for_channel(rt: Runtime) -> Iterator[Language]:
    with speaking(pool_language(rt)) as lang:
        yield lang


@contextmanager
def for_reader(rt: Runtime, user_id: str | None) -> Iterator[Language]:
    with speaking(reader_language(rt, user_id)) as lang:
        yield lang
