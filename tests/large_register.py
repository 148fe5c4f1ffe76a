"""A charter with a register of any size, written as an operator would write it, for scale tests."""

from __future__ import annotations


def member_id(index: int) -> str:
    return f"m{index:05d}"


def large_charter(members: int, *, cap: str | None = None) -> str:
    """``members`` licensors with 1–97 patents each, one or two representatives, block style."""
    lines = [
        "version: 1",
        "pool: {name: Large Pool, timezone: Europe/Berlin}",
        "operator: {name: Ops, users: [U0OPS1]}",
        "supervisors: {users: [U0SUP1]}",
        "members:",
    ]
    for i in range(members):
        reps = f"[U{i:07d}A]" if i % 3 else f"[U{i:07d}A, U{i:07d}B]"
        lines += [
            f"  - id: {member_id(i)}",
            f"    name: Licensor Number {i} Holdings Ltd",
            f"    patents: {1 + (i * 37) % 97}",
            f"    representatives: {reps}",
        ]
    weights = "{basis: patents}" if cap is None else f"{{basis: patents, cap: {cap}}}"
    lines += [
        f"weights: {weights}",
        "motions:",
        "  default: {quorum: 1/2, threshold: 1/2}",
        "  expulsion: {threshold: 3/4, threshold_rule: at_least, recuse: [subject]}",
    ]
    return "\n".join(lines) + "\n"
