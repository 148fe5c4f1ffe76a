"""The example pool the governance tests share: Acme, Beta and Gamma, and a charter around them.

Plain builders rather than fixtures, so a test states exactly the rules it changes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from governance.charter import (
    Basis,
    Charter,
    Member,
    MotionKind,
    MotionRules,
    Operator,
    Pool,
    Supervisors,
    Weights,
)
from governance.electorate import Electorate

F = Fraction

ACME = Member("acme", "Acme Corp", patents=120, contribution=F(7, 2), representatives=("U0ACME1",))
BETA = Member("beta", "Beta Ltd", patents=40, contribution=F(1, 2), representatives=("U0BETA1",))
GAMMA = Member("gamma", "Gamma GmbH", patents=40, representatives=("U0GAMMA1",))
REGISTER = (ACME, BETA, GAMMA)

OPENED = datetime(2027, 1, 5, 10, 0, tzinfo=UTC)
DEADLINE = OPENED + timedelta(days=7)


def member(member_id: str, patents: int = 0, contribution: int | Fraction = 0) -> Member:
    representative = f"U0{member_id.upper()}"
    return Member(member_id, member_id.title(), patents, F(contribution), (representative,))


def rules(**changes: Any) -> MotionRules:
    """``motions.default`` with the changes a test names."""
    return MotionRules(**changes)


def electorate(weights: dict[str, Fraction], recused: tuple[str, ...] = ()) -> Electorate:
    """An electorate straight from frozen shares, in the order given, less ``recused``."""
    return Electorate(
        weights=weights,
        members=tuple(m for m in weights if m not in recused),
        recused=recused,
    )


# Acme holds half the pool's votes, Beta three tenths and Gamma a fifth.
ACME_BETA_GAMMA = {"acme": F(1, 2), "beta": F(3, 10), "gamma": F(1, 5)}


def charter(**changes: Any) -> Charter:
    """A sound charter over Acme, Beta and Gamma; keyword arguments replace whole sections."""
    sections: dict[str, Any] = {
        "pool": Pool("Example Video Codec Pool", ZoneInfo("Asia/Shanghai")),
        "operator": Operator("PoolOps Co.", ("U0OPERATOR1",)),
        "supervisors": Supervisors(("U0SUPER1", "U0SUPER2"), "G0SUPERVISE"),
        "members": REGISTER,
        "weights": Weights(basis=Basis.PATENTS, cap=F(1, 2)),
        "motions": {
            MotionKind.ADMISSION: rules(threshold=F(2, 3), recuse=("subject",)),
            MotionKind.GENERAL: rules(),
        },
    }
    sections.update(changes)
    return Charter(**sections)
