"""The sandbox Slack keeps message metadata and answers ``conversations.history`` as Slack's Web
API reference says: newest first, ``oldest``/``latest``/``inclusive``, ``limit`` and cursors,
metadata only with ``include_all_metadata``, the scopes each conversation needs, and
``not_in_channel`` / ``channel_not_found`` for conversations the bot is not in; and
``conversations.replies``: a thread from its parent, oldest first, in pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox import FakeSlack, ManualClock, RateLimits

#: the stand-in Slack itself is tested, with texts of the test's own
pytestmark = pytest.mark.plain_locale("the stand-in Slack itself, not poolgov")

CHANNEL, PRIVATE, USER = "C0GOVERN", "G0SUPERVISE", "U0ACME"
META = {"event_type": "poolgov_notice", "event_payload": {"key": "motion:1/post"}}


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(1_800_000_000.0)


@pytest.fixture
def fake(clock: ManualClock) -> Iterator[FakeSlack]:
    with FakeSlack(clock=clock, rate_limits=RateLimits.unlimited()) as slack:
        yield slack


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token=fake.bot_token, base_url=fake.api_url)


def error_of(call: object) -> str:
    with pytest.raises(SlackApiError) as raised:
        call()  # type: ignore[operator]
    return str(raised.value.response["error"])


def test_metadata_is_kept_and_shown_only_to_those_asking_for_it(client: WebClient) -> None:
    posted = client.chat_postMessage(channel=CHANNEL, text="Motion 1", metadata=META)
    plain = client.conversations_history(channel=CHANNEL)["messages"]
    full = client.conversations_history(channel=CHANNEL, include_all_metadata=True)["messages"]
    assert [m["ts"] for m in plain] == [posted["ts"]]
    assert "metadata" not in plain[0]
    assert full[0]["metadata"] == META


def test_malformed_metadata_is_refused(client: WebClient, fake: FakeSlack) -> None:
    bad = {"event_type": "", "event_payload": {"key": 1}}
    assert error_of(lambda: client.chat_postMessage(channel=CHANNEL, text="x", metadata=bad)) == (
        "invalid_metadata_schema"
    )
    assert fake.messages(CHANNEL) == []


def test_history_is_newest_first_within_oldest_and_latest(
    client: WebClient, clock: ManualClock
) -> None:
    stamps = []
    for n in range(5):
        clock.advance(10)
        stamps.append(client.chat_postMessage(channel=CHANNEL, text=f"m{n}")["ts"])
    answer = client.conversations_history(channel=CHANNEL, oldest=stamps[1], latest=stamps[4])
    assert [m["text"] for m in answer["messages"]] == ["m3", "m2"]  # exclusive by default
    inclusive = client.conversations_history(
        channel=CHANNEL, oldest=stamps[1], latest=stamps[4], inclusive=True
    )
    assert [m["text"] for m in inclusive["messages"]] == ["m4", "m3", "m2", "m1"]
    assert answer["has_more"] is False
    assert error_of(lambda: client.conversations_history(channel=CHANNEL, oldest="soon")) == (
        "invalid_ts_oldest"
    )


def test_history_pages_with_limit_and_cursor_and_leaves_replies_in_threads(
    client: WebClient,
) -> None:
    first = client.chat_postMessage(channel=CHANNEL, text="m0")["ts"]
    for n in range(1, 5):
        client.chat_postMessage(channel=CHANNEL, text=f"m{n}")
    client.chat_postMessage(channel=CHANNEL, text="reply", thread_ts=first)
    seen, cursor, pages = [], None, 0
    while True:
        page = client.conversations_history(channel=CHANNEL, limit=2, cursor=cursor)
        pages += 1
        seen += [m["text"] for m in page["messages"]]
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        assert page["has_more"] is bool(cursor)
        if not cursor:
            break
    assert seen == ["m4", "m3", "m2", "m1", "m0"]
    assert pages == 3


def test_a_bot_outside_a_channel_can_neither_post_nor_read_there(
    client: WebClient, fake: FakeSlack
) -> None:
    fake.remove_bot(CHANNEL)
    fake.remove_bot(PRIVATE)
    assert error_of(lambda: client.chat_postMessage(channel=CHANNEL, text="x")) == "not_in_channel"
    assert error_of(lambda: client.conversations_history(channel=CHANNEL)) == "not_in_channel"
    assert error_of(lambda: client.chat_postMessage(channel=PRIVATE, text="x")) == (
        "channel_not_found"  # a private channel the bot is not in does not exist for it
    )
    fake.delete_channel("C0GONE")
    assert error_of(lambda: client.conversations_history(channel="C0GONE")) == "channel_not_found"
    fake.invite_bot(CHANNEL)
    client.chat_postMessage(channel=CHANNEL, text="in again")
    assert [m.text for m in fake.messages(CHANNEL)] == ["in again"]


def test_history_needs_the_scope_of_its_kind_of_conversation(
    client: WebClient, fake: FakeSlack
) -> None:
    fake.set_scopes(["chat:write", "channels:history", "im:write"])
    assert client.conversations_history(channel=CHANNEL)["messages"] == []
    with pytest.raises(SlackApiError) as raised:
        client.conversations_history(channel=PRIVATE)
    assert raised.value.response["error"] == "missing_scope"
    assert raised.value.response["needed"] == "groups:history"
    dm = client.conversations_open(users=USER)["channel"]["id"]
    assert error_of(lambda: client.conversations_history(channel=dm)) == "missing_scope"
    fake.set_scopes(["chat:write"])
    assert error_of(lambda: client.conversations_open(users=USER)) == "missing_scope"


def test_a_dm_posted_to_a_user_is_read_back_in_the_im_channel(client: WebClient) -> None:
    client.chat_postMessage(channel=USER, text="Reminder", metadata=META)
    dm = client.conversations_open(users=USER)["channel"]["id"]
    (message,) = client.conversations_history(channel=dm, include_all_metadata=True)["messages"]
    assert (message["text"], message["metadata"]) == ("Reminder", META)


def test_replies_give_the_thread_oldest_first_in_pages_from_its_parent(
    client: WebClient,
) -> None:
    parent = client.chat_postMessage(channel=CHANNEL, text="result")["ts"]
    other = client.chat_postMessage(channel=CHANNEL, text="another")["ts"]
    client.chat_postMessage(channel=CHANNEL, text="elsewhere", thread_ts=other)
    sent = [
        client.chat_postMessage(channel=CHANNEL, text=f"r{n}", thread_ts=parent, metadata=META)[
            "ts"
        ]
        for n in range(5)
    ]
    seen, cursor, pages = [], None, 0
    while True:
        page = client.conversations_replies(
            channel=CHANNEL, ts=parent, limit=2, cursor=cursor, include_all_metadata=True
        )
        pages += 1
        seen += page["messages"]
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        assert page["has_more"] is bool(cursor)
        if not cursor:
            break
    assert [m["text"] for m in seen] == ["result", "r0", "r1", "r2", "r3", "r4"]
    assert pages == 3
    head = seen[0]
    assert (head["ts"], head["thread_ts"], head["reply_count"]) == (parent, parent, 5)
    assert head["latest_reply"] == sent[-1]
    assert all(m["thread_ts"] == parent and m["metadata"] == META for m in seen[1:])
    assert "metadata" not in client.conversations_replies(channel=CHANNEL, ts=parent)["messages"][1]
    # a reply's ts names its thread too; oldest bounds the replies, never the parent
    later = client.conversations_replies(channel=CHANNEL, ts=sent[2], oldest=sent[2])["messages"]
    assert [m["text"] for m in later] == ["result", "r3", "r4"]
    inclusive = client.conversations_replies(
        channel=CHANNEL, ts=parent, oldest=sent[2], inclusive=True
    )["messages"]
    assert [m["text"] for m in inclusive] == ["result", "r2", "r3", "r4"]


def test_replies_of_a_message_with_none_is_that_message_alone(client: WebClient) -> None:
    alone = client.chat_postMessage(channel=CHANNEL, text="alone")["ts"]
    (only,) = client.conversations_replies(channel=CHANNEL, ts=alone)["messages"]
    assert only["text"] == "alone"
    assert "reply_count" not in only


def test_replies_refuse_an_unknown_thread_a_bad_cursor_and_a_missing_scope(
    client: WebClient, fake: FakeSlack
) -> None:
    ts = client.chat_postMessage(channel=CHANNEL, text="x")["ts"]
    assert error_of(lambda: client.conversations_replies(channel=CHANNEL, ts="1.000001")) == (
        "thread_not_found"
    )
    fake.delete_channel("C0GONE")
    assert error_of(lambda: client.conversations_replies(channel="C0GONE", ts=ts)) == (
        "channel_not_found"
    )
    assert error_of(
        lambda: client.conversations_replies(channel=CHANNEL, ts=ts, cursor="bm90LWEtY3Vyc29y")
    ) == ("invalid_cursor")
    fake.remove_bot(CHANNEL)
    assert error_of(lambda: client.conversations_replies(channel=CHANNEL, ts=ts)) == (
        "not_in_channel"
    )
    fake.set_scopes(["chat:write"])
    assert error_of(lambda: client.conversations_replies(channel=PRIVATE, ts=ts)) == (
        "missing_scope"
    )
