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
from dataclasses import replace
from datetime import UTC
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from dateutil.rrule import rrulestr
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bot.charter_models import (
    KNOWN_KEYS,
    ActionsFile,
    ActionTemplateFile,
    CharterFile,
    MeetingFile,
    MemberFile,
    MotionsFile,
)
from governance.action_rules import ActionRules, ActionTemplate
from governance.bilingual import DEFAULT_LANGUAGE, Bilingual, catalog_name
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
    Proxies,
    Supervisors,
    Weights,
    default_rules,
)
from governance.charter_check import charter_problems
from governance.errors import CharterError, Problem
from governance.phrases import Phrase
from governance.texts import N_

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
        raise CharterFileError(
            [Problem("", Phrase(N_("{path}: no such file"), path=path))]
        ) from None
    except UnicodeDecodeError:
        raise CharterFileError(
            [Problem("", Phrase(N_("{path}: not UTF-8 text"), path=path))]
        ) from None
    except OSError as error:
        what = Phrase(N_("{path}: cannot read ({reason})"), path=path, reason=error.strerror)
        raise CharterFileError([Problem("", what)]) from None
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
                    None,
                    None,
                    Phrase(N_("the key {key!r} is written twice"), key=key),
                    key_node.start_mark,
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
            where = Phrase(
                N_(" at line {line}, column {column}"), line=mark.line + 1, column=mark.column + 1
            )
        return CharterFileError(
            [
                Problem(
                    "",
                    Phrase(
                        N_("not valid YAML{where}: {problem}"),
                        where=where,
                        problem=error.problem or error.context,
                    ),
                )
            ]
        )
    return CharterFileError([Problem("", Phrase(N_("not valid YAML: {error}"), error=error))])


def _parse_yaml(text: str) -> object:
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise CharterFileError(
            [
                Problem(
                    "",
                    Phrase(
                        N_("the charter is {size} bytes, more than the {allowed} allowed"),
                        size=size,
                        allowed=MAX_BYTES,
                    ),
                )
            ]
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
        raise CharterFileError([_too_deep()]) from None
    finally:
        loader.dispose()
    if data is None:
        raise CharterFileError([Problem("", Phrase(N_("the charter is empty")))])
    if not isinstance(data, Mapping):
        what = Phrase(N_("the charter must be a mapping of keys (version, pool, members, …)"))
        raise CharterFileError([Problem("", what)])
    return data


def _too_deep() -> Problem:
    return Problem(
        "", Phrase(N_("the charter nests more than {depth} levels deep"), depth=MAX_DEPTH)
    )


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
                raise CharterFileError([_too_deep()])
            if values > max_values:
                raise CharterFileError(
                    [
                        Problem(
                            "",
                            Phrase(
                                N_(
                                    "the charter's aliases expand it to more than {values} "
                                    "values, more than its text could hold without them"
                                ),
                                values=max_values,
                            ),
                        )
                    ]
                )
            sizes[key] = (values, levels)
            open_nodes.discard(key)
            continue
        if key in sizes or type(node) is yaml.ScalarNode:
            continue
        if key in open_nodes:
            what = Phrase(N_("an alias in the charter refers to itself"))
            raise CharterFileError([Problem("", what)])
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
        return Problem(path, Phrase(N_("is required")))
    if kind == "extra_forbidden":
        key = str(detail["loc"][-1])
        close = difflib.get_close_matches(key, KNOWN_KEYS, n=1)
        hint = Phrase(N_("; did you mean {key!r}?"), key=close[0]) if close else ""
        return Problem(path, Phrase(N_("unknown key{hint}"), hint=hint))
    if kind == "value_error":
        message = detail["msg"].removeprefix("Value error, ")
        return Problem(path, message)
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        shown = _shown(detail["input"])
        return Problem(path, Phrase(N_("must be a mapping of keys, not {value}"), value=shown))
    if kind == "list_type":
        shown = _shown(detail["input"])
        return Problem(path, Phrase(N_("must be a list, not {value}"), value=shown))
    message = detail["msg"]
    message = message[0].lower() + message[1:]
    return Problem(
        path,
        Phrase(N_("{message}, not {value}"), message=message, value=_shown(detail["input"])),
    )


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
                    Phrase(
                        N_(
                            "{starts} does not exist in {zone} "
                            "(the clocks skip it); pick another time"
                        ),
                        starts=meeting.starts.isoformat(),
                        zone=zone.key,
                    ),
                )
            )
    try:
        rrulestr(meeting.rrule, dtstart=starts)
    except (ValueError, TypeError) as error:
        problems.append(
            Problem(
                f"{path}.rrule",
                Phrase(N_("not an RFC 5545 recurrence rule ({error})"), error=error),
            )
        )
    values = {**_given(meeting), "starts": starts}
    return Meeting(**values), problems


def _text(value: str | dict[str, str], language: str) -> str:
    """A charter text people read: as written, or a :class:`Bilingual` of a mapping by language
    whose ``str`` is the pool's ``language`` (else the other language written)."""
    if isinstance(value, str):
        return value
    versions = {catalog_name(tag) or tag: text for tag, text in value.items()}
    return Bilingual(versions, language)


def _build(parsed: CharterFile) -> tuple[Charter, list[Problem]]:
    zone = parsed.pool.timezone
    language = catalog_name(parsed.pool.language or "") or DEFAULT_LANGUAGE
    problems: list[Problem] = []
    meetings: list[Meeting] = []
    for index, entry in enumerate(parsed.meetings or []):
        meeting, found = _meeting(index, entry, zone)
        meetings.append(replace(meeting, title=_text(entry.title, language)))
        problems += found
    notice = parsed.competition_notice
    charter = Charter(
        pool=Pool(name=_text(parsed.pool.name, language), timezone=zone, language=language),
        operator=Operator(name=parsed.operator.name, users=tuple(parsed.operator.users)),
        supervisors=Supervisors(**_given(parsed.supervisors)),
        members=tuple(replace(_member(m), name=_text(m.name, language)) for m in parsed.members),
        weights=Weights(**_given(parsed.weights)),
        motions=resolve_motion_rules(parsed.motions),
        meetings=tuple(meetings),
        complaints=Complaints(**_given(parsed.complaints)),
        competition_notice=(
            DEFAULT_COMPETITION_NOTICE if notice is None else _text(notice, language)
        ),
        version=parsed.version,
        actions=resolve_action_rules(parsed.actions),
        proxies=Proxies(**_given(parsed.proxies)),
        fees=tuple(OpeningFee(**_given(f)) for f in parsed.fees or []),
    )
    return charter, problems


def resolve_action_rules(actions: ActionsFile | None) -> ActionRules:
    """``actions``: the defaults, with each kind written replacing its own."""
    if actions is None:
        return ActionRules()
    templates = dict(ActionRules().templates)
    if actions.kinds is not None:
        for kind in MotionKind:
            written: list[ActionTemplateFile] | None = getattr(actions.kinds, kind.value)
            if written is not None:
                templates[kind.value] = tuple(ActionTemplate(**_given(t)) for t in written)
    if actions.remind_before is None:
        return ActionRules(templates)
    return ActionRules(templates, tuple(actions.remind_before))
