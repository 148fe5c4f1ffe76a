"""The running app's HTTP edge: junk is 401 unsigned and 400 signed, never a 500 or a traceback;
a command's text reaches its listener whole."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest

from bot.sandbox.driver import DriverResponse
from tests.e2e.conftest import SIGNING_SECRET, Harness
from tests.e2e.flows import ephemerals_to, eventually
from tests.e2e.pool import OPERATOR
from tests.unit.bot.test_signed_edge import JUNK, MALFORMED


def send(pool: Harness, body: bytes, content_type: str, how: str = "signed") -> DriverResponse:
    """POST raw bytes, signed over those bytes as Slack signs (or forged, stale, unsigned)."""
    now = int(time.time()) - (600 if how == "stale" else 0)
    secret = b"not-the-secret" if how == "forge" else SIGNING_SECRET.encode()
    base = b"v0:" + str(now).encode() + b":" + body
    headers = {"Content-Type": content_type}
    if how != "unsigned":
        headers["X-Slack-Request-Timestamp"] = str(now)
        headers["X-Slack-Signature"] = "v0=" + hmac.new(secret, base, hashlib.sha256).hexdigest()
    request = Request(pool.slack.url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urlopen(request, timeout=30) as response:  # noqa: S310 - the local app
            return DriverResponse(response.status, dict(response.headers), response.read())
    except HTTPError as error:
        with error:
            return DriverResponse(error.code, dict(error.headers), error.read())


def _edge(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """What the request path logged (a loaded machine may add the scheduler's own warnings)."""
    return [r for r in caplog.records if not r.name.startswith("apscheduler")]


def test_junk_is_401_unsigned_and_400_signed_with_no_traceback_and_no_slack_call(
    pool: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    for body, content_type in JUNK:
        for how in ("forge", "stale", "unsigned"):
            assert send(pool, body, content_type, how).status == 401, (body, how)
    assert _edge(caplog) == []
    for body, content_type in MALFORMED:
        assert send(pool, body, content_type).status == 400, body
    assert [r for r in caplog.records if r.exc_info or r.levelno > logging.WARNING] == []
    assert len(_edge(caplog)) == len(MALFORMED)
    assert [c.method for c in pool.fake.calls()] == ["auth.test"]
    # and the app still answers what Slack sends, whole
    assert pool.slack.slash_command(OPERATOR, "/pool", "payload").status == 200
    (reply,) = eventually(lambda: ephemerals_to(pool, OPERATOR))
    assert "`/pool payload` is unknown" in reply
