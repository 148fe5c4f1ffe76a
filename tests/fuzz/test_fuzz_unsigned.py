"""Unsigned, badly signed and stale requests with junk bodies: 401, never 500, nothing done."""

from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st

from tests.e2e.conftest import SIGNING_SECRET
from tests.fuzz.envelopes import BROKEN_BODIES, FORM, JSON, post_raw, signature
from tests.fuzz.harness import Fuzz, fuzz_settings

REFUSED = frozenset({401})
BODIES = [
    *BROKEN_BODIES,
    (b"payload=%7B%22type%22%3A%22block_actions%22%7D", FORM),
    (b"command=%2Fmotion&text=withdraw+1&user_id=U0OPS1", FORM),
    (b'{"type": "url_verification", "challenge": "x"}', JSON),
    (b"x" * 70_000, FORM),
]


def headers_for(how: str, body: bytes) -> dict[str, str]:
    now = str(int(time.time()))
    if how == "none":
        return {}
    if how == "no timestamp":
        return {"X-Slack-Signature": signature(SIGNING_SECRET, now, body)}
    if how == "no signature":
        return {"X-Slack-Request-Timestamp": now}
    if how == "forged":
        return {
            "X-Slack-Request-Timestamp": now,
            "X-Slack-Signature": signature("not-the-secret", now, body),
        }
    if how == "stale":
        old = str(int(time.time()) - 600)
        return {
            "X-Slack-Request-Timestamp": old,
            "X-Slack-Signature": signature(SIGNING_SECRET, old, body),
        }
    if how == "junk timestamp":
        return {"X-Slack-Request-Timestamp": "²³", "X-Slack-Signature": "v0=zz"}
    if how == "of another body":
        return {
            "X-Slack-Request-Timestamp": now,
            "X-Slack-Signature": signature(SIGNING_SECRET, now, body + b"&"),
        }
    raise ValueError(how)


TAMPERING = [
    "none",
    "no timestamp",
    "no signature",
    "forged",
    "stale",
    "junk timestamp",
    "of another body",
]


def test_unsigned_junk_bodies_get_401_and_change_nothing(fuzz: Fuzz) -> None:
    calls = len(fuzz.fake.calls())
    failures: list[str] = []
    for number, (body, content_type) in enumerate(BODIES):
        # each body unsigned, forged and stale; the other ways of tampering on every third body
        ways = TAMPERING if number % 3 == 0 else ["none", "forged", "stale"]
        for how in ways:
            try:
                fuzz.send(
                    lambda b=body, c=content_type, t=how: post_raw(  # type: ignore[misc]
                        fuzz.slack.url, b, c, headers_for(t, b)
                    ),
                    REFUSED,
                    (how, body[:200], content_type),
                    record=False,  # checked once, below: the requests are many and cheap
                )
            except AssertionError as failure:  # every body is tried; all failures are shown
                failures.append(str(failure)[:600])
    assert not failures, f"{len(failures)} failed:\n" + "\n\n".join(failures)
    assert fuzz.record_problems() == []
    assert fuzz.fake.calls()[calls:] == [], "an unsigned request made poolgov call Slack"


def test_unsigned_random_bodies_get_401(fuzz: Fuzz) -> None:
    calls = len(fuzz.fake.calls())

    @fuzz_settings(10)
    @given(
        body=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)),
        content_type=st.sampled_from([FORM, JSON, "text/plain", "", "multipart/form-data"]),
        how=st.sampled_from(TAMPERING),
    )
    def one(body: bytes, content_type: str, how: str) -> None:
        fuzz.send(
            lambda: post_raw(fuzz.slack.url, body, content_type, headers_for(how, body)),
            REFUSED,
            (how, body, content_type),
            record=False,
        )

    one()
    assert not fuzz.surveyed, f"{fuzz.surveyed} failing inputs written to the survey file"
    assert fuzz.record_problems() == []
    assert fuzz.fake.calls()[calls:] == [], "an unsigned request made poolgov call Slack"
