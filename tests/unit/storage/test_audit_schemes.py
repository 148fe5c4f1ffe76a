"""Each entry verifies by its scheme: 1 with the audit key (or links only), 2 by anyone."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from storage.audit.chain import (
    GENESIS,
    SCHEME_HMAC,
    SCHEME_SHA256,
    Break,
    Breakage,
    Entry,
    Verified,
    canonical_json,
    hmac_entry_hash,
    scheme_changed_body,
    sha256_entry_hash,
    verify,
)

KEY = b"old-audit-key"


AT = "2027-03-01T09:00:00+00:00"


def chain(schemes: list[int], *, record_the_switch: bool = True) -> list[Entry]:
    """Entries of the given schemes; where scheme 2 follows scheme 1, the record of the switch."""
    entries, prev = [], GENESIS
    for seq, scheme in enumerate(schemes, 1):
        switches = scheme == SCHEME_SHA256 and seq > 1 and schemes[seq - 2] == SCHEME_HMAC
        body = (
            scheme_changed_body(seq - 1, AT)
            if switches and record_the_switch
            else canonical_json({"kind": "note", "at": AT, "data": {"n": seq}})
        )
        digest = (
            hmac_entry_hash(KEY, prev, seq, body)
            if scheme == SCHEME_HMAC
            else sha256_entry_hash(prev, seq, body)
        )
        entries.append(Entry(seq, prev, digest, body, scheme))
        prev = digest
    return entries


def test_a_chain_that_switches_schemes_verifies_with_the_key():
    entries = chain([1, 1, 1, 2, 2])
    assert verify(entries, KEY) == Verified(5, entries[-1].entry_hash, 0)


def test_without_the_key_scheme_one_entries_are_linked_only_not_failures():
    entries = chain([1, 1, 1, 2, 2])
    result = verify(entries, None)
    assert result == Verified(5, entries[-1].entry_hash, 3)
    assert "3 scheme-1 entries checked for their links only" in str(result)


def test_a_scheme_two_hash_is_plain_sha256_of_prev_seq_and_body():
    (entry,) = chain([SCHEME_SHA256])
    message = bytes(32) + (1).to_bytes(8, "big") + entry.body.encode()
    assert entry.entry_hash == hashlib.sha256(message).hexdigest()


def test_an_edited_scheme_two_body_is_caught_without_any_key():
    entries = chain([1, 1, 2, 2])
    entries[3] = replace(entries[3], body=entries[3].body.replace('"n":4', '"n":5'))
    result = verify(entries, None)
    assert isinstance(result, Break)
    assert (result.seq, result.how) == (4, Breakage.CONTENT_CHANGED)


def test_schemes_never_go_down_along_the_chain():
    entries = chain([1, 2, 2])
    entries[2] = replace(entries[2], scheme=SCHEME_HMAC)
    result = verify(entries, KEY)
    assert isinstance(result, Break)
    assert (result.seq, result.how) == (3, Breakage.SCHEME_CHANGED)


def test_an_unknown_scheme_is_a_break():
    entries = chain([2, 2])
    entries[1] = replace(entries[1], scheme=3)
    result = verify(entries, None)
    assert isinstance(result, Break)
    assert result.how is Breakage.SCHEME_CHANGED


def test_an_edited_scheme_one_body_is_caught_with_the_key():
    entries = chain([1, 1, 2])
    entries[1] = replace(entries[1], body=entries[1].body.replace('"n":2', '"n":9'))
    result = verify(entries, KEY)
    assert isinstance(result, Break)
    assert (result.seq, result.how) == (2, Breakage.CONTENT_CHANGED)


def test_scheme_two_entries_relabelled_as_scheme_one_to_hide_an_edit_are_caught_without_the_key():
    entries = chain([1, 1, 2, 2, 2])
    edited = entries[3].body.replace('"n":4', '"n":40')
    entries[2] = replace(entries[2], scheme=SCHEME_HMAC)  # the record of the switch, relabelled
    entries[3] = replace(entries[3], scheme=SCHEME_HMAC, body=edited)  # its hash kept: links hold
    result = verify(entries, None)
    assert isinstance(result, Break)
    assert (result.seq, result.how) == (5, Breakage.SCHEME_CHANGED)
    assert "chain_scheme_changed" in str(result)


def test_a_whole_chain_relabelled_as_scheme_one_is_caught_without_the_key():
    entries = [replace(e, scheme=SCHEME_HMAC) for e in chain([2, 2, 2])]
    result = verify(entries, None)
    assert isinstance(result, Break)
    assert (result.seq, result.how) == (3, Breakage.SCHEME_CHANGED)


def test_a_switch_to_scheme_two_without_its_record_is_a_break():
    entries = chain([1, 1, 2], record_the_switch=False)
    result = verify(entries, KEY)
    assert isinstance(result, Break)
    assert (result.seq, result.how) == (3, Breakage.SCHEME_CHANGED)
