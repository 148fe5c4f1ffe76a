"""Every modal poolgov opens, submitted with hostile values in every field; ballot and meeting
buttons clicked with hostile values."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from governance.charter import MotionKind
from tests.e2e.pool import ACME, GOVERNANCE, OPERATOR, SUPERVISOR
from tests.fuzz.forms import OK, filled, open_modal, slack_could_send
from tests.fuzz.harness import Fuzz, fuzz_settings
from tests.fuzz.strategies import BUTTONS, hostile_text

BUTTON_VALUE_LIMIT = 2000  # Slack's cap on a button's value
#: What a request Slack itself could not send may get: an answer, or 400 for its envelope.
MALFORMED = frozenset({200, 400})
MODALS = [
    *[(OPERATOR, "/motion", kind.value, "motion_draft") for kind in MotionKind],
    (SUPERVISOR, "/complaint", "", "complaint_file"),
]


def test_every_modal_submitted_with_hostile_values_answers_200_and_leaks_nothing(
    fuzz: Fuzz,
) -> None:
    views = [open_modal(fuzz, user, cmd, text, cb) for user, cmd, text, cb in MODALS]

    @fuzz_settings(10)
    @given(data=st.data(), which=st.integers(0, len(MODALS) - 1))
    def one(data: st.DataObject, which: int) -> None:
        user, _, _, callback_id = MODALS[which]
        view = views[which]
        values = data.draw(filled(view), label="values")
        allowed = OK if slack_could_send(view, values) else MALFORMED
        fuzz.send(
            lambda: fuzz.slack.submit_view(user, callback_id, values, view_id=view.id),
            allowed,
            (user, callback_id, values),
        )

    one()
    fuzz.finish()


def test_buttons_clicked_with_hostile_values_answer_200_and_leak_nothing(fuzz: Fuzz) -> None:
    seed = fuzz.seed
    assert seed is not None

    @fuzz_settings(8)
    @given(
        action=st.sampled_from(BUTTONS),
        user=st.sampled_from([ACME, OPERATOR, SUPERVISOR]),
        value=st.one_of(
            st.sampled_from(["1", "²", "١", "0", "-1", "99999999999999999999"]), hostile_text
        ),
    )
    def one(action: str, user: str, value: str) -> None:
        # past Slack's 2,000 characters for a button's value the envelope itself is malformed
        allowed = OK if len(value) <= BUTTON_VALUE_LIMIT else MALFORMED
        fuzz.send(
            lambda: fuzz.slack.click(user, action, value, message_ts=seed.ts, channel=GOVERNANCE),
            allowed,
            (user, action, value),
        )

    one()
    fuzz.finish()
