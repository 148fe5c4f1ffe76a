"""An expanding IN list padded to a power of two: the same match, few statement texts."""

from __future__ import annotations

from storage.dialect import padded


def test_padding_keeps_the_values_and_their_order_and_repeats_only_the_last() -> None:
    assert padded([]) == []
    assert padded(["b", "a", "b"]) == ["a", "b", "b", "b", "b", "b", "b", "b"]
    for n in range(1, 300):
        values = [f"v{i:03d}" for i in range(n)]
        found = padded(reversed(values))  # type: ignore[arg-type]
        assert set(found) == set(values)
        assert found[:n] == values
        assert len(found) >= max(n, 8)
        assert len(found) & (len(found) - 1) == 0  # a power of two


def test_a_burst_of_batches_of_any_size_shares_a_few_lengths() -> None:
    lengths = {len(padded([f"u{i}" for i in range(n)])) for n in range(1, 257)}
    assert lengths == {8, 16, 32, 64, 128, 256}
