"""A secret ballot: receipts say so, and no Slack surface shows who chose what, only totals."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.sandbox import FakeSlack
from tests.e2e.conftest import Harness, running
from tests.e2e.flows import (
    closed,
    ephemerals_to,
    eventually,
    open_motion,
    pool_says,
    text_of,
    vote_all,
)
from tests.e2e.pool import ACME, BETA, CHARTER, DELTA, GAMMA, OPERATOR

SECRET_CHARTER = CHARTER.replace("general: {allow_change: true}", "general: {secret: true}")


@pytest.fixture
def secret_pool(fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path) -> Iterator[Harness]:
    assert SECRET_CHARTER != CHARTER
    charter = tmp_path / "secret-charter.yaml"
    charter.write_text(SECRET_CHARTER, encoding="utf-8")
    yield from running(fake_slack, sqlite_url, tmp_path, POOLGOV_CHARTER=str(charter))


def test_a_secret_ballot_shows_totals_and_never_who_chose_what(secret_pool: Harness) -> None:
    h = secret_pool
    message = open_motion(h, "general", {"title": "Budget", "text": "Resolved."})
    assert "secret ballot" in text_of(message)
    vote_all(h, message, {ACME: "yes", BETA: "no", GAMMA: "yes", DELTA: "yes"})

    receipt = eventually(lambda: ephemerals_to(h, BETA))[0]
    assert "Your vote is recorded: *no* for Beta Ltd" in receipt
    assert "This is a secret ballot: only the totals will be shown." in receipt
    result = text_of(closed(h, message))
    assert "*Carried*" in result
    assert "Roll call" not in result
    for name in ("Acme Corp", "Beta Ltd", "Gamma GmbH", "Delta SA"):
        assert name not in result
    listed = pool_says(h, OPERATOR, "motions")
    assert "Budget" in listed
    assert "Beta Ltd" not in listed
    h.slack.event({"type": "app_home_opened", "user": GAMMA, "tab": "home"})
    home = eventually(lambda: h.fake.home_view(GAMMA))
    assert "Budget" in json.dumps(home)
    assert "Beta Ltd" not in json.dumps(home)
