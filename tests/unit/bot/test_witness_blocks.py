"""A signed head is shown in full under a result and in the supervisors' witness posts: the
head, its entry number, the key id and the whole signature, in blocks Slack accepts."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.jobs_witness import next_witness_at
from bot.slack.result_blocks import result_message
from bot.slack.witness_blocks import witness_message
from governance.charter import MotionRules
from governance.kinds import General
from governance.tally import Choice
from storage.audit.signing import HeadSigner, SignedHead, signature_holds
from tests.unit.bot.test_result_blocks import (
    NAMES,
    a_motion,
    everyone_votes,
    many_members,
    valid,
)

SIGNER = HeadSigner.generate()
HEAD = "9f" * 32
SIGNED_AT = datetime(2027, 3, 8, 9, 0, tzinfo=UTC)


def signed(seq: int = 41, entry_hash: str = HEAD) -> SignedHead:
    return SIGNER.sign(seq, entry_hash, SIGNED_AT)


def closed_result(signed_head: SignedHead | None) -> str:
    motion = a_motion()
    closed, tally = motion.close({"acme": Choice.YES, "beta": Choice.NO}, motion.closes_at)
    _, blocks = result_message(closed, tally, NAMES, HEAD, "deadline", signed_head)
    valid(blocks)
    return json.dumps(blocks, ensure_ascii=False)


def test_a_result_shows_its_head_with_entry_number_key_id_and_whole_signature() -> None:
    head = signed()
    text = closed_result(head)
    assert f"*Audit chain head* `{HEAD}` (entry 41)" in text
    assert f"*Signed* by key `{SIGNER.key_id}`: `{head.signature}`" in text
    assert f"`poolgov audit verify --head {HEAD}`" in text


def test_a_result_without_a_signing_key_still_names_its_head() -> None:
    text = closed_result(None)
    assert f"Audit chain head `{HEAD}`" in text
    assert "Signed" not in text


def test_the_signed_head_still_leaves_room_for_a_long_roll_call() -> None:
    register = many_members(200)
    names = {m.id: m.name for m in register}
    motion = a_motion(MotionRules(), register)
    closed, tally = motion.close(everyone_votes(register), motion.closes_at)
    _, blocks = result_message(closed, tally, names, HEAD, "all_voted", signed())
    valid(blocks)
    text = json.dumps(blocks)
    assert "Member 0199" in text
    assert signed().signature in json.dumps(blocks[-1])  # the head comes last, after the roll call


def test_a_close_witness_names_the_motion_escaped_and_carries_every_value_in_full() -> None:
    motion = replace(a_motion(payload=General()), title="Budget <2027> & fees")
    closed, _ = motion.close({"acme": Choice.YES}, motion.closes_at)
    head = signed()
    text, blocks = witness_message(head, closed)
    valid(blocks)
    shown = json.dumps(blocks, ensure_ascii=False)
    assert "Motion 12 carried: Budget &lt;2027&gt; &amp; fees" in shown
    for value in (HEAD, SIGNER.key_id, head.signature, "(entry 41)"):
        assert value in shown
    for value in (HEAD, SIGNER.key_id, head.signature, "entry 41"):
        assert value in text  # the fallback text: a search of the channel finds the head


def test_the_daily_witness_says_entries_were_added_and_shows_what_was_signed() -> None:
    head = signed(57, "0a" * 32)
    _, blocks = witness_message(head)
    valid(blocks)
    shown = json.dumps(blocks, ensure_ascii=False)
    assert "Entries were added to the audit chain since the last head posted here" in shown
    assert f"`poolgov-audit-head:v1:57:{'0a' * 32}`" in shown
    assert f"poolgov audit check EXPORT_DIR --head {'0a' * 32}" in shown
    assert signature_holds(SIGNER.public.verifier(), 57, "0a" * 32, head.signature)
    assert not signature_holds(SIGNER.public.verifier(), 58, "0a" * 32, head.signature)


def test_the_daily_witness_runs_at_the_next_midnight_utc_never_at_the_instant_it_is_asked() -> None:
    evening = datetime(2027, 3, 8, 21, 30, tzinfo=UTC)
    midnight = datetime(2027, 3, 9, tzinfo=UTC)
    assert next_witness_at(evening) == midnight
    assert next_witness_at(midnight) == midnight + timedelta(days=1)
    assert next_witness_at(midnight - timedelta(microseconds=1)) == midnight
