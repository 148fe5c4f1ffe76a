"""The server's charter parser: a large charter is parsed in a short-lived child interpreter.

Parsing a charter builds far more than it keeps: a 10,000-member register passes through YAML
nodes, plain dicts and validation models, tens of MiB at their peak, to end as a few MiB of
:class:`~governance.charter.Charter`. The memory of that peak stays with the process (the
allocator cannot give back pages a kept object still sits on), so a server that parsed its
charter once would carry the peak for the rest of its life. Here a charter text larger than
:data:`ISOLATE_FROM` is parsed by a fresh interpreter that imports only the charter reader; the
server receives the finished charter (or the :class:`~bot.charter_file.CharterFileError` naming
every problem) pickled, and allocates only what it keeps. Smaller texts are parsed in place.

Should the child fail to give an answer (it could not start, or was killed), the text is parsed
in place after all: the result is the same, only the memory differs.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from bot.charter_file import load_charter
from governance.charter import Charter

log = logging.getLogger(__name__)

#: Characters of charter text from which it is parsed in a child (about 350 members).
ISOLATE_FROM = 50_000
#: The directory that holds the ``bot`` package, put on the child's import path.
PROJECT_ROOT = str(Path(__file__).resolve().parent.parent)
CHILD = """
import pickle, sys
from bot.charter_file import CharterFileError, load_charter
text = sys.stdin.buffer.read().decode("utf-8")
try:
    answer = ("ok", load_charter(text))
except CharterFileError as error:
    answer = ("refused", error)
sys.stdout.buffer.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
"""


def _child_answer(text: str) -> tuple[str, object]:
    path = os.pathsep.join(filter(None, [PROJECT_ROOT, os.environ.get("PYTHONPATH")]))
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", CHILD],
        input=text.encode("utf-8"),
        capture_output=True,
        env={**os.environ, "PYTHONPATH": path},
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode("utf-8", "replace").strip()[-500:])
    answer: tuple[str, object] = pickle.loads(done.stdout)  # noqa: S301 - our own child's
    return answer


def parse_elsewhere(text: str) -> Charter:
    """:func:`~bot.charter_file.load_charter` of ``text``, run in a child interpreter."""
    try:
        status, value = _child_answer(text)
    except Exception as error:  # the same answer, parsed here
        log.warning("charter parsed in place: its child failed (%s)", error)
        return load_charter(text)
    if status == "refused" and isinstance(value, Exception):
        raise value
    if not isinstance(value, Charter):
        return load_charter(text)
    return value


def parse(text: str) -> Charter:
    return parse_elsewhere(text) if len(text) >= ISOLATE_FROM else load_charter(text)


def server_parser() -> Callable[[str], Charter]:
    """The parser a server's storage uses: as :func:`parse`, each text parsed once (16 kept)."""
    return lru_cache(maxsize=16)(parse)
