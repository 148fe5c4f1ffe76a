"""The sandbox Slack holds slack_sdk and Bolt to Slack's rules, over real local HTTP."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from bot.sandbox import (
    AppServer,
    FakeSlack,
    FakeUser,
    ManualClock,
    Rate,
    RateLimits,
    SlackDriver,
)
from bot.sandbox.payloads import static_select
from tests.e2e.flows import eventually

#: the stand-in Slack itself is tested, with texts of the test's own
pytestmark = pytest.mark.plain_locale("the stand-in Slack itself, not poolgov")

SECRET = "sandbox-signing-secret"
ACME, BETA = "U0ACME", "U0BETA"
CHANNEL = "C0GOVERN"
SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "Motion M-1: admit Gamma"}}


def modal(title: str = "Cast a ballot", callback_id: str = "ballot") -> dict[str, object]:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Vote"},
        "blocks": [
            {
                "type": "input",
                "block_id": "choice",
                "label": {"type": "plain_text", "text": "Your vote"},
                "element": {"type": "plain_text_input", "action_id": "value"},
            }
        ],
    }


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def slack(clock: ManualClock) -> Iterator[FakeSlack]:
    users = [FakeUser(ACME, "Ada Acme"), FakeUser(BETA, "Bo Beta", team_id="T0BETA", tz="UTC")]
    with FakeSlack(users=users, clock=clock) as fake:
        yield fake


@pytest.fixture
def client(slack: FakeSlack) -> WebClient:
    return WebClient(token=slack.bot_token, base_url=slack.api_url)


def error_of(excinfo: pytest.ExceptionInfo[SlackApiError]) -> str:
    return str(excinfo.value.response["error"])


# -- tokens, methods, arguments ---------------------------------------------------------------


def test_auth_test_names_the_bot_and_workspace(client: WebClient) -> None:
    answer = client.auth_test()
    assert (answer["team_id"], answer["user_id"], answer["bot_id"]) == (
        "T0POOL",
        "U0POOLBOT",
        "B0POOLBOT",
    )


def test_a_missing_token_is_not_authed_and_a_wrong_one_is_invalid(slack: FakeSlack) -> None:
    with pytest.raises(SlackApiError) as missing:
        WebClient(base_url=slack.api_url).auth_test()
    with pytest.raises(SlackApiError) as wrong:
        WebClient(token="xoxb-wrong", base_url=slack.api_url).auth_test()
    assert (error_of(missing), error_of(wrong)) == ("not_authed", "invalid_auth")


def test_undocumented_methods_and_missing_arguments_are_refused(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as unknown:
        client.api_call("chat.postMessages", json={"channel": CHANNEL, "text": "x"})
    with pytest.raises(SlackApiError) as incomplete:
        client.api_call("chat.postMessage", json={"text": "to nowhere"})
    assert error_of(unknown) == "unknown_method"
    assert error_of(incomplete) == "invalid_arguments"
    assert incomplete.value.response["response_metadata"]["messages"] == [
        "[ERROR] missing required field: channel"
    ]


# -- messages -------------------------------------------------------------------------------


def test_messages_are_kept_per_channel_updated_and_deleted(
    slack: FakeSlack, client: WebClient
) -> None:
    posted = client.chat_postMessage(channel=CHANNEL, text="M-1 open", blocks=[SECTION])
    client.chat_postMessage(channel="C0OTHER", text="elsewhere")
    client.chat_update(channel=CHANNEL, ts=posted["ts"], text="M-1 carried")
    [message] = slack.messages(CHANNEL)
    assert (message.text, message.blocks, message.versions[0]["text"]) == (
        "M-1 carried",
        [SECTION],
        "M-1 open",
    )
    client.chat_delete(channel=CHANNEL, ts=posted["ts"])
    assert slack.messages(CHANNEL) == []
    with pytest.raises(SlackApiError) as gone:
        client.chat_update(channel=CHANNEL, ts=posted["ts"], text="again")
    assert error_of(gone) == "message_not_found"


def test_invalid_blocks_are_refused_and_change_nothing(slack: FakeSlack, client: WebClient) -> None:
    too_long = {"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}
    for blocks in ([too_long], [{"type": "no_such_block"}], [SECTION] * 51):
        with pytest.raises(SlackApiError) as refused:
            client.chat_postMessage(channel=CHANNEL, text="fallback", blocks=blocks)
        assert error_of(refused) == "invalid_blocks"
        assert refused.value.response["response_metadata"]["messages"]
    assert slack.messages(CHANNEL) == []


def test_blocks_without_text_pass_with_a_warning(slack: FakeSlack, client: WebClient) -> None:
    client.api_call("chat.postMessage", json={"channel": CHANNEL, "blocks": [SECTION]})
    assert slack.warnings() == ["chat.postMessage: blocks without a `text` notification fallback"]


def test_ephemerals_and_dms_are_kept_apart_from_channel_messages(
    slack: FakeSlack, client: WebClient
) -> None:
    client.chat_postEphemeral(channel=CHANNEL, user=ACME, text="only you")
    dm = client.conversations_open(users=ACME)["channel"]["id"]
    assert dm == client.conversations_open(users=ACME)["channel"]["id"] == slack.dm_channel(ACME)
    client.chat_postMessage(channel=dm, text="reminder: M-1 closes tomorrow")
    client.chat_postMessage(channel=BETA, text="to Beta by user id")
    assert [e.text for e in slack.ephemerals(ACME)] == ["only you"]
    assert [m.text for m in slack.dms_to(ACME)] == ["reminder: M-1 closes tomorrow"]
    assert [m.text for m in slack.dms_to(BETA)] == ["to Beta by user id"]
    assert slack.messages(CHANNEL) == []


def test_users_info_reads_the_seeded_table(client: WebClient) -> None:
    beta = client.users_info(user=BETA)["user"]
    assert (beta["team_id"], beta["real_name"], beta["tz"], beta["is_bot"]) == (
        "T0BETA",
        "Bo Beta",
        "UTC",
        False,
    )
    with pytest.raises(SlackApiError) as unknown:
        client.users_info(user="U0NOBODY")
    assert error_of(unknown) == "user_not_found"


# -- views and trigger ids --------------------------------------------------------------------


def test_a_trigger_id_opens_one_view_within_three_seconds(
    slack: FakeSlack, client: WebClient, clock: ManualClock
) -> None:
    fresh, late = slack.issue_trigger_id(ACME), slack.issue_trigger_id(ACME)
    opened = client.views_open(trigger_id=fresh, view=modal())["view"]
    with pytest.raises(SlackApiError) as reused:
        client.views_open(trigger_id=fresh, view=modal())
    clock.advance(3.01)
    with pytest.raises(SlackApiError) as expired:
        client.views_open(trigger_id=late, view=modal())
    with pytest.raises(SlackApiError) as invented:
        client.views_open(trigger_id="1.2.3", view=modal())
    assert [error_of(e) for e in (reused, expired, invented)] == [
        "exchanged_trigger_id",
        "expired_trigger_id",
        "invalid_trigger_id",
    ]
    assert [(v.id, v.user, v.callback_id) for v in slack.views_opened()] == [
        (opened["id"], ACME, "ballot")
    ]


def test_an_invalid_view_is_refused_without_spending_the_trigger(
    slack: FakeSlack, client: WebClient
) -> None:
    trigger = slack.issue_trigger_id(ACME)
    with pytest.raises(SlackApiError) as refused:
        client.views_open(trigger_id=trigger, view=modal(title="A title far over 24 chars"))
    assert error_of(refused) == "invalid_blocks"
    assert client.views_open(trigger_id=trigger, view=modal())["ok"]


def test_modal_stacks_hashes_and_home_tabs(slack: FakeSlack, client: WebClient) -> None:
    root = client.views_open(trigger_id=slack.issue_trigger_id(ACME), view=modal())["view"]
    for _ in range(2):
        client.views_push(trigger_id=slack.issue_trigger_id(ACME), view=modal())
    with pytest.raises(SlackApiError) as deep:
        client.views_push(trigger_id=slack.issue_trigger_id(ACME), view=modal())
    client.views_update(view_id=root["id"], hash=root["hash"], view=modal("Ballot cast"))
    with pytest.raises(SlackApiError) as stale:
        client.views_update(view_id=root["id"], hash=root["hash"], view=modal())
    home = {"type": "home", "blocks": [SECTION]}
    client.views_publish(user_id=ACME, view=home)
    assert (error_of(deep), error_of(stale)) == ("push_limit_reached", "hash_conflict")
    acme_home = slack.home_view(ACME)
    assert acme_home is not None
    assert acme_home["blocks"] == [SECTION]
    assert slack.home_view(BETA) is None


# -- rate limits ------------------------------------------------------------------------------


def test_a_burst_past_the_channel_rate_gets_429_with_retry_after(clock: ManualClock) -> None:
    limits = RateLimits(per_channel={"chat.postMessage": Rate(burst=2, interval=1.0)})
    with FakeSlack(rate_limits=limits, clock=clock) as fake:
        client = WebClient(token=fake.bot_token, base_url=fake.api_url)
        for n in range(2):
            client.chat_postMessage(channel=CHANNEL, text=f"#{n}")
        client.chat_postMessage(channel="C0OTHER", text="another channel has its own budget")
        with pytest.raises(SlackApiError) as limited:
            client.chat_postMessage(channel=CHANNEL, text="#2")
        assert limited.value.response.status_code == 429
        assert error_of(limited) == "ratelimited"
        assert int(limited.value.response.headers["Retry-After"]) >= 1
        assert len(fake.messages(CHANNEL)) == 2
        assert [c.status for c in fake.calls("chat.postMessage")] == [200, 200, 200, 429]

        # refused until the test moves the fake's clock on; a minute of retries to spare
        client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=60))
        answers: list[bool] = []

        def post_after_waiting() -> None:
            answers.append(
                bool(client.chat_postMessage(channel=CHANNEL, text="#2, after waiting")["ok"])
            )

        started = time.monotonic()
        retrying = threading.Thread(target=post_after_waiting)
        retrying.start()
        eventually(lambda: [c.status for c in fake.calls("chat.postMessage")].count(429) == 2)
        clock.advance(1.0)  # a token again: the client's next try, after Retry-After, gets in
        retrying.join(timeout=60)
        assert answers == [True]
        assert time.monotonic() - started >= 1.0
        assert [m.text for m in fake.messages(CHANNEL)][-1] == "#2, after waiting"


def test_chat_update_has_a_per_method_budget(clock: ManualClock) -> None:
    limits = RateLimits(per_method={"chat.update": Rate.per_minute(2)}, per_channel={})
    with FakeSlack(rate_limits=limits, clock=clock) as fake:
        client = WebClient(token=fake.bot_token, base_url=fake.api_url)
        ts = client.chat_postMessage(channel=CHANNEL, text="tally 0")["ts"]
        for n in (1, 2):
            client.chat_update(channel=CHANNEL, ts=ts, text=f"tally {n}")
        with pytest.raises(SlackApiError) as limited:
            client.chat_update(channel=CHANNEL, ts=ts, text="tally 3")
        assert limited.value.response.headers["Retry-After"] == "30"
        clock.advance(30)
        client.chat_update(channel=CHANNEL, ts=ts, text="tally 3")
        assert fake.messages(CHANNEL)[0].text == "tally 3"


# -- response URLs and the transcript ---------------------------------------------------------


def test_a_response_url_works_five_times(slack: FakeSlack) -> None:
    url = slack.new_response_url(user=ACME, channel=CHANNEL)
    webhook = WebhookClient(url)
    statuses = [webhook.send(text=f"reply {n}").status_code for n in range(5)]
    sixth = webhook.send(text="one too many")
    assert (statuses, sixth.status_code, sixth.body) == (
        [200] * 5,
        404,
        '{"ok": false, "error": "used_url"}',
    )
    assert len(slack.ephemerals(ACME)) == 5


def test_a_response_url_posts_in_channel_or_replaces_the_original(
    slack: FakeSlack, client: WebClient
) -> None:
    ts = client.chat_postMessage(channel=CHANNEL, text="M-1 open")["ts"]
    url = slack.new_response_url(user=ACME, channel=CHANNEL, message_ts=ts)
    WebhookClient(url).send(text="M-1 closed", replace_original=True)
    WebhookClient(url).send(text="Acme voted", response_type="in_channel")
    assert [m.text for m in slack.messages(CHANNEL)] == ["M-1 closed", "Acme voted"]


def test_the_transcript_records_every_call_including_refusals(
    slack: FakeSlack, client: WebClient
) -> None:
    client.chat_postMessage(channel=CHANNEL, text="hello")
    with pytest.raises(SlackApiError):
        client.chat_update(channel=CHANNEL, ts="1.000000", text="nope")
    calls = slack.calls()
    assert [(c.method, c.ok, c.error) for c in calls] == [
        ("chat.postMessage", True, None),
        ("chat.update", False, "message_not_found"),
    ]
    assert calls[0].params == {"channel": CHANNEL, "text": "hello"}
    slack.reset()
    assert slack.calls() == []


# -- the driver, against a Bolt app -----------------------------------------------------------


def test_driver_signatures_verify_and_forged_or_stale_ones_do_not(slack: FakeSlack) -> None:
    driver = SlackDriver("http://127.0.0.1:9", SECRET, slack)
    verifier = SignatureVerifier(SECRET)
    body = b"command=%2Fping"

    def valid(headers: dict[str, str]) -> bool:
        return verifier.is_valid(
            body, headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
        )

    honest = driver.signed_headers(body)
    forged = driver.signed_headers(body, forge=True)
    stale = driver.signed_headers(body, stale=True)
    assert (valid(honest), valid(forged), valid(stale)) == (True, False, False)


@pytest.fixture
def bolt_driver(slack: FakeSlack) -> Iterator[SlackDriver]:
    app = App(
        signing_secret=SECRET,
        client=WebClient(token=slack.bot_token, base_url=slack.api_url),
        process_before_response=True,
    )

    @app.command("/ping")
    def ping(ack: Ack, respond: Respond) -> None:
        ack(text="pong")
        respond(text="pong, later", response_type="in_channel")

    @app.action("choose")
    def choose(ack: Ack, respond: Respond, body: dict[str, object]) -> None:
        ack()
        respond(text="chosen", replace_original=True)

    @app.view("ballot")
    def ballot(ack: Ack, view: dict[str, dict[str, dict[str, dict[str, dict[str, str]]]]]) -> None:
        if view["state"]["values"]["choice"]["value"]["value"] != "yes":
            ack(response_action="errors", errors={"choice": "Vote yes, no or abstain."})
            return
        ack()

    @app.event("app_home_opened")
    def home_opened(ack: Ack) -> None:
        ack()

    with AppServer.for_bolt(app) as server:
        yield SlackDriver(server.url, SECRET, slack)


def test_a_signed_command_is_acked_and_a_forged_or_stale_one_is_refused(
    slack: FakeSlack, bolt_driver: SlackDriver
) -> None:
    answer = bolt_driver.slash_command(ACME, "/ping", channel=CHANNEL)
    assert (answer.status, answer.text) == (200, "pong")
    assert [m.text for m in slack.messages(CHANNEL)] == ["pong, later"]
    assert bolt_driver.slash_command(ACME, "/ping", forge=True).status == 401
    assert bolt_driver.slash_command(ACME, "/ping", stale=True).status == 401


def test_a_click_and_a_submission_reach_the_app(slack: FakeSlack, bolt_driver: SlackDriver) -> None:
    client = WebClient(token=slack.bot_token, base_url=slack.api_url)
    ts = client.chat_postMessage(channel=CHANNEL, text="Pick one")["ts"]
    clicked = bolt_driver.click(
        ACME, "choose", "b", message_ts=ts, channel=CHANNEL, action_type="static_select"
    )
    assert clicked.status == 200
    assert slack.messages(CHANNEL)[0].text == "chosen"

    client.views_open(trigger_id=slack.issue_trigger_id(ACME), view=modal())
    refused = bolt_driver.submit_view(ACME, "ballot", {"choice": {"value": "maybe"}})
    accepted = bolt_driver.submit_view(ACME, "ballot", {"choice": {"value": "yes"}})
    assert refused.json() == {
        "response_action": "errors",
        "errors": {"choice": "Vote yes, no or abstain."},
    }
    assert (accepted.status, accepted.body) == (200, b"")
    assert static_select("b")["selected_option"]["value"] == "b"


def test_an_event_retry_is_delivered_with_retry_headers(bolt_driver: SlackDriver) -> None:
    event = {"type": "app_home_opened", "user": ACME, "tab": "home", "channel": "D0ACME"}
    first = bolt_driver.event(event, event_id="Ev0001")
    retry = bolt_driver.event(event, event_id="Ev0001", retry_num=1, retry_reason="http_timeout")
    assert (first.status, retry.status) == (200, 200)
    assert bolt_driver.event(event, forge=True).status == 401
