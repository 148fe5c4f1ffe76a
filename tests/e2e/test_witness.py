"""A closed motion's result and the supervisors' channel show the same signed chain head: its
signature verifies with the published key, the head lies on the chain (`poolgov audit verify
--head H`), and it is posted to the supervisors once however often the result is rendered."""

from __future__ import annotations

import base64
import hashlib
import re

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from typer.testing import CliRunner

from bot.cli.app import app
from bot.slack.publisher import motion_key
from tests.e2e.complaint_flows import SUPERVISORS_CHANNEL
from tests.e2e.conftest import Harness
from tests.e2e.flows import (
    closed,
    eventually,
    motion_id_of,
    open_motion,
    pool_says,
    text_of,
    vote_all,
)
from tests.e2e.pool import ACME, BETA, DELTA, GAMMA

IN_RESULT = re.compile(
    r"\*Audit chain head\* `([0-9a-f]{64})` \(entry (\d+)\)\\n"
    r"\*Signed\* by key `([0-9a-f]{16})`: `([A-Za-z0-9+/=]+)`"
)
IN_WITNESS = re.compile(
    r"Head ([0-9a-f]{64}), entry (\d+), key ([0-9a-f]{16}), signature ([A-Za-z0-9+/=]+)"
)


def public_key(h: Harness) -> Ed25519PublicKey:
    """The public half of the key the harness configured (POOLGOV_SIGNING_KEY, a 32-byte seed)."""
    assert h.settings.signing_key is not None
    seed = h.settings.signing_key.get_secret_value()
    return Ed25519PrivateKey.from_private_bytes(base64.urlsafe_b64decode(seed)).public_key()


def verifies(key: Ed25519PublicKey, seq: str, head: str, signature: str) -> bool:
    try:
        key.verify(base64.b64decode(signature), f"poolgov-audit-head:v1:{seq}:{head}".encode())
    except InvalidSignature:
        return False
    return True


def audit_verify(h: Harness, head: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app,
        ["audit", "verify", "--head", head, "--database-url", h.settings.database_url],
        env={"POOLGOV_AUDIT_KEY": "e2e-audit-key"},
        catch_exceptions=False,
    )
    return result.exit_code, result.output


def witness_posts(h: Harness) -> list[str]:
    return [m.text for m in h.fake.messages(SUPERVISORS_CHANNEL) if m.text.startswith(":lock:")]


def test_a_result_and_the_supervisors_show_one_signed_head_that_lies_on_the_chain(
    any_pool: Harness,
) -> None:
    h = any_pool
    message = open_motion(h, "general", {"title": "Budget <2027>", "text": "Resolved."})
    motion_id = motion_id_of(message)
    vote_all(h, message, {ACME: "yes", BETA: "yes", GAMMA: "no", DELTA: "yes"})
    result = closed(h, message)

    found = IN_RESULT.search(text_of(result))
    assert found, text_of(result)
    head, seq, key_id, signature = found.groups()
    key = public_key(h)
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert key_id == hashlib.sha256(raw).hexdigest()[:16]
    assert verifies(key, seq, head, signature)
    assert not verifies(key, str(int(seq) + 1), head, signature)  # the check can fail

    (posted,) = eventually(lambda: witness_posts(h))
    assert f"Motion {motion_id} carried: Budget &lt;2027&gt;." in posted
    assert IN_WITNESS.search(posted).groups() == (head, seq, key_id, signature)  # type: ignore[union-attr]

    fingerprint = hashlib.sha256(raw).hexdigest()
    grouped = " ".join(fingerprint[i : i + 4] for i in range(0, 64, 4))
    assert grouped in pool_says(h, ACME, "charter")  # the key members can compare aloud

    assert audit_verify(h, head)[0] == 0
    open_motion(h, "general", {"title": "Next", "text": "Resolved."})  # the chain moves on
    status, output = audit_verify(h, head)
    assert status == 0, output  # the later chain still extends the head people saw
    assert audit_verify(h, "0" * 64)[0] == 1  # a head the chain never had is named

    h.bot.runtime.refresh(motion_key(motion_id), True)  # the result rendered again
    assert h.bot.refresher.flush()
    assert len(witness_posts(h)) == 1
