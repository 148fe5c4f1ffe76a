"""The sender of the notice outbox: lease, (look,) post, mark sent. Every notice goes this way.

``enqueue(rt, key, channel, text, blocks)`` queues a notice, ``post(...)`` queues and sends it
at once, ``deliver(rt, key)`` sends one queued notice, and the sweep's ``deliver_due(rt)`` sends
whatever is pending and free: notices whose first send failed, and those whose sender died.

A send leases the notice for ``POOLGOV_NOTICE_LEASE`` seconds (committed before the post), posts
it with Slack message metadata ``{"event_type": "poolgov_notice", "event_payload": {"key": …}}``,
and marks it sent with the channel and ts. A notice leased again after a lease that neither sent
nor gave up (*reclaimed*: its sender died, or Slack never answered) may be in Slack already, so
before posting it again the sender reads the conversation's history from shortly before the
notice was first leased (``conversations.history`` with ``include_all_metadata``, or
``conversations.replies`` for a reply in a thread; for a DM, in the IM channel from
``conversations.open``), and if the key is there marks it sent instead.
Slack refusing a post (``not_in_channel``…) gives the lease back for the next sweep; the
notice stays pending. Content is stored at enqueue time, or rendered at send time from the
database (:mod:`bot.notice_content`) for the motion post and its result.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from slack_sdk.errors import SlackApiError

from bot import notice_content
from bot.faults import kill_point
from bot.runtime import Runtime
from governance.notices import OutboxNotice, motion_of_notice, motion_post_key
from governance.services import notices

log = logging.getLogger(__name__)

METADATA_TYPE = "poolgov_notice"
#: how far before the first lease the history is read (Slack's clock and ours may differ)
SEARCH_MARGIN = timedelta(seconds=60)
HISTORY_PAGE = 200
HISTORY_PAGES = 25
#: a notice the sweep leaves to the listener or job that just enqueued it
FRESH = timedelta(seconds=5)
#: Slack's answers that mean the conversation refuses the bot (the operator must act)
REFUSED = frozenset({"not_in_channel", "channel_not_found", "is_archived"})


class Outcome(StrEnum):
    SENT = "sent"  # posted now
    FOUND = "found"  # reclaimed and already in Slack: marked sent, not posted again
    BUSY = "busy"  # leased by someone else, waiting for another notice, or no longer pending
    DROPPED = "dropped"  # no longer wanted
    FAILED = "failed"  # not sent; pending again for the next sweep


@dataclass(frozen=True)
class Delivery:
    key: str
    outcome: Outcome
    error: str | None = None
    channel: str | None = None
    ts: str | None = None

    @property
    def delivered(self) -> bool:
        return self.outcome in (Outcome.SENT, Outcome.FOUND)


class HistoryTooLong(Exception):
    def __str__(self) -> str:
        return "the conversation's history since the first lease is longer than poolgov reads"


def metadata(key: str) -> dict[str, Any]:
    return {"event_type": METADATA_TYPE, "event_payload": {"key": key}}


def content_of(
    text: str, blocks: list[dict[str, Any]] | None = None, thread_ts: str | None = None
) -> dict[str, Any]:
    content = {"text": text, "blocks": list(blocks or [])}
    return {**content, "thread_ts": thread_ts} if thread_ts else content


def enqueue(
    rt: Runtime,
    key: str,
    channel: str,
    text: str,
    blocks: list[dict[str, Any]] | None = None,
    *,
    post_key: str | None = None,
    thread_ts: str | None = None,
) -> bool:
    """Queue a notice (once per key: False if it was queued before). :func:`deliver` sends it;
    the sweep sends it anyway if no one does. ``thread_ts``: a reply in that message's thread."""
    content = content_of(text, blocks, thread_ts)
    return notices.enqueue(rt.new_uow(), key, channel, rt.clock(), content, post_key)


def post(
    rt: Runtime,
    key: str,
    channel: str,
    text: str,
    blocks: list[dict[str, Any]] | None = None,
    *,
    post_key: str | None = None,
    thread_ts: str | None = None,
) -> Delivery:
    """Queue a notice and send it now; exactly once per key, whoever asks how often."""
    enqueue(rt, key, channel, text, blocks, post_key=post_key, thread_ts=thread_ts)
    return deliver(rt, key)


def lease_length(rt: Runtime) -> timedelta:
    return timedelta(seconds=rt.settings.notice_lease)


def deliver(rt: Runtime, key: str, *, before_send: Callable[[str], None] | None = None) -> Delivery:
    """Send one queued notice if it is free; ``before_send(channel)`` runs just before the post
    (the fan-out's pacer)."""
    now = rt.clock()
    token = secrets.token_hex(8)
    notice = notices.lease(rt.new_uow(), key, now, now + lease_length(rt), token)
    if notice is None:
        return Delivery(key, Outcome.BUSY)
    kill_point("leased", key)
    # may the notice be in Slack already? A reclaimed one may, until the history says not
    uncertain = notice.reclaimed
    posting = False
    try:
        prepared = _prepare(rt, notice)
        if prepared is None:
            notices.drop(rt.new_uow(), key, "no longer wanted")
            return Delivery(key, Outcome.DROPPED)
        content, shown_at = prepared
        if notice.reclaimed:
            found = find_in_slack(rt, notice)
            if found is not None:
                channel, ts = found
                _finish(rt, notice, channel, ts, instant_of(ts), found=True)
                log.info("notice %s was in Slack already; marked sent", key)
                return Delivery(key, Outcome.FOUND, channel=channel, ts=ts)
            uncertain = False
        if before_send is not None:
            before_send(notice.channel)
        posting = True
        answer = rt.client.chat_postMessage(
            channel=notice.channel,
            text=content["text"],
            blocks=content.get("blocks") or None,
            thread_ts=content.get("thread_ts") or None,
            metadata=metadata(key),
        )
        kill_point("sent", key)
        channel, ts = str(answer["channel"]), str(answer["ts"])
    except SlackApiError as error:
        reason = str(error.response.get("error")) if error.response is not None else "error"
        status = getattr(error.response, "status_code", 200)
        uncertain = uncertain or (posting and status >= 500)
        notices.release(rt.new_uow(), key, token, reason, certain=not uncertain)
        log.warning("notice %s not sent (%s); pending for the next sweep", key, reason)
        return Delivery(key, Outcome.FAILED, error=reason)
    except Exception as error:
        # no answer from Slack: the post may have landed, so the next lease looks first
        uncertain = uncertain or posting
        notices.release(rt.new_uow(), key, token, type(error).__name__, certain=not uncertain)
        log.warning("notice %s: %s; pending for the next sweep", key, type(error).__name__)
        return Delivery(key, Outcome.FAILED, error=type(error).__name__)
    _finish(rt, notice, channel, ts, shown_at, found=False)
    return Delivery(key, Outcome.SENT, channel=channel, ts=ts)


def deliver_due(rt: Runtime, pace: Callable[[str], None] | None = None) -> list[Delivery]:
    """Send every pending notice that is free now (the sweep; ``pace`` paces the DMs)."""
    now = rt.clock()
    done = []
    for key in notices.due(rt.reader(), now, now - FRESH):
        notice = notices.get(rt.reader(), key)
        is_dm = notice is not None and notice_content.is_user(notice.channel)
        done.append(deliver(rt, key, before_send=pace if is_dm else None))
    return done


def _prepare(rt: Runtime, notice: OutboxNotice) -> tuple[Mapping[str, Any], datetime] | None:
    """What to post, and the instant it is shown; ``None`` when it is no longer wanted."""
    shown_at = rt.clock()
    if notice.content is not None:
        if not notice_content.still_wanted(rt, notice.content):
            return None
        return notice.content, shown_at
    rendered = notice_content.render(rt, notice.key, shown_at)
    return (rendered, shown_at) if rendered is not None else None


def _finish(
    rt: Runtime, notice: OutboxNotice, channel: str, ts: str, shown_at: datetime, *, found: bool
) -> None:
    motion_id = motion_of_notice(notice.key)
    if motion_id is not None and notice.key == motion_post_key(motion_id):
        motion_is_posted(rt, motion_id, channel, ts, shown_at, refresh=found)
        return
    notices.mark_sent(rt.new_uow(), notice.key, channel, ts, rt.clock())


def motion_is_posted(
    rt: Runtime, motion_id: str, channel: str, ts: str, shown_at: datetime, *, refresh: bool
) -> bool:
    """The motion's post is in ``channel`` at ``ts``: mark it sent and start its period (once).
    ``refresh``: the message shows what was rendered then, so show it as it is now."""
    shown = notices.motion_posted(rt.new_uow(), motion_id, channel, ts, shown_at, rt.clock())
    if shown is not None:
        log.info("motion %s shown in %s; voting closes %s", motion_id, channel, shown.closes_at)
        for hook in rt.on_motion_shown:
            hook(motion_id, shown.closes_at)
    if refresh or shown is None:
        rt.refresh(f"motion:{motion_id}", True)
    return shown is not None


def posted_at(rt: Runtime, key: str, channel: str, ts: str) -> bool:
    """Whether the message at ``ts`` in ``channel`` is the notice ``key`` (Slack's word for it)."""
    page = rt.client.conversations_history(
        channel=channel, latest=ts, oldest=ts, inclusive=True, include_all_metadata=True, limit=1
    )
    for message in page.get("messages") or []:
        meta = message.get("metadata") or {}
        payload = meta.get("event_payload") or {}
        if message.get("ts") == ts and meta.get("event_type") == METADATA_TYPE:
            return bool(payload.get("key") == key)
    return False


def find_in_slack(rt: Runtime, notice: OutboxNotice) -> tuple[str, str] | None:
    """Where the notice already is in its conversation, by its metadata key, or ``None``.

    A reply in a thread is not in the conversation's history, only in its thread's, so a notice
    with ``thread_ts`` is looked for with ``conversations.replies``.
    """
    conversation = notice.channel
    if notice_content.is_user(conversation):
        opened = rt.client.conversations_open(users=conversation)
        conversation = str(opened["channel"]["id"])
    first = notice.first_leased_at or notice.enqueued_at
    oldest = f"{(first - SEARCH_MARGIN).timestamp():.6f}"
    thread_ts = (notice.content or {}).get("thread_ts") or None
    cursor: str | None = None
    for _ in range(HISTORY_PAGES):
        if thread_ts:
            page = rt.client.conversations_replies(
                channel=conversation,
                ts=str(thread_ts),
                oldest=oldest,
                include_all_metadata=True,
                limit=HISTORY_PAGE,
                cursor=cursor,
            )
        else:
            page = rt.client.conversations_history(
                channel=conversation,
                oldest=oldest,
                include_all_metadata=True,
                limit=HISTORY_PAGE,
                cursor=cursor,
            )
        for message in page.get("messages") or []:
            meta = message.get("metadata") or {}
            payload = meta.get("event_payload") or {}
            if meta.get("event_type") == METADATA_TYPE and payload.get("key") == notice.key:
                return conversation, str(message["ts"])
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if cursor is None:
            return None
    raise HistoryTooLong()


def instant_of(ts: str) -> datetime:
    return datetime.fromtimestamp(float(ts), UTC)
