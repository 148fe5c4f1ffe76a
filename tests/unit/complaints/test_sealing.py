"""Complaint content sealed at rest: no plaintext in the blob; no blob opens where it must not."""

from __future__ import annotations

import base64
import stat
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.complaints import ComplaintContent, Response, Role
from storage.sealing import (
    KEY_ENV,
    ComplaintKeyInvalid,
    SealBroken,
    Sealer,
    decode_key,
    digest,
    generate_key,
    load_or_create_key,
    sealer_from_settings,
)

CANARY = "CANARY-7f3a9c-do-not-leak"
AT = datetime(2027, 3, 2, 9, 30, tzinfo=UTC)
KEY = decode_key(generate_key())
OTHER_KEY = decode_key(generate_key())


def canary_content() -> ComplaintContent:
    return ComplaintContent(
        title=f"Title {CANARY}",
        concern=f"Concern {CANARY}",
        evidence=(f"https://evidence.example/{CANARY}",),
        responses=(Response(Role.OPERATOR, f"Answer {CANARY}", AT),),
    )


def encodings_of(text: str) -> list[bytes]:
    """The canary as it might appear if something wrote it unsealed."""
    raw = text.encode("utf-8")
    forms = [raw, text.encode("utf-16-le"), raw.hex().encode()]
    for shift in range(3):  # base64 of the canary at any alignment within a longer text
        encoded = base64.b64encode(b"x" * shift + raw)
        forms.append(encoded[4 : len(encoded) - 4])
        forms.append(base64.urlsafe_b64encode(b"x" * shift + raw)[4 : len(encoded) - 4])
    return forms


def test_the_sealed_blob_holds_no_trace_of_the_canary():
    blob = Sealer(KEY).seal("c-1", canary_content())

    for form in encodings_of(CANARY):
        assert form not in blob
    assert CANARY not in digest(blob)


def test_the_canary_check_would_see_the_canary_in_plain_or_base64():
    plain = f"prefix {CANARY} suffix".encode()
    assert any(form in plain for form in encodings_of(CANARY))
    assert any(form in base64.b64encode(plain) for form in encodings_of(CANARY))


def test_a_sealed_blob_opens_to_the_same_content():
    sealer = Sealer(KEY)
    blob = sealer.seal("c-1", canary_content())

    assert blob[:1] == b"\x01"
    assert sealer.open("c-1", blob) == canary_content()


def test_sealing_twice_gives_different_blobs():
    sealer = Sealer(KEY)
    assert sealer.seal("c-1", canary_content()) != sealer.seal("c-1", canary_content())


def test_flipping_any_single_byte_breaks_the_seal():
    sealer = Sealer(KEY)
    blob = sealer.seal("c-1", canary_content())

    for index in range(len(blob)):
        for mask in (0x01, 0x80):
            tampered = bytearray(blob)
            tampered[index] ^= mask
            with pytest.raises(SealBroken):
                sealer.open("c-1", bytes(tampered))


@pytest.mark.parametrize("cut", [0, 1, 13, 28, -1])
def test_a_truncated_blob_breaks_the_seal(cut):
    blob = Sealer(KEY).seal("c-1", canary_content())
    with pytest.raises(SealBroken):
        Sealer(KEY).open("c-1", blob[:cut])


def test_a_blob_moved_to_another_complaint_does_not_open():
    blob = Sealer(KEY).seal("c-1", canary_content())

    with pytest.raises(SealBroken) as broken:
        Sealer(KEY).open("c-2", blob)
    assert broken.value.complaint_id == "c-2"
    assert str(broken.value) == (
        "The sealed content of complaint c-2 does not open: "
        "altered, sealed for another complaint, or sealed with another key."
    )
    assert CANARY not in str(broken.value)


def test_another_key_does_not_open_the_blob():
    blob = Sealer(KEY).seal("c-1", canary_content())
    with pytest.raises(SealBroken):
        Sealer(OTHER_KEY).open("c-1", blob)


def test_rotation_seals_with_the_new_key_and_opens_with_any():
    old_blob = Sealer(KEY).seal("c-1", canary_content())
    rotated = Sealer(keys=[OTHER_KEY, KEY])
    new_blob = rotated.seal("c-1", canary_content())

    assert rotated.open("c-1", old_blob) == canary_content()
    assert Sealer(OTHER_KEY).open("c-1", new_blob) == canary_content()
    with pytest.raises(SealBroken):
        Sealer(KEY).open("c-1", new_blob)


def test_a_sealer_never_shows_its_keys():
    assert repr(Sealer(keys=[KEY, OTHER_KEY])) == "Sealer(<2 key(s)>)"


@pytest.mark.parametrize("size", [0, 16, 31, 33])
def test_only_256_bit_keys_are_taken(size):
    with pytest.raises(ValueError, match="32 bytes"):
        Sealer(b"k" * size)
    with pytest.raises(ComplaintKeyInvalid):
        decode_key(base64.urlsafe_b64encode(b"k" * size).decode())


@pytest.mark.parametrize("text", ["", "not base64 at all!", "é" * 44])
def test_a_malformed_key_is_refused(text):
    with pytest.raises(ComplaintKeyInvalid, match="is not urlsafe base64 of 32 random bytes"):
        decode_key(text)


def test_the_digest_is_the_sha256_of_the_stored_blob():
    blob = Sealer(KEY).seal("c-1", canary_content())

    assert len(digest(blob)) == 64
    assert digest(blob) == digest(bytes(blob))
    assert digest(blob) != digest(blob[:-1] + bytes([blob[-1] ^ 1]))


def test_the_key_file_is_created_owner_only_and_then_reused(tmp_path):
    path = tmp_path / "keys" / "poolgov-complaint.key"

    key = load_or_create_key(path)

    assert len(key) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(path) == key


def test_the_environment_key_comes_first_and_may_list_old_keys(tmp_path):
    new, old = generate_key(), generate_key()
    old_blob = Sealer(decode_key(old)).seal("c-1", canary_content())

    sealer = sealer_from_settings(tmp_path / "unused.key", {KEY_ENV: f"{new},{old}"})

    assert sealer.open("c-1", old_blob) == canary_content()
    assert Sealer(decode_key(new)).open("c-1", sealer.seal("c-1", canary_content())) == (
        canary_content()
    )
    assert not (tmp_path / "unused.key").exists()


def test_a_key_file_may_hold_old_keys_under_the_current_one(tmp_path):
    new, old = generate_key(), generate_key()
    path = tmp_path / "complaint.key"
    path.write_text(f"# rotated 2027-03-01\n{new}\n{old}\n", encoding="utf-8")
    old_blob = Sealer(decode_key(old)).seal("c-1", canary_content())

    sealer = sealer_from_settings(path, {})

    assert load_or_create_key(path) == decode_key(new)
    assert sealer.open("c-1", old_blob) == canary_content()


texts = st.text(min_size=1).filter(str.strip)
any_unicode = st.text(alphabet=st.characters(codec=None, exclude_categories=()), min_size=1)
responses = st.builds(
    Response,
    by_role=st.sampled_from(Role),
    text=texts | any_unicode.filter(str.strip),
    # Responses are stamped by the clock: instants a UTC conversion can hold (not year 1 at +08:00).
    at=st.datetimes(
        min_value=datetime(1970, 1, 1),  # noqa: DTZ001 - naive bounds, the zone comes from timezones=
        max_value=datetime(9998, 12, 31),  # noqa: DTZ001
        timezones=st.just(timezone(timedelta(hours=8))),
    )
    | st.just(AT),
)
contents = st.builds(
    ComplaintContent,
    title=texts,
    concern=any_unicode.filter(str.strip),
    evidence=st.lists(st.text().map(lambda t: f"https://e.example/{t}"), max_size=3).map(tuple),
    responses=st.lists(responses, max_size=3).map(tuple),
)


@given(complaint_id=st.text(min_size=1), content=contents)
def test_any_unicode_content_round_trips(complaint_id, content):
    sealer = Sealer(KEY)
    assert sealer.open(complaint_id, sealer.seal(complaint_id, content)) == content


def test_text_that_is_not_valid_utf8_still_seals():
    content = ComplaintContent(title="lone \ud800 surrogate", concern="emoji \U0001f600, NUL \x00")
    sealer = Sealer(KEY)
    assert sealer.open("c-1", sealer.seal("c-1", content)) == content
