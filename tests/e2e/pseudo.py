"""Under the pseudo-locale every catalog message comes out as ``⟦…⟧``: what poolgov sends to the
stand-in Slack must then be made only of marked messages and data (names, numbers, ids, dates,
Slack's ``<…>`` tokens, what people typed). Anything else bypassed the catalog."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlencode

import pytest
import yaml

from bot import bootstrap, charter_file
from bot.i18n.speech import PSEUDO_CLOSE, PSEUDO_OPEN
from bot.sandbox import DriverResponse, FakeSlack, SlackDriver, SocketModeDriver
from bot.sandbox.api_error import ApiError
from bot.sandbox.fake_server import HttpAnswer, parse_body


class Call(Protocol):
    """A call to the stand-in Slack: a transcript line (:class:`bot.sandbox.ApiCall`) or one
    caught as it arrived."""

    @property
    def method(self) -> str: ...

    @property
    def params(self) -> Mapping[str, Any]: ...


#: The calls that carry text people read (``ack``: poolgov's answer to the request itself).
SENDING = (
    "ack",
    "chat.postMessage",
    "chat.postEphemeral",
    "chat.update",
    "response_url",
    "views.open",
    "views.push",
    "views.update",
    "views.publish",
)
_INNERMOST = re.compile(f"{PSEUDO_OPEN}[^{PSEUDO_OPEN}{PSEUDO_CLOSE}]*{PSEUDO_CLOSE}")
_SLACK_TOKEN = re.compile(r"<[^<>\s][^<>]*>")
_EMOJI = re.compile(r":[a-z0-9_+-]+:")
#: a word holding a digit: an id (M-2027-001, C0ASSEMBLY), a number, a share, a date, a time
_WITH_DIGIT = re.compile(r"[^\s*_~`()\[\],;]*\d[^\s*_~`()\[\],;]*")
#: punctuation, mrkdwn's marks, the bars of a tally and the escapes of & < >
_FILLER = re.compile(r"(?:&amp;|&lt;|&gt;|[\s\W_█░┃▌•·—–…])+")


@dataclass(frozen=True)
class Unmarked:
    method: str
    text: str
    left: str

    def __str__(self) -> str:
        return f"{self.method}: {self.left!r} in {self.text[:200]!r}"


def texts(call: Call) -> Iterator[str]:
    """Every text a person reads in one call: the notification text and each text object."""
    return texts_of(call.params)


def texts_of(params: Mapping[str, Any]) -> Iterator[str]:
    """Every text a person reads in one call's arguments (or one acknowledgement's body)."""
    if isinstance(params.get("text"), str):
        yield params["text"]
    for key in ("blocks", "attachments", "view"):
        value = params.get(key)
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                continue
        yield from _text_objects(value)
    errors = params.get("errors")  # a view submission's field errors
    if isinstance(errors, Mapping):
        yield from (str(error) for error in errors.values())


def _text_objects(value: Any) -> Iterator[str]:
    if isinstance(value, Mapping):
        if value.get("type") in {"plain_text", "mrkdwn"} and isinstance(value.get("text"), str):
            yield value["text"]
        if isinstance(value.get("alt_text"), str):
            yield value["alt_text"]
        for key, inner in value.items():
            if key not in {"text", "alt_text"} or not isinstance(inner, str):
                yield from _text_objects(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _text_objects(inner)


def unmarked_part(text: str, data: Iterable[str]) -> str:
    """What of ``text`` is neither a marked message nor data (empty when all is well)."""
    left = text
    while True:
        stripped = _INNERMOST.sub(" ", left)
        if stripped == left:
            break
        left = stripped
    if PSEUDO_OPEN in left:  # a marked message cut short at a Block Kit limit
        left = left[: left.index(PSEUDO_OPEN)]
    left = _SLACK_TOKEN.sub(" ", left)
    for datum in sorted({d for d in data if d}, key=len, reverse=True):
        left = left.replace(datum, " ")
        escaped = datum.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        left = left.replace(escaped, " ")
    left = _EMOJI.sub(" ", left)
    left = _WITH_DIGIT.sub(" ", left)
    return _FILLER.sub(" ", left).strip()


def unmarked(calls: Iterable[Call], data: Iterable[str]) -> list[Unmarked]:
    """Each text sent that holds something neither marked nor data."""
    known = list(data)
    found: list[Unmarked] = []
    seen: set[str] = set()
    for call in calls:
        if call.method not in SENDING:
            continue
        for text in texts(call):
            left = unmarked_part(text, known)
            if left and text not in seen:
                seen.add(text)
                found.append(Unmarked(call.method, text, left))
    return found


# -- the pseudo-locale always on, checked as each text arrives ------------------------------

#: the markers as they travel: as themselves, or JSON-escaped inside a JSON argument
_MARKS = re.compile(r"⟦|⟧|\\u27e6|\\u27e7", re.IGNORECASE)
#: the charter's fields that are data (names, titles, ids, a charter's own texts)
_CHARTER_DATA = frozenset(
    {"name", "id", "title", "product_category", "royalty", "competition_notice", "channel"}
)
_LANGUAGE_KEYS = frozenset({"en", "zh", "zh_Hans", "zh-Hans"})
#: what a person typed into an interaction's inputs
_INPUT_KEYS = ("value", "selected_date", "selected_time", "selected_user", "selected_channel")


def strip_marks(text: str) -> str:
    """``text`` without the pseudo-locale's markers (also JSON-escaped ones)."""
    return _MARKS.sub("", text)


def plain_file(path: Path) -> str:
    """A file poolgov wrote (a report, an export), read without the pseudo-locale's markers: the
    check is on what reaches Slack; a file's words are tested by the test that reads it."""
    return strip_marks(path.read_text(encoding="utf-8"))


def typed_variants(text: str) -> Iterator[str]:
    """What of ``text`` poolgov may echo back: all of it, each line, and each line's ending from
    any word on (a command's argument: ``withdraw M-1 <reason>`` echoes ``<reason>``)."""
    yield text
    for line in text.splitlines():
        line = line.strip()
        words = line.split()
        yield line
        if len(words) <= 40:
            yield from (" ".join(words[i:]) for i in range(1, len(words)))


def charter_strings(text: str) -> Iterator[str]:
    """The data in a charter's YAML: its names, titles, ids and own texts, in every language."""
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError:
        return
    yield from _charter_leaves(loaded, "")


def _charter_leaves(value: Any, key: str) -> Iterator[str]:
    if isinstance(value, Mapping):
        for inner_key, inner in value.items():
            inner_key = str(inner_key)
            yield from _charter_leaves(inner, key if inner_key in _LANGUAGE_KEYS else inner_key)
    elif isinstance(value, list):
        for inner in value:
            yield from _charter_leaves(inner, key)
    elif key in _CHARTER_DATA and value is not None:
        yield str(value)


def typed_in(content_type: str, body: bytes) -> Iterator[str]:
    """What people typed, in one request Slack sends to poolgov (never poolgov's own texts that
    come back inside it, such as the view being submitted or the message clicked)."""
    try:
        params = parse_body(content_type, body)
    except ApiError:  # a deliberately broken request: nothing typed
        return
    if isinstance(params.get("text"), str) and "command" in params:  # a slash command
        yield from typed_variants(params["text"])
    payload: Any = params
    if isinstance(params.get("payload"), str):
        try:
            payload = json.loads(params["payload"])
        except ValueError:
            return
    if not isinstance(payload, Mapping):
        return
    event = payload.get("event")
    if isinstance(event, Mapping) and isinstance(event.get("text"), str):
        yield from typed_variants(event["text"])
    view = payload.get("view")
    state = view.get("state") if isinstance(view, Mapping) else None
    if isinstance(state, Mapping):
        for block in (state.get("values") or {}).values():
            for action in block.values() if isinstance(block, Mapping) else ():
                yield from _inputs(action)
    for action in payload.get("actions") or ():
        yield from _inputs(action)


def _inputs(action: Any) -> Iterator[str]:
    if not isinstance(action, Mapping):
        return
    for key in _INPUT_KEYS:
        if isinstance(action.get(key), str):
            yield from typed_variants(action[key])
    chosen = [action.get("selected_option"), *(action.get("selected_options") or ())]
    for option in chosen:
        if isinstance(option, Mapping) and isinstance(option.get("value"), str):
            yield option["value"]
    for key in ("selected_users", "selected_channels", "selected_conversations"):
        yield from (str(v) for v in action.get(key) or ())


@dataclass(frozen=True)
class Sent:
    """A text-carrying call as poolgov made it, markers and all."""

    method: str
    params: Mapping[str, Any]


class PseudoCheck:
    """Every text poolgov sends to a stand-in Slack (and every acknowledgement it answers
    Slack with) is kept as sent, then handed on without the markers, so what the tests read is
    plain; :meth:`violations` lists those holding something neither marked nor data."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.sent: list[Sent] = []
        self._data: set[str] = {"poolgov"}  # the product's own name
        self._fakes: list[FakeSlack] = []
        self._charters: list[Path] = []

    def typed(self, *texts: str) -> None:
        """Texts a test gave poolgov some other way than through Slack (a service called
        directly, a file): data poolgov may show back."""
        with self._lock:
            for text in texts:
                self._data.update(typed_variants(text))

    def charter(self, text: str) -> None:
        with self._lock:
            self._data.update(charter_strings(text))

    def look_in(self, folder: Path) -> None:
        """Read the charters written under ``folder`` (by the time of :meth:`violations`)."""
        self._charters.append(folder)

    def data(self) -> set[str]:
        for folder in self._charters:
            for path in [*folder.rglob("*.yaml"), *folder.rglob("*.yml")]:
                self.charter(path.read_text(encoding="utf-8", errors="replace"))
        with self._lock:
            found = set(self._data)
            fakes = list(self._fakes)
        for fake in fakes:
            with fake._state.lock:  # the people the fake knows are data
                users = list(fake._state.users.values())
            for user in users:
                found.update({user.id, user.real_name, user.name})
        return found

    def violations(self) -> list[Unmarked]:
        with self._lock:
            sent = list(self.sent)
        return unmarked(sent, self.data())

    def forget(self) -> None:
        """Drop what was sent so far (a test that sent an unmarked text on purpose)."""
        with self._lock:
            self.sent.clear()

    def _keep(self, method: str, params: Mapping[str, Any]) -> None:
        if method in SENDING:
            with self._lock:
                self.sent.append(Sent(method, params))

    def _seen(self, fake: FakeSlack) -> None:
        with self._lock:
            if not any(f is fake for f in self._fakes):
                self._fakes.append(fake)

    def _typed_in(self, content_type: str, body: bytes) -> None:
        with self._lock:
            self._data.update(typed_in(content_type, body))

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Check and strip on every FakeSlack and every driver the test makes."""
        check = self
        api, response = FakeSlack.answer_api, FakeSlack.answer_response_url

        def answer_api(
            fake: FakeSlack, method: str, headers: Mapping[str, str], body: bytes, query: str
        ) -> HttpAnswer:
            check._seen(fake)
            content_type = headers.get("content-type", "")
            body = check._arrived(method, content_type, body)
            return api(fake, method, headers, body, strip_marks(query))

        def answer_response_url(
            fake: FakeSlack, url_id: str, headers: Mapping[str, str], body: bytes
        ) -> HttpAnswer:
            check._seen(fake)
            content_type = headers.get("content-type", "application/json")
            return response(
                fake, url_id, headers, check._arrived("response_url", content_type, body)
            )

        monkeypatch.setattr(FakeSlack, "answer_api", answer_api)
        monkeypatch.setattr(FakeSlack, "answer_response_url", answer_response_url)
        for driver in (SlackDriver, SocketModeDriver):
            monkeypatch.setattr(driver, "post", self._posting(driver.post))
        load = charter_file.load_charter

        def load_charter(text: str) -> Any:
            check.charter(text)
            return load(text)

        monkeypatch.setattr(bootstrap, "load_charter", load_charter)

    def _arrived(self, method: str, content_type: str, body: bytes) -> bytes:
        """Keep a text-carrying call's arguments as sent; its body without the markers."""
        if method in SENDING:
            with suppress(ApiError):  # a broken body: the fake answers it itself
                self._keep(method, parse_body(content_type, body))
        return _stripped_body(content_type, body)

    def _posting(self, post: Callable[..., DriverResponse]) -> Callable[..., DriverResponse]:
        check = self

        def posting(
            driver: SlackDriver, body: bytes, content_type: str, **delivery: Any
        ) -> DriverResponse:
            check._typed_in(content_type, body)
            answer = post(driver, body, content_type, **delivery)
            if not answer.body or answer.status != 200:  # a refusal of the HTTP edge's
                return answer  # (401, 400): Slack's to read, never a person's
            text = answer.body.decode("utf-8", errors="replace")
            try:
                acknowledged = json.loads(text)
            except ValueError:
                acknowledged = {"text": text}
            if isinstance(acknowledged, Mapping):
                check._keep("ack", acknowledged)
            return replace(answer, body=strip_marks(text).encode())

        return posting


def _stripped_body(content_type: str, body: bytes) -> bytes:
    kind = content_type.split(";")[0].strip().lower()
    if kind in {"", "application/x-www-form-urlencoded"}:
        pairs = parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)
        return urlencode([(k, strip_marks(v)) for k, v in pairs]).encode()
    if kind == "application/json":
        return strip_marks(body.decode("utf-8", errors="replace")).encode()
    return body
