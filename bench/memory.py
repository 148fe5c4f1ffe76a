"""Memory as Linux counts it: the PSS (proportional set size) of a process and its descendants.

PSS charges each shared page to the processes sharing it in equal parts, so the PSS of a tree
adds up to what the tree costs the machine; RSS would count the shared interpreter and libraries
once per process. Read from ``/proc/PID/smaps_rollup`` (Linux 4.14 and later).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True)
class ProcessMemory:
    pid: int
    name: str
    pss_kib: int
    rss_kib: int


def _stat(pid: int) -> tuple[str, int] | None:
    """The command name and parent pid of ``pid``, or None once it is gone."""
    try:
        text = (PROC / str(pid) / "stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    name = text[text.index("(") + 1 : text.rindex(")")]
    fields = text[text.rindex(")") + 2 :].split()
    return name, int(fields[1])


def descendants(root: int) -> list[int]:
    """``root`` and every process below it, ``root`` first."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir(PROC):
        if entry.isdigit():
            stat = _stat(int(entry))
            if stat is not None:
                children.setdefault(stat[1], []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def process_memory(pid: int) -> ProcessMemory | None:
    stat = _stat(pid)
    try:
        rollup = (PROC / str(pid) / "smaps_rollup").read_text(encoding="ascii")
    except OSError:
        return None
    values = {}
    for line in rollup.splitlines()[1:]:
        key, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            values[key] = int(parts[0])
    return ProcessMemory(pid, stat[0] if stat else "?", values.get("Pss", 0), values.get("Rss", 0))


def tree_memory(root: int) -> list[ProcessMemory]:
    """The memory of ``root`` and of each of its descendants still running."""
    return [m for m in map(process_memory, descendants(root)) if m is not None]


def total_pss_mib(processes: Iterable[ProcessMemory]) -> float:
    return sum(p.pss_kib for p in processes) / 1024
