"""The Mrkdwn type: a person's text is escaped on the way in, poolgov's tokens are built from
validated ids, and the block builders refuse text that skipped escaping."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.slack.mrkdwn import (
    Mrkdwn,
    channel,
    clip,
    code,
    context,
    date_token,
    lines,
    link,
    md,
    mention,
    plain,
    section,
)
from tests.mrkdwn_audit import HOSTILE, HOSTILE_SHOWN, unsafe_tokens


def test_a_persons_text_is_escaped_with_slacks_three_replacements_and_nothing_else() -> None:
    assert plain(HOSTILE) == HOSTILE_SHOWN
    assert plain("Ünïcødé *bold* _it_ `code` ~x~ \u202e é 🎉") == (
        "Ünïcødé *bold* _it_ `code` ~x~ \u202e é 🎉"
    )


def test_text_already_escaped_is_not_escaped_twice() -> None:
    once = plain("a < b")
    assert plain(once) == "a &lt; b"
    assert md("{}", once) == "a &lt; b"


def test_a_template_escapes_its_text_arguments_and_keeps_its_own_markup_and_numbers() -> None:
    title = "<!channel> & co"
    shown = md("*Motion {}*: {} ({:,} voted, {})", "12", title, 10000, date_token(_NOON))
    assert shown == (
        "*Motion 12*: &lt;!channel&gt; &amp; co (10,000 voted, "
        "<!date^1804334400^{date_long_pretty} {time}|2027-03-06 12:00 UTC>)"
    )
    assert md("{who} said {what}", who="<@U0EVIL1>", what=plain("ok")) == (
        "&lt;@U0EVIL1&gt; said ok"
    )


def test_only_text_and_numbers_go_into_a_template() -> None:
    with pytest.raises(TypeError):
        md("{}", object())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        md("{}", None)  # type: ignore[arg-type]


def test_adding_or_joining_plain_text_to_mrkdwn_escapes_the_plain_text() -> None:
    assert isinstance(md("a") + "<!here>", Mrkdwn)
    assert md("*a* ") + "<!here>" == "*a* &lt;!here&gt;"
    assert "<!here>" + md(" *b*") == "&lt;!here&gt; *b*"
    assert md(", ").join(["<!here>", mention("U0ACME1")]) == "&lt;!here&gt;, <@U0ACME1>"
    assert lines(["<x>", md("*y*")]) == "&lt;x&gt;\n*y*"


def test_an_f_string_or_a_slice_of_mrkdwn_is_no_longer_mrkdwn() -> None:
    safe = md("*{}*", "t")
    assert not isinstance(f"{safe} <!channel>", Mrkdwn)
    assert not isinstance(safe[1:], Mrkdwn)
    assert not isinstance(safe.replace("t", "<!here>"), Mrkdwn)


@pytest.mark.parametrize(
    "unescaped",
    [
        "<!channel> agenda item",
        f"{md('*x*')} <!here>",
        md("*x*")[0:2],
    ],
)
def test_every_block_builder_refuses_text_that_skipped_escaping(unescaped: str) -> None:
    with pytest.raises(TypeError, match="Mrkdwn"):
        section(unescaped)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Mrkdwn"):
        context(unescaped)  # type: ignore[arg-type]


def test_a_mention_is_built_only_from_a_valid_user_id() -> None:
    assert mention("U0ACME1") == "<@U0ACME1>"
    assert mention("W0GRID1") == "<@W0GRID1>"
    for forged in ("U0ACME1> <!channel", "<!channel>", "u0acme1", "", "C0GENERAL", "U" * 40):
        shown = mention(forged)
        assert unsafe_tokens(shown) == []
        assert not shown.startswith("<@")


def test_a_channel_link_is_built_only_from_a_valid_conversation_id() -> None:
    assert channel("C0GENERAL") == "<#C0GENERAL>"
    assert unsafe_tokens(channel("C0X> <!channel")) == []


def test_a_link_is_only_to_an_address_poolgov_makes_under_an_escaped_label() -> None:
    assert link("https://pool.example/motions/12", "motion <12>") == (
        "<https://pool.example/motions/12|motion &lt;12&gt;>"
    )
    for bad in ("javascript:alert(1)", "https://x|label", "https://x> <!channel", "ftp://x/y"):
        with pytest.raises(ValueError, match="not an address"):
            link(bad, "label")


def test_a_code_span_shows_a_chosen_key_as_text() -> None:
    assert code("q1`<!here>") == "`q1'&lt;!here&gt;`"


def test_clipping_never_leaves_half_an_entity_or_half_a_token() -> None:
    text = md("{}{}", "x" * 9, "<")  # x…x&lt;
    assert clip(text, 12) == "xxxxxxxxx…"
    dated = md("{} {}", "y" * 5, date_token(_NOON))
    assert clip(dated, 20) == "yyyyy …"
    assert clip(md("short"), 20) == "short"


_NOON = datetime(2027, 3, 6, 12, 0, tzinfo=UTC)


@given(st.text(max_size=300), st.integers(min_value=1, max_value=400))
def test_no_text_a_person_types_ever_becomes_a_token_even_clipped(text: str, limit: int) -> None:
    shown = md("*Title* {} · {}", text, mention("U0ACME1"))
    assert unsafe_tokens(shown, mentions={"U0ACME1"}) == []
    assert unsafe_tokens(clip(shown, limit), mentions={"U0ACME1"}) == []
    assert "<" not in plain(text)
    assert ">" not in plain(text)
