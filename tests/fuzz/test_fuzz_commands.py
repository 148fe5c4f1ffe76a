"""Every slash command and subcommand, with hostile text, from the people who might type it."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from tests.e2e.pool import ACME, OPERATOR, OUTSIDER, SUPERVISOR
from tests.fuzz.harness import Fuzz, fuzz_settings
from tests.fuzz.strategies import SUBCOMMANDS, hostile_text

PEOPLE = [OPERATOR, ACME, SUPERVISOR, OUTSIDER]
OK = frozenset({200})


#: A command, one of its subcommand words, and hostile text after it.
command_lines = st.sampled_from(sorted(SUBCOMMANDS)).flatmap(
    lambda command: st.tuples(st.just(command), st.sampled_from(SUBCOMMANDS[command]), hostile_text)
)
NEXT_WEEK = "assembly@2027-01-11T10:00"


def test_every_slash_command_with_hostile_text_answers_200_and_leaks_nothing(fuzz: Fuzz) -> None:
    @fuzz_settings(10)
    @given(user=st.sampled_from(PEOPLE), line=command_lines)
    @example(ACME, ("/agenda", "add", "<!channel> free lunch"))
    @example(ACME, ("/agenda", "add", "<@U0FUZZ1> <http://x|the minutes>"))
    @example(OPERATOR, ("/meeting", "add assembly2 2027-01-05T10:00 1h", "<!here> party"))
    @example(OPERATOR, ("/meeting", f"move {NEXT_WEEK} 2027-01-12T10:00", "<!everyone> moved"))
    @example(OPERATOR, ("/meeting", "cancel assembly@2027-01-18T10:00", "<@U0FUZZ1> said so"))
    @example(OPERATOR, ("/meeting", "add assembly3 9999-12-31T23:59 1h", "End of time"))
    @example(OPERATOR, ("/meeting", "add assembly4 2027-01-06T10:00 999999999d", "Long"))
    @example(OPERATOR, ("/motion", "withdraw ²", "<!channel>"))
    @example(SUPERVISOR, ("/complaint", "show ²", ""))
    @example(ACME, ("/pool", "receipt", "<!channel>"))
    def one(user: str, line: tuple[str, str, str]) -> None:
        command, word, text = line
        typed = f"{word} {text}".strip() if word else text
        fuzz.send(
            lambda: fuzz.slack.slash_command(user, command, typed),
            OK,
            (user, command, typed),
        )

    one()
    fuzz.finish()


def test_slash_commands_from_malformed_user_ids_answer_200_or_400(fuzz: Fuzz) -> None:
    @fuzz_settings(5)
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
