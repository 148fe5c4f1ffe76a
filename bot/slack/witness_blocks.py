"""Block Kit for signed chain heads: the line under a result and the supervisors' witness posts.

A witness post puts a signed head where the operator cannot take it back: the supervisors'
channel. It shows the head in full (its entry number and hash), the key id and the whole
signature, so that anyone can later check, without trusting the operator, that the chain still
extends this head (``poolgov audit verify --head H`` on the database, ``poolgov audit check DIR
--head H`` on an export) and that the signature is the published key's. The fallback text holds
the same values, so a search of the channel finds a head by its hash.
"""

from __future__ import annotations

from bot.slack.motion_blocks import Message
from bot.slack.mrkdwn import Block, Mrkdwn, code, context, date_token, lines, md, section
from governance.motion import Motion
from storage.audit.signing import HEAD_MESSAGE, SignedHead

HOW_TO_CHECK = (
    "Check that the chain still extends this head: `poolgov audit verify --head {hash}` on the "
    "pool's database, or `poolgov audit check EXPORT_DIR --head {hash}` on an export. The key's "
    "fingerprint is in `/pool charter`."
)


def signed_head_lines(signed: SignedHead) -> list[Mrkdwn]:
    """The head, its entry number, the key id and the full signature, one per line."""
    return [
        md("*Audit chain head* {} (entry {})", code(signed.entry_hash), signed.seq),
        md("*Signed* by key {}: {}", code(signed.key_id), code(signed.signature)),
    ]


def result_head_block(audit_head: str, signed: SignedHead | None) -> Block:
    """The context line under a result: the head it was published under, signed if it is."""
    if signed is None:
        return context(md("Audit chain head {}", code(audit_head)))
    said = signed_head_lines(signed)
    said.append(
        md(
            "Verify with `poolgov audit verify --head {}`; the signing key's fingerprint is in "
            "`/pool charter`, and the supervisors' channel has the same head.",
            signed.entry_hash,
        )
    )
    return context(lines(said))


def witness_message(signed: SignedHead, motion: Motion | None = None) -> Message:
    """A witness post: at a close (``motion`` given), or the daily one when entries were added."""
    if motion is not None:
        state = motion.state.value.replace("_", " ")
        opening = md(
            ":lock: Motion {} {}: {}. Its result is published under this signed audit chain head.",
            motion.id,
            state,
            motion.title,
        )
    else:
        opening = md(
            ":lock: Entries were added to the audit chain since the last head posted here. "
            "This is its head now, signed."
        )
    fallback = md(
        "{} Head {}, entry {}, key {}, signature {}",
        opening,
        signed.entry_hash,
        signed.seq,
        signed.key_id,
        signed.signature,
    )
    message = HEAD_MESSAGE.format(seq=signed.seq, entry_hash=signed.entry_hash)
    said = [*signed_head_lines(signed), md("*Signed at* {}", date_token(signed.signed_at))]
    blocks = [
        section(opening),
        section(lines(said)),
        context(
            md("Ed25519 over {}. {}", code(message), HOW_TO_CHECK.format(hash=signed.entry_hash))
        ),
    ]
    return fallback, blocks
