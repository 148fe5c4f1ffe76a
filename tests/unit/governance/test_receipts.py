"""Receipts: 80 bits of the ballot's entry hash in five groups, and what people type back."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.services.results import normalise_receipt, receipt_for

HASH = "3f9a02c47be19d0e55ab" + "7" * 44


def test_a_receipt_is_the_first_twenty_hex_digits_in_five_groups_of_four():
    assert receipt_for(HASH) == "3f9a-02c4-7be1-9d0e-55ab"
    assert receipt_for(HASH.upper()) == "3f9a-02c4-7be1-9d0e-55ab"


@pytest.mark.parametrize(
    "typed",
    [
        "3f9a-02c4-7be1-9d0e-55ab",
        "3F9A 02C4 7BE1 9D0E 55AB",
        "3f9a02c47be19d0e55ab",
        " 3f9a--02c4-7be1-9d0e-55ab\n",
        "３ｆ９ａ－０２ｃ４－７ｂｅ１－９ｄ０ｅ－５５ａｂ",  # full-width, as some keyboards type
        "3f9a‐02c4–7be1—9d0e 55ab",  # typographic dashes
    ],
)
def test_what_a_person_types_normalises_to_the_stored_form(typed):
    assert normalise_receipt(typed) == "3f9a-02c4-7be1-9d0e-55ab"


def test_an_old_twelve_digit_receipt_stays_valid():
    assert normalise_receipt("3F9A 02C4 7BE1") == "3f9a-02c4-7be1"


@pytest.mark.parametrize(
    "typed", ["", "3f9a-02c4", "3f9a-02c4-7be1-9d0e-55ab-0", "3f9g-02c4-7be1-9d0e-55ab", "yes"]
)
def test_anything_else_is_not_a_receipt(typed):
    assert normalise_receipt(typed) is None


@given(
    st.binary(min_size=1, max_size=64), st.sampled_from(["", " ", "-", "  ", " - "]), st.booleans()
)
def test_any_receipt_shown_reads_back_however_it_is_spaced_or_cased(data, separator, upper):
    shown = receipt_for(hashlib.sha256(data).hexdigest())
    typed = shown.replace("-", separator)
    assert normalise_receipt(typed.upper() if upper else typed) == shown
    assert len(shown.replace("-", "")) * 4 == 80
