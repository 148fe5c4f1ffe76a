"""What ``poolgov audit verify`` prints after the chain holds: what was compared, what differs."""

from __future__ import annotations

from collections.abc import Iterator

from storage.audit.verify import Checked


def verify_report(result: Checked) -> Iterator[str]:
    """Rows compared per table, then each finding (the first ones, and how many more)."""
    compared = ", ".join(f"{table} {count}" for table, count in result.compared.items())
    yield f"rows compared with the chain: {compared}"
    if result.underived:
        motions = ", ".join(str(m) for m in result.underived)
        yield f"rules not re-derivable from the chain, so not compared, for motions {motions}"
    if result.clean:
        yield "every table is what the chain records"
        return
    yield f"{result.found} finding(s): the tables differ from the chain"
    for finding in result.findings:
        yield f"  {finding}"
    if result.found > len(result.findings):
        yield f"  … and {result.found - len(result.findings)} more"
