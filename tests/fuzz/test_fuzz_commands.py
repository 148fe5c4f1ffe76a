"""Every slash command and subcommand, with hostile text, from the people who might type it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.e2e.pool import ACME, OPERATOR, OUTSIDER, SUPERVISOR
from tests.fuzz.harness import Fuzz, fuzz_settings
from tests.fuzz.strategies import SUBCOMMANDS, hostile_text

PEOPLE = [OPERATOR, ACME, SUPERVISOR, OUTSIDER]
OK = frozenset({200})


def test_every_slash_command_with_hostile_text_answers_200_and_leaks_nothing(fuzz: Fuzz) -> None:
    @fuzz_settings(14)
    @given(
        command=st.sampled_from(sorted(SUBCOMMANDS)),
        data=st.data(),
        user=st.sampled_from(PEOPLE),
        text=hostile_text,
    )
    def one(command: str, data: st.DataObject, user: str, text: str) -> None:
        word = data.draw(st.sampled_from(SUBCOMMANDS[command]), label="subcommand")
        typed = f"{word} {text}".strip() if word else text
        fuzz.send(
            lambda: fuzz.slack.slash_command(user, command, typed),
            OK,
            (user, command, typed),
        )

    one()
    fuzz.finish()


def test_slash_commands_from_malformed_user_ids_answer_200_or_400(fuzz: Fuzz) -> None:
    @fuzz_settings(8)
    @given(
        command=st.sampled_from(sorted(SUBCOMMANDS)),
        user=st.sampled_from(["", "U", "u0acme1", "U0ACME1\x00", "<@U0ACME1>", "U²", "U" * 300]),
    )
    def one(command: str, user: str) -> None:
        fuzz.send(
            lambda: fuzz.slack.slash_command(user, command, "help"),
            frozenset({200, 400}),
            (user, command),
        )

    one()
    fuzz.finish()
