"""The files of an export that come from the chain, written in one place so they read back alike.

``audit.jsonl`` (one entry a line: ``seq``, ``scheme``, ``prev_hash``, ``entry_hash``, ``body``),
``heads.json`` (the signed heads), ``keys.json`` (the public keys), ``ballots.csv`` (header
``member,choice``: the counted ballots) and ``receipts.csv`` (``receipt,seq,member,choice,status``:
every ballot of the motion, its receipt exactly as the member was shown it). No database code.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence

from storage.audit.chain import Entry
from storage.audit.chain_record import MotionOnChain
from storage.audit.signing import PublicKey, SignedHead


def audit_jsonl(entries: Iterable[Entry]) -> str:
    return "".join(
        json.dumps(
            {
                "seq": e.seq,
                "scheme": e.scheme,
                "prev_hash": e.prev_hash,
                "entry_hash": e.entry_hash,
                "body": e.body,
            },
            ensure_ascii=False,
        )
        + "\n"
        for e in entries
    )


def heads_json(heads: Sequence[SignedHead]) -> str:
    rows = [
        {
            "seq": h.seq,
            "entry_hash": h.entry_hash,
            "key_id": h.key_id,
            "signature": h.signature,
            "signed_at": h.signed_at.isoformat(),
        }
        for h in heads
    ]
    return json.dumps(rows, indent=2) + "\n"


def keys_json(keys: Sequence[PublicKey]) -> str:
    rows = [
        {"key_id": k.key_id, "fingerprint": k.fingerprint, "public_key_pem": k.public_key_pem}
        for k in keys
    ]
    return json.dumps(rows, indent=2) + "\n"


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def ballots_csv(motion: MotionOnChain) -> str:
    """The counted ballots, in the order of the electorate frozen at opening."""
    counted = motion.counted()
    order = dict.fromkeys(str(m) for m in (motion.opened or {}).get("electorate", []))
    order.update(dict.fromkeys(counted))  # anyone counted outside it, last (keys keep order)
    return _csv(["member", "choice"], ([m, counted[m]] for m in order if m in counted))


def receipts_csv(motion: MotionOnChain) -> str:
    return _csv(
        ["receipt", "seq", "member", "choice", "status"],
        ([b.receipt, b.seq, b.member_id, b.choice, b.status] for b in motion.ballots),
    )


def proxies_csv(entries: Iterable[Entry], motion: MotionOnChain) -> str:
    """``receipt,seq,member,holder,status``: the motion's ballots cast by proxy, from the chain."""
    ballots = {b.seq: b for b in motion.ballots}
    rows = []
    for entry in entries:
        ballot = ballots.get(entry.seq)
        if ballot is None:
            continue
        data = json.loads(entry.body).get("data") or {}
        if data.get("proxy_id") is not None:
            rows.append(
                [ballot.receipt, ballot.seq, ballot.member_id, data.get("cast_by"), ballot.status]
            )
    return _csv(["receipt", "seq", "member", "holder", "status"], rows)
