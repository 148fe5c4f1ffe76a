"""Charter texts for storage tests: Acme, Beta, Gamma and friends, every kind configured."""

from __future__ import annotations

OPERATOR = "U0OPS"
SUPERVISOR = "U0SUPER"
NAMES = ["acme", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]


def member_ids(count: int) -> list[str]:
    return [NAMES[i] if i < len(NAMES) else f"member-{i:03d}" for i in range(count)]


def representative(member_id: str, n: int = 1) -> str:
    return f"U0{member_id.upper().replace('-', '')}{n}"


def charter_text(members: int = 4, *, amended_threshold: str = "3/4") -> str:
    """A pool of ``members`` members with patent weights 10, 20, 30, … and a cap."""
    lines = [
        "version: 1",
        "pool:",
        "  name: Test Pool",
        "  timezone: Europe/Berlin",
        "operator:",
        "  name: PoolOps",
        f"  users: [{OPERATOR}]",
        "supervisors:",
        f"  users: [{SUPERVISOR}]",
        "members:",
    ]
    for index, member in enumerate(member_ids(members)):
        lines += [
            f"  - id: {member}",
            f"    name: {member.title()} Corp",
            f"    patents: {10 * (index + 1)}",
            f"    contribution: {index + 1}/2",
            f"    representatives: [{representative(member, 1)}, {representative(member, 2)}]",
        ]
    lines += [
        "weights:",
        "  basis: patents",
        f"  cap: {'1/2' if members >= 2 else '1'}",
        "motions:",
        "  default: {voting_period: 7d, quorum: 1/2, threshold: 1/2}",
        "  admission: {threshold: 2/3, threshold_rule: at_least, recuse: [subject]}",
        "  withdrawal: {recuse: [subject]}",
        "  expulsion: {threshold: 3/4, threshold_rule: at_least, recuse: [subject]}",
        "  fee_change: {quorum: 2/3, threshold: 2/3, threshold_rule: at_least}",
        "  distribution_change: {threshold: 2/3, threshold_rule: at_least}",
        "  charter_amendment:",
        f"    threshold: {amended_threshold}",
        "    threshold_of: eligible",
        "    threshold_rule: at_least",
        "  general: {allow_change: false}",
    ]
    return "\n".join(lines) + "\n"
