"""Block Kit for signed chain heads: the line under a result and the supervisors' witness posts.

A witness post puts a signed head where the operator cannot take it back: the supervisors'
channel. It shows the head in full (its entry number and hash), the key id and the whole
signature, so that anyone can later check, without trusting the operator, that the chain still
extends this head (``poolgov audit verify --head H`` on the database, ``poolgov audit check DIR
--head H`` on an export) and that the signature is the published key's. The fallback text holds
the same values, so a search of the channel finds a head by its hash.
"""

from __future__ import annotations

from bot.i18n import N_, _, t
from bot.slack.date_words import date_token
from bot.slack.motion_blocks import Message
from bot.slack.mrkdwn import Block, Mrkdwn, code, context, lines, section
from governance.motion import Motion, MotionState
from storage.audit.signing import HEAD_MESSAGE, SignedHead

#: a closed motion's state, as the witness post says it
STATE_WORDS = {
    MotionState.OPEN: N_("open"),
    MotionState.CARRIED: N_("carried"),
    MotionState.FAILED: N_("failed"),
    MotionState.NO_QUORUM: N_("no quorum"),
    MotionState.WITHDRAWN: N_("withdrawn"),
}


def how_to_check(entry_hash: str) -> Mrkdwn:
    return t(
        "Check that the chain still extends this head: `poolgov audit verify --head {hash}` on "
        "the pool's database, or `poolgov audit check EXPORT_DIR --head {hash}` on an export. "
        "The key's fingerprint is in `/pool charter`.",
        hash=entry_hash,
    )


def signed_head_lines(signed: SignedHead) -> list[Mrkdwn]:
    """The head, its entry number, the key id and the full signature, one per line."""
    return [
        t("*Audit chain head* {hash} (entry {seq})", hash=code(signed.entry_hash), seq=signed.seq),
        t(
            "*Signed* by key {key}: {signature}",
            key=code(signed.key_id),
            signature=code(signed.signature),
        ),
    ]


def result_head_block(audit_head: str, signed: SignedHead | None) -> Block:
    """The context line under a result: the head it was published under, signed if it is."""
    if signed is None:
        return context(t("Audit chain head {hash}", hash=code(audit_head)))
    said = signed_head_lines(signed)
    said.append(
        t(
            "Verify with `poolgov audit verify --head {hash}`; the signing key's fingerprint is "
            "in `/pool charter`, and the supervisors' channel has the same head.",
            hash=signed.entry_hash,
        )
    )
    return context(lines(said))


def witness_message(signed: SignedHead, motion: Motion | None = None) -> Message:
    """A witness post: at a close (``motion`` given), or the daily one when entries were added."""
    if motion is not None:
        state = motion.state
        shown = _(STATE_WORDS[state]) if state in STATE_WORDS else state.replace("_", " ")
        opening = t(
            ":lock: Motion {motion} {state}: {title}. Its result is published under this signed "
            "audit chain head.",
            motion=motion.id,
            state=shown,
            title=motion.title,
        )
    else:
        opening = t(
            ":lock: Entries were added to the audit chain since the last head posted here. "
            "This is its head now, signed."
        )
    fallback = t(
        "{opening} Head {hash}, entry {seq}, key {key}, signature {signature}",
        opening=opening,
        hash=signed.entry_hash,
        seq=signed.seq,
        key=signed.key_id,
        signature=signed.signature,
    )
    message = HEAD_MESSAGE.format(seq=signed.seq, entry_hash=signed.entry_hash)
    said = [*signed_head_lines(signed), t("*Signed at* {at}", at=date_token(signed.signed_at))]
    blocks = [
        section(opening),
        section(lines(said)),
        context(
            t(
                "Ed25519 over {message}. {how}",
                message=code(message),
                how=how_to_check(signed.entry_hash),
            )
        ),
    ]
    return fallback, blocks
