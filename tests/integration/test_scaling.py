"""Close, export and recount are linear in the register, through real SQLite: counted, not timed.

The same pool is built at 150 and at 1,500 members (4 in 5 voting); each step's function calls
(see :mod:`tests.op_count`) at the larger size may be at most ~15× those at the smaller.
"""

from __future__ import annotations

import base64
from datetime import timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bot.bootstrap import build
from bot.charter_file import load_charter
from bot.cli.tally import recount
from governance.charter import MotionKind
from migrations.runner import upgrade
from storage.audit.signing import HeadSigner
from storage.export.motion import export_motion
from tests.integration.conftest import AUDIT_KEY, NOW, SIGNING_KEY
from tests.large_register import cast, close, initialise, open_general
from tests.op_count import GROWTH_ALLOWED, Operations

SIGNER = HeadSigner(Ed25519PrivateKey.from_private_bytes(base64.urlsafe_b64decode(SIGNING_KEY)))


def step_costs(members: int, root: Path) -> dict[str, int]:
    url = f"sqlite:///{root / f'poolgov-{members}.db'}"
    upgrade(url)
    costs = {}
    with build(url, audit_key=AUDIT_KEY) as storage:
        initialise(storage, members, NOW)
        motion_id = open_general(storage, NOW)
        cast(storage, motion_id, range(members * 4 // 5), NOW + timedelta(minutes=1))
        with Operations() as operations:
            close(storage, motion_id, NOW + timedelta(days=30))
        costs["close"] = operations.count
        with Operations() as operations:
            exported = export_motion(
                storage.uow(), motion_id, load_charter, SIGNER, NOW + timedelta(days=31)
            )
        costs["export"] = operations.count
    with Operations() as operations:
        charter = load_charter(exported.files["charter.yaml"])
        recount(charter, MotionKind.GENERAL, exported.files["ballots.csv"], "ballots.csv", None)
    costs["recount"] = operations.count
    return costs


def test_close_export_and_recount_grow_linearly_with_the_register(tmp_path: Path) -> None:
    small = step_costs(150, tmp_path)
    large = step_costs(1_500, tmp_path)
    for step in small:
        assert large[step] > 3 * small[step], (step, small[step], large[step])  # seen at all
        assert large[step] <= GROWTH_ALLOWED * small[step], (step, small[step], large[step])
