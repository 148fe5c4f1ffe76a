"""What an operator relies on: /readyz, /metrics and request ids in JSON logs."""

from __future__ import annotations

import io
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import psycopg
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.engine import make_url

from bot import logs
from bot.sandbox import FakeSlack
from bot.settings import Settings
from migrations.runner import head_revision
from tests.e2e.conftest import Harness, running
from tests.e2e.flows import ephemerals_to, eventually, open_motion, vote
from tests.e2e.pool import ACME, BETA, DELTA, GAMMA, OUTSIDER
from tests.postgres import PostgresServer


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 - local server
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode()


def ops_url(h: Harness) -> str:
    server = h.bot.start_ops()
    assert server is not None
    return server.url


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a /metrics answer by name and labels, parsed by prometheus_client."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


@pytest.fixture
def ops_pool(fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path) -> Iterator[Harness]:
    yield from running(fake_slack, sqlite_url, tmp_path, POOLGOV_OPS_PORT=0)


def test_metrics_parse_and_move_after_a_vote_burst(ops_pool: Harness) -> None:
    h = ops_pool
    url = ops_url(h) + "/metrics"
    assert get(h.slack.url.removesuffix("/slack/events") + "/metrics")[0] != 200  # never public
    message = open_motion(h, "general", {"title": "Budget", "text": "Resolved."})
    status, text = get(url)
    assert status == 200
    before = samples(text)
    voters = [ACME, BETA, GAMMA, DELTA]
    for user in voters:
        vote(h, user, message, "yes")
    eventually(lambda: all(ephemerals_to(h, user) for user in voters))
    after = samples(get(url)[1])

    def moved(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    assert moved("poolgov_ballots_recorded_total") == 4
    assert moved("poolgov_ballot_batch_size_sum") == 4
    assert moved("poolgov_ballot_batch_size_count") >= 1
    assert moved("poolgov_ack_seconds_count", kind="block_actions") >= 4
    assert moved("poolgov_receipt_seconds_count", kind="block_actions") == 4
    assert moved("poolgov_slack_api_calls_total", method="chat.update") >= 0
    assert sum(v for (n, _), v in after.items() if n == "poolgov_slack_api_calls_total") > sum(
        v for (n, _), v in before.items() if n == "poolgov_slack_api_calls_total"
    )
    assert after[("poolgov_scheduler_leader", ())] == 1.0
    assert (
        after[("poolgov_audit_chain_length", ())] >= before[("poolgov_audit_chain_length", ())] + 4
    )
    assert ("poolgov_notices", (("state", "pending"),)) in after


def test_a_refused_ballot_is_counted_by_its_reason(ops_pool: Harness) -> None:
    h = ops_pool
    url = ops_url(h) + "/metrics"
    message = open_motion(h, "general", {"title": "Budget", "text": "Resolved."})
    before = samples(get(url)[1])
    vote(h, OUTSIDER, message, "yes")  # represents no member of the pool
    key = ("poolgov_ballots_refused_total", (("reason", "NotAuthorised"),))

    def refused() -> float:
        return samples(get(url)[1]).get(key, 0.0) - before.get(key, 0.0)

    assert eventually(lambda: refused() or None) == 1


def test_readyz_follows_the_schema_and_the_healthz_does_not(ops_pool: Harness) -> None:
    h = ops_pool
    slack_port = h.slack.url.removesuffix("/slack/events")
    for base in (slack_port, ops_url(h)):
        assert get(base + "/readyz") == (200, "ready\n")
    set_revision(h.settings, "0005")
    try:
        status, body = get(slack_port + "/readyz")
        assert status == 503
        assert f"schema at 0005, the code needs {head_revision()}" in body
        assert get(slack_port + "/healthz")[0] == 200  # alive, only not ready
    finally:
        set_revision(h.settings, head_revision() or "")
    assert get(slack_port + "/readyz") == (200, "ready\n")


def set_revision(settings: Settings, revision: str) -> None:
    from sqlalchemy import text

    from storage.engines import make_engine

    engine = make_engine(settings.database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_readyz_turns_unready_while_postgresql_refuses_and_ready_again(
    fake_slack: FakeSlack, tmp_path: Path, postgres_server: PostgresServer
) -> None:
    name = postgres_server.create()
    try:
        url = postgres_server.url(name)
        for h in running(fake_slack, url, tmp_path):
            base = h.slack.url.removesuffix("/slack/events")
            assert get(base + "/readyz") == (200, "ready\n")
            with psycopg.connect(postgres_server.admin_url, autocommit=True) as admin:
                # the database goes away for poolgov (the server stays up for other tests)
                admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                    (make_url(url).database,),
                )
                try:
                    status, body = get(base + "/readyz")
                    assert status == 503
                    assert "database: unreachable" in body
                    assert get(base + "/healthz")[0] == 200
                finally:
                    admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
            assert get(base + "/readyz") == (200, "ready\n")
    finally:
        postgres_server.drop(name)


def test_json_logs_parse_and_one_click_shares_one_request_id(
    fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path
) -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        for h in running(fake_slack, sqlite_url, tmp_path, POOLGOV_LOG_FORMAT="json"):
            handler = logs.configure(h.settings.model_copy(update={"log_level": "DEBUG"}), stream)
            message = open_motion(h, "general", {"title": "Budget", "text": "Resolved."})
            answer = vote(h, ACME, message, "yes")
            assert answer.status == 200
            eventually(partial(ephemerals_to, h, ACME))
            root.removeHandler(handler)
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines
    assert all({"time", "level", "logger", "request_id", "message"} <= set(x) for x in lines)
    clicks = {
        x["request_id"] for x in lines if x["message"].startswith("block_actions request received")
    }
    assert len(clicks) == 1
    (click,) = clicks
    assert click.startswith(f"act:{ACME}:")
    mine = [x for x in lines if x["request_id"] == click]
    said = [x["message"] for x in mine]
    assert said[0] == "block_actions request received"
    assert any(m.startswith("block_actions request answered 200") for m in said)
    assert "ballot answered: recorded" in said
    # the receipt goes back over the click's response_url, on the listener's thread
    assert any(x["logger"].startswith("slack_sdk.webhook") for x in mine), said
    # and lines no request caused carry "-"
    assert any(x["request_id"] == "-" for x in lines)
