"""Signed requests whose envelopes are broken: keys missing, values of the wrong type, payloads
that are null, a list or a number. Each is answered 200 or 400 at once, with no traceback (a body
that is not UTF-8 text is not one Slack signs: 401)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.e2e.conftest import SIGNING_SECRET
from tests.fuzz.envelopes import BROKEN_BODIES, envelopes, post_raw, signed
from tests.fuzz.harness import Fuzz, fuzz_settings
from tests.fuzz.strategies import BUTTONS, mutated

ANSWERS = frozenset({200, 400})
#: Slack signs UTF-8 text; a body that is not is not Slack's, signed or not.
NOT_TEXT = frozenset({401})


def _text(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_broken_bodies_signed_as_slack_signs_answer_200_or_400(fuzz: Fuzz) -> None:
    failures: list[str] = []
    for body, content_type in BROKEN_BODIES:
        try:
            fuzz.send(
                lambda b=body, c=content_type: post_raw(  # type: ignore[misc]
                    fuzz.slack.url, b, c, signed(SIGNING_SECRET, b)
                ),
                ANSWERS if _text(body) else NOT_TEXT,
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
        content = data.draw(mutated(envelope.fresh(fuzz.fake)), label="content")
        body, content_type = envelope.body(content)
        fuzz.send(lambda: fuzz.slack.post(body, content_type), ANSWERS, (envelope.name, content))

    one()
    fuzz.finish()
