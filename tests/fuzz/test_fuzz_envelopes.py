"""Signed requests whose envelopes are broken: keys missing, values of the wrong type, payloads
that are null, a list or a number. Each is answered 200 or 400 at once, with no traceback."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.envelopes import FORM, JSON, envelopes
from tests.fuzz.harness import Fuzz, fuzz_settings
from tests.fuzz.strategies import mutated
from tests.fuzz.test_fuzz_views import BUTTONS

ANSWERS = frozenset({200, 400})
#: Bodies that are not what their content type says, signed.
BROKEN_BODIES = [
    (b"payload=%7B", FORM),
    (b"payload=", FORM),
    (b"payload=null", FORM),
    (b"payload=%5B%5D", FORM),
    (b"payload=3", FORM),
    (b"payload=%22x%22", FORM),
    (b"{", FORM),
    (b"", FORM),
    (b"\xff\xfe\x00", FORM),
    (b"command=%2Fmotion", FORM),
    (b"command=%2Fnope&text=x&user_id=U0ACME1", FORM),
    (b"{", JSON),
    (b"", JSON),
    (b"null", JSON),
    (b"[]", JSON),
    (b"3", JSON),
    (b'"event_callback"', JSON),
    (b'{"type": "event_callback"}', JSON),
    (b'{"type": "event_callback", "event": null}', JSON),
    (b'{"type": "event_callback", "event": {"type": "app_home_opened"}}', JSON),
    (b'{"type": "url_verification"}', JSON),
    (b'{"type": "block_actions"}', JSON),
    (b"\xff\xfe\x00", JSON),
    (b"payload=%7B%7D", "text/plain"),
]


def test_broken_bodies_signed_as_slack_signs_answer_200_or_400(fuzz: Fuzz) -> None:
    failures: list[str] = []
    for body, content_type in BROKEN_BODIES:
        try:
            fuzz.send(
                lambda b=body, c=content_type: fuzz.slack.post(b, c),  # type: ignore[misc]
                ANSWERS,
                (body, content_type),
            )
        except AssertionError as failure:  # every body is tried; all failures are shown
            failures.append(str(failure)[:800])
    fuzz.finish()
    assert not failures, f"{len(failures)} of {len(BROKEN_BODIES)} failed:\n" + "\n\n".join(
        failures
    )


def test_every_interactive_envelope_broken_answers_200_or_400_at_once(fuzz: Fuzz) -> None:
    seed = fuzz.seed
    assert seed is not None
    kinds = envelopes(fuzz.fake, seed.ts, BUTTONS)

    @fuzz_settings(16)
    @given(which=st.sampled_from(kinds), data=st.data())
    def one(which: object, data: st.DataObject) -> None:
        envelope = kinds[kinds.index(which)]  # type: ignore[arg-type]
        content = data.draw(mutated(envelope.content), label="content")
        body, content_type = envelope.body(content)
        fuzz.send(lambda: fuzz.slack.post(body, content_type), ANSWERS, (envelope.name, content))

    one()
    fuzz.finish()


assert JSON
