"""Block Kit for signed chain heads: the line under a result and the supervisors' witness posts.

A witness post puts a signed head where the operator cannot take it back: the supervisors'
channel. It shows the head in full (its entry number and hash), the key id and the whole
signature, so that anyone can later check, without trusting the operator, that the chain still
extends this head (``poolgov audit verify --head H`` on the database, ``poolgov audit check DIR
--head H`` on an export) and that the signature is the published key's. The fallback text holds
the same values, so a search of the channel finds a head by its hash.
"""

from __future__ import annotations

from bot.slack.motion_blocks import Block, context, section
from bot.slack.wording import date_token, escape
from governance.motion import Motion
from storage.audit.signing import HEAD_MESSAGE, SignedHead

HOW_TO_CHECK = (
    "Check that the chain still extends this head: `poolgov audit verify --head {hash}` on the "
    "pool's database, or `poolgov audit check EXPORT_DIR --head {hash}` on an export. The key's "
    "fingerprint is in `/pool charter`."
)


def signed_head_lines(signed: SignedHead) -> list[str]:
    """The head, its entry number, the key id and the full signature, one per line."""
    return [
        f"*Audit chain head* `{signed.entry_hash}` (entry {signed.seq})",
        f"*Signed* by key `{signed.key_id}`: `{signed.signature}`",
    ]


def result_head_block(audit_head: str, signed: SignedHead | None) -> Block:
    """The context line under a result: the head it was published under, signed if it is."""
    if signed is None:
        return context(f"Audit chain head `{audit_head}`")
    lines = signed_head_lines(signed)
    lines.append(
        f"Verify with `poolgov audit verify --head {signed.entry_hash}`; the signing key's "
        "fingerprint is in `/pool charter`, and the supervisors' channel has the same head."
    )
    return context("\n".join(lines))


def witness_message(signed: SignedHead, motion: Motion | None = None) -> tuple[str, list[Block]]:
    """A witness post: at a close (``motion`` given), or the daily one when entries were added."""
    if motion is not None:
        state = motion.state.value.replace("_", " ")
        opening = (
            f":lock: Motion {motion.id} {state}: {escape(motion.title)}. Its result is published "
            "under this signed audit chain head."
        )
    else:
        opening = (
            ":lock: Entries were added to the audit chain since the last head posted here. "
            "This is its head now, signed."
        )
    fallback = (
        f"{opening} Head {signed.entry_hash}, entry {signed.seq}, key {signed.key_id}, "
        f"signature {signed.signature}"
    )
    message = HEAD_MESSAGE.format(seq=signed.seq, entry_hash=signed.entry_hash)
    lines = [*signed_head_lines(signed), f"*Signed at* {date_token(signed.signed_at)}"]
    blocks = [
        section(opening),
        section("\n".join(lines)),
        context(f"Ed25519 over `{message}`. " + HOW_TO_CHECK.format(hash=signed.entry_hash)),
    ]
    return fallback, blocks
