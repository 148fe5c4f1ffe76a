"""Receipt codes are accepted as people type them and refused when they are not codes."""

from __future__ import annotations

import pytest

from governance.services.results import normalise_receipt


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("3f9a-02c4-7be1", "3f9a-02c4-7be1"),
        ("3F9A 02C4 7BE1", "3f9a-02c4-7be1"),
        ("3f9a02c47be1", "3f9a-02c4-7be1"),
        ("  3f9a--02c4 - 7be1 ", "3f9a-02c4-7be1"),
        ("３ｆ９ａ－０２ｃ４－７ｂｅ１", "3f9a-02c4-7be1"),  # full-width, as some keyboards type
        ("3f9a–02c4—7be1", "3f9a-02c4-7be1"),  # dashes a phone puts in
        ("3f9a-02c4-7be1-9d0e-55ab", "3f9a-02c4-7be1-9d0e-55ab"),
        ("3F9A02C47BE19D0E55AB", "3f9a-02c4-7be1-9d0e-55ab"),
    ],
)
def test_a_code_is_read_as_typed_into_the_stored_form(typed: str, stored: str) -> None:
    assert normalise_receipt(typed) == stored


@pytest.mark.parametrize(
    "typed", ["", "my vote", "3f9a-02c4", "3f9a-02c4-7be1-9", "3g9a-02c4-7be1", "<!channel>"]
)
def test_text_that_is_not_a_code_gives_none(typed: str) -> None:
    assert normalise_receipt(typed) is None
