"""What the proxy rules need from storage (``UnitOfWork.proxies``)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from governance.proxies import Proxy


@dataclass(frozen=True)
class ProxyBallot:
    """A ballot cast by proxy: the seq of its audit entry, with the proxy and its holder."""

    audit_seq: int
    motion_id: str
    member_id: str
    proxy_id: int
    holder: str


class ProxyRepository(Protocol):
    def add(self, proxy: Proxy) -> None: ...
    def revoke(self, proxy_id: int, now: datetime, by_user: str, seq: int) -> bool:
        """``UPDATE … WHERE revoked_at IS NULL``; False if it already was."""
        ...

    def given_for(self, member_id: str) -> list[Proxy]:
        """The member's proxies not revoked (perhaps expired)."""
        ...

    def held_by(self, user_id: str) -> list[Proxy]:
        """The proxies not revoked (perhaps expired, or lapsed with the holder's seat:
        :func:`governance.proxies.lapsed`) that ``user_id`` holds."""
        ...

    def all(self) -> list[Proxy]: ...
    def mark_ballots(self, ballots: Sequence[ProxyBallot]) -> None: ...
    def ballots(self, audit_seqs: Collection[int]) -> dict[int, ProxyBallot]:
        """Which of these ballots (by their audit seq) were cast by proxy."""
        ...

    def on_motion(self, motion_id: str) -> dict[int, ProxyBallot]:
        """Every ballot cast by proxy on the motion, by audit seq."""
        ...

    def used_on_open_motion(self, proxy_id: int) -> str | None:
        """An open motion on which a ballot cast with the proxy still counts."""
        ...
