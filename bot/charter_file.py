"""Reading ``charter.yaml`` into a :class:`governance.charter.Charter`, or every problem with it.

The text goes through PyYAML's safe loader (duplicate keys refused), then the strict models of
:mod:`bot.charter_models`, then the checks of :mod:`governance.charter_check`. Whatever is wrong
comes back at once as :class:`CharterFileError`, one :class:`~governance.errors.Problem` per fault,
each at its key path (``weights.cap``, ``members[2].patents``, ``motions.admission.threshold``).

``CharterFileError`` is a :class:`~governance.errors.CharterError`, so the one place in ``bot/``
that turns governance errors into replies handles a bad charter amendment too.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Hashable, Mapping
from datetime import UTC
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from dateutil.rrule import rrulestr
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bot.charter_models import KNOWN_KEYS, CharterFile, MeetingFile, MemberFile, MotionsFile
from governance.charter import (
    DEFAULT_COMPETITION_NOTICE,
    MINUTES_APPROVAL_RULES,
    Charter,
    Complaints,
    Meeting,
    Member,
    MotionKind,
    MotionRules,
    OpeningFee,
    Operator,
    Pool,
    Supervisors,
    Weights,
    default_rules,
)
from governance.charter_check import charter_problems
from governance.errors import CharterError, Problem

# Limits against a hostile file, set so that a real register never meets them: a 10,000-member
# register is 1–4 MB of YAML (names of up to 200 characters) and five levels deep. The byte limit
# also bounds the memory the parse takes: a text made of nothing but one-letter values composes to
# about 140 bytes of nodes per byte, some 1.1 GiB at the limit; a real charter far less.
MAX_BYTES = 8 * 1024 * 1024  # the charter text, as UTF-8
MAX_DEPTH = 32  # mappings and lists inside one another
# Aliases let a few lines of YAML stand for a tree of billions of nodes ("billion laughs"); the
# composed tree is measured, aliases expanded, before anything is built or validated from it, and
# may hold no more values than its text has bytes: what an alias-free text of that size can hold.
MIN_VALUES_ALLOWED = 10_000


class CharterFileError(CharterError):
    """The charter text cannot be used; ``problems`` lists every reason at its key path."""


def charter_hash(text: str) -> str:
    """SHA-256 (hex) of the exact charter text, as UTF-8: identifies one charter version."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_charter(text: str) -> Charter:
    """The charter ``text`` holds, or :class:`CharterFileError` with every problem."""
    data = _parse_yaml(text)
    try:
        parsed = CharterFile.model_validate(data)
    except ValidationError as error:
        raise CharterFileError([_problem(detail) for detail in error.errors()]) from None
    charter, problems = _build(parsed)
    problems += charter_problems(charter)
    if problems:
        raise CharterFileError(problems)
    return charter


def load_charter_path(path: Path) -> Charter:
    """:func:`load_charter` on a file; an unreadable file is a :class:`CharterFileError` too."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CharterFileError([Problem("", f"{path}: no such file")]) from None
    except UnicodeDecodeError:
        raise CharterFileError([Problem("", f"{path}: not UTF-8 text")]) from None
    except OSError as error:
        raise CharterFileError([Problem("", f"{path}: cannot read ({error.strerror})")]) from None
    return load_charter(text)


# -- YAML ------------------------------------------------------------------------------------


def _mapping_without_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Any:
    """PyYAML's mapping, refusing a key written twice (plain ``safe_load`` keeps the last)."""
    seen: set[Hashable] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, Hashable):
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is written twice", key_node.start_mark
                )
            seen.add(key)
    return loader.construct_mapping(node, deep=True)


class _StrictSafeLoader(yaml.SafeLoader):
    """The pure-Python safe loader with the duplicate-key rule."""


_StrictSafeLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
)

# libyaml scans and composes the nodes in C (several times faster); the values are still built by
# PyYAML's own safe constructor and resolver, so both loaders read a text alike.
_Loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
if getattr(yaml, "__with_libyaml__", False):

    class _StrictCSafeLoader(yaml.CSafeLoader):
        """libyaml's safe loader with the duplicate-key rule."""

    _StrictCSafeLoader.add_constructor(
        yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
    )
    _Loader = _StrictCSafeLoader
else:  # pragma: no cover - PyYAML built without libyaml
    _Loader = _StrictSafeLoader


def _yaml_error(error: yaml.YAMLError) -> CharterFileError:
    if isinstance(error, yaml.MarkedYAMLError):
        where = ""
        if error.problem_mark is not None:
            mark = error.problem_mark
            where = f" at line {mark.line + 1}, column {mark.column + 1}"
        return CharterFileError(
            [Problem("", f"not valid YAML{where}: {error.problem or error.context}")]
        )
    return CharterFileError([Problem("", f"not valid YAML: {error}")])


def _parse_yaml(text: str) -> object:
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise CharterFileError(
            [Problem("", f"the charter is {size} bytes, more than the {MAX_BYTES} allowed")]
        )
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_shape(node, max(size, MIN_VALUES_ALLOWED))
        data = None if node is None else loader.construct_document(node)
    except yaml.YAMLError as error:
        raise _yaml_error(error) from None
    except RecursionError:  # pragma: no cover - only the pure-Python composer recurses
        raise CharterFileError(
            [Problem("", f"the charter nests more than {MAX_DEPTH} levels deep")]
        ) from None
    finally:
        loader.dispose()
    if data is None:
        raise CharterFileError([Problem("", "the charter is empty")])
    if not isinstance(data, Mapping):
        raise CharterFileError(
            [Problem("", "the charter must be a mapping of keys (version, pool, members, …)")]
        )
    return data


def _check_shape(root: yaml.Node, max_values: int) -> None:
    """Refuse a node tree deeper than :data:`MAX_DEPTH` or, aliases expanded, over ``max_values``.

    One pass over the distinct collection nodes (an alias is the very node it names), without
    recursion: each one's expanded size and height are known once its children's are. An alias to
    a node that encloses it would expand without end, and is refused too.
    """
    sizes: dict[int, tuple[int, int]] = {}  # id(collection) → (values expanded, levels)
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            values, levels = 1, 1
            for child in _children(node):
                if type(child) is yaml.ScalarNode:
                    values += 1
                else:
                    child_values, child_levels = sizes[id(child)]
                    values += child_values
                    levels = max(levels, child_levels + 1)
            if levels > MAX_DEPTH:
                raise CharterFileError(
                    [Problem("", f"the charter nests more than {MAX_DEPTH} levels deep")]
                )
            if values > max_values:
                raise CharterFileError(
                    [
                        Problem(
                            "",
                            f"the charter's aliases expand it to more than {max_values} values, "
                            "more than its text could hold without them",
                        )
                    ]
                )
            sizes[key] = (values, levels)
            open_nodes.discard(key)
            continue
        if key in sizes or type(node) is yaml.ScalarNode:
            continue
        if key in open_nodes:
            raise CharterFileError([Problem("", "an alias in the charter refers to itself")])
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend(
            (child, False)
            for child in _children(node)
            if type(child) is not yaml.ScalarNode and id(child) not in sizes
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


# -- pydantic errors as key paths -----------------------------------------------------------


def key_path(loc: tuple[int | str, ...]) -> str:
    """``('members', 2, 'patents')`` → ``members[2].patents``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _problem(detail: ErrorDetails) -> Problem:
    path = key_path(detail["loc"])
    kind = detail["type"]
    if kind == "missing":
        return Problem(path, "is required")
    if kind == "extra_forbidden":
        key = str(detail["loc"][-1])
        close = difflib.get_close_matches(key, KNOWN_KEYS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return Problem(path, f"unknown key{hint}")
    if kind == "value_error":
        message = detail["msg"].removeprefix("Value error, ")
        return Problem(path, message)
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return Problem(path, f"must be a mapping of keys, not {_shown(detail['input'])}")
    if kind == "list_type":
        return Problem(path, f"must be a list, not {_shown(detail['input'])}")
    message = detail["msg"]
    message = message[0].lower() + message[1:]
    return Problem(path, f"{message}, not {_shown(detail['input'])}")


# -- building the Charter -------------------------------------------------------------------


def _given(model: BaseModel | None) -> dict[str, Any]:
    """The keys a section sets (``null`` counts as unset), lists as tuples for the dataclasses."""
    if model is None:
        return {}
    values = {name: getattr(model, name) for name in type(model).model_fields}
    return {k: tuple(v) if isinstance(v, list) else v for k, v in values.items() if v is not None}


def resolve_motion_rules(motions: MotionsFile | None) -> dict[MotionKind, MotionRules]:
    """``motions.default`` merged with each ``motions.<kind>``: the kind's keys win."""
    if motions is None:
        return {kind: default_rules(kind) for kind in MotionKind}
    default = _given(motions.default)
    return {
        kind: MotionRules(**{**_kind_default(kind, default), **_given(motions.override(kind))})
        for kind in MotionKind
    }


def _kind_default(kind: MotionKind, default: dict[str, Any]) -> dict[str, Any]:
    """``motions.default``, except for ``minutes_approval``, whose defaults are its own."""
    if kind is MotionKind.MINUTES_APPROVAL:
        return dict(MINUTES_APPROVAL_RULES)
    return default


def _member(member: MemberFile) -> Member:
    return Member(**_given(member))


def _meeting(index: int, meeting: MeetingFile, zone: ZoneInfo) -> tuple[Meeting, list[Problem]]:
    path = f"meetings[{index}]"
    problems: list[Problem] = []
    starts = meeting.starts
    if starts.tzinfo is None:
        starts = starts.replace(tzinfo=zone)
        wall = starts.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        if wall != meeting.starts:
            problems.append(
                Problem(
                    f"{path}.starts",
                    f"{meeting.starts.isoformat()} does not exist in {zone.key} "
                    "(the clocks skip it); pick another time",
                )
            )
    try:
        rrulestr(meeting.rrule, dtstart=starts)
    except (ValueError, TypeError) as error:
        problems.append(Problem(f"{path}.rrule", f"not an RFC 5545 recurrence rule ({error})"))
    values = {**_given(meeting), "starts": starts}
    return Meeting(**values), problems


def _build(parsed: CharterFile) -> tuple[Charter, list[Problem]]:
    zone = parsed.pool.timezone
    problems: list[Problem] = []
    meetings: list[Meeting] = []
    for index, entry in enumerate(parsed.meetings or []):
        meeting, found = _meeting(index, entry, zone)
        meetings.append(meeting)
        problems += found
    notice = parsed.competition_notice
    charter = Charter(
        pool=Pool(name=parsed.pool.name, timezone=zone),
        operator=Operator(name=parsed.operator.name, users=tuple(parsed.operator.users)),
        supervisors=Supervisors(**_given(parsed.supervisors)),
        members=tuple(_member(m) for m in parsed.members),
        weights=Weights(**_given(parsed.weights)),
        motions=resolve_motion_rules(parsed.motions),
        meetings=tuple(meetings),
        complaints=Complaints(**_given(parsed.complaints)),
        competition_notice=DEFAULT_COMPETITION_NOTICE if notice is None else notice,
        version=parsed.version,
        fees=tuple(OpeningFee(**_given(f)) for f in parsed.fees or []),
    )
    return charter, problems
