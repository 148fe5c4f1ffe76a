"""Command and form arguments read at the edge: strict, bounded, and refused in words."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.slack.arguments import StaleForm, echo, metadata, over_limits, record_id
from bot.slack.meeting_words import duration, instant, meeting_id, meeting_key
from bot.slack.replies import Refusal

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2027, 1, 1, tzinfo=UTC)


def test_a_record_id_is_canonical_ascii_digits_within_an_integer_key() -> None:
    assert record_id(" 007 ", "a motion number", "") == "7"
    for typed in ["²", "1²", "99999999999", "-3", "0x1f", ""]:
        with pytest.raises(Refusal):
            record_id(typed, "a motion number", "Say which motion.")


@pytest.mark.parametrize(
    "text",
    ["{", "[]", "3", '{"kind": 3}', '{"other": "x"}', '{"kind": {"a": 1}}'],
)
def test_metadata_not_written_by_poolgov_is_a_stale_form(text: str) -> None:
    with pytest.raises(StaleForm):
        metadata(text, ("kind", "channel"))


def test_metadata_as_written_is_read_back() -> None:
    assert metadata('{"kind": "general"}', ("kind", "channel")) == {
        "kind": "general",
        "channel": None,
    }


def test_echo_quotes_a_line_of_what_was_typed_never_pages() -> None:
    assert echo("a\nb") == "a b"
    assert len(echo("x" * 40000)) == 40


@pytest.mark.parametrize(
    "typed",
    [
        "9999-12-31T23:59",
        "0001-01-01T00:00",
        "2027-13-01T10:00",
        "２０２７-01-05T10:00",
        "2027-01-05",
        "2027-01-05T10:00+99:00",
        "2128-01-05T10:00",
    ],
)
def test_a_time_off_the_calendar_or_past_a_century_is_refused(typed: str) -> None:
    for zone in (SHANGHAI, NEW_YORK):
        with pytest.raises(Refusal):
            instant(typed, zone, NOW)


def test_a_time_in_the_pools_zone_or_with_its_offset_is_read() -> None:
    assert instant("2027-01-05T10:00", SHANGHAI, NOW) == datetime(2027, 1, 5, 2, tzinfo=UTC)
    assert instant("2027-01-05T10:00Z", SHANGHAI, NOW) == datetime(2027, 1, 5, 10, tzinfo=UTC)


def test_a_meeting_length_is_bounded_and_a_title_word_is_not_a_length() -> None:
    assert duration("Budget") is None
    assert duration("2h") is not None
    with pytest.raises(Refusal, match="too long for a meeting"):
        duration("999999999d")


def test_meeting_ids_and_keys_are_what_poolgov_writes() -> None:
    assert meeting_id("general-assembly") == "general-assembly"
    assert meeting_key("assembly@2027-01-04T10:00") == "assembly@2027-01-04T10:00"
    assert meeting_key("extra@2027-02-01T10:00+one-off") == "extra@2027-02-01T10:00+one-off"
    for bad in ["<!channel>", "a@b", "x" * 65, ""]:
        with pytest.raises(Refusal):
            meeting_id(bad)
    for bad in ["assembly", "assembly@soon", "a@2027-01-04T10:00<@U1>", "k" * 40000]:
        with pytest.raises(Refusal):
            meeting_key(bad)


def test_a_text_longer_than_its_input_is_named_on_its_field() -> None:
    values = {"title": {"value": {"value": "t" * 151}}, "text": {"value": {"value": "ok"}}}
    assert over_limits(values, {"title": 150, "text": 3000}) == {
        "title": "At most 150 characters, please."
    }
