"""The licensing fee schedule: the founding charter's ``fees`` section (the opening schedule),
then every entry a carried ``fee_change`` motion recorded, in order. A later entry for a
category supersedes an earlier one from its effective date."""

from __future__ import annotations

from governance.ports import CharterParser, FeeEntry, UnitOfWork

FOUNDING_VERSION = 1


def schedule(uow: UnitOfWork, parse: CharterParser) -> list[FeeEntry]:
    """The opening schedule (entries without a motion, ``motion_id == ""``), then the motions'."""
    with uow:
        founding = uow.charters.get(FOUNDING_VERSION)
        if founding is None:
            return uow.fees.all()
        seeded = [
            FeeEntry(f.product_category, f.royalty, f.effective_date, "", founding.effective_at, {})
            for f in parse(founding.text).fees
        ]
        return seeded + uow.fees.all()
