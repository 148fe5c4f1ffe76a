"""Request ids: which field names a request, and that the id follows it across threads."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from typing import Any

from bot import request_ids
from bot.request_ids import RequestIdFilter, carry_context, id_of, kind_of


def test_the_id_comes_from_the_envelope_then_the_event_then_the_click_then_the_trigger():
    click = {
        "type": "block_actions",
        "user": {"id": "U1"},
        "actions": [{"action_ts": "1700000000.123456"}],
        "trigger_id": "t.1",
    }
    assert id_of(click, "e-1") == "env:e-1"
    assert id_of({"event_id": "Ev1", "type": "event_callback"}) == "evt:Ev1"
    assert id_of(click) == "act:U1:1700000000.123456"
    assert id_of({"command": "/pool", "trigger_id": "13.4a"}) == "trg:13.4a"
    assert id_of({}) == "-"
    # only Slack's characters: nothing a person typed can forge a line
    assert id_of({"event_id": 'Ev1\n{"level": "ERROR"}'}) == "evt:Ev1levelERROR"


def test_kinds_are_bounded():
    assert kind_of({"command": "/pool"}) == "command"
    assert kind_of({"type": "event_callback"}) == "event"
    assert kind_of({"type": "view_submission"}) == "view_submission"
    assert kind_of({"type": "something_new"}) == "other"


def test_a_socket_mode_envelope_id_reaches_the_app_and_its_listener_threads():
    seen: list[str] = []
    executor = carry_context(ThreadPoolExecutor(max_workers=1))

    class App:
        def dispatch(self, req: Any) -> Any:
            seen.append(request_ids.current_id())
            executor.submit(lambda: seen.append(request_ids.current_id())).result()
            return SimpleNamespace(status=200)

    app = App()
    request_ids.instrument_app(app)

    def bolt_handler(client: Any, request: Any) -> None:
        app.dispatch(SimpleNamespace(body=request.payload))

    handler = SimpleNamespace(client=SimpleNamespace(socket_mode_request_listeners=[bolt_handler]))
    request_ids.instrument_socket_mode(handler)
    (listener,) = handler.client.socket_mode_request_listeners
    listener(None, SimpleNamespace(envelope_id="abc-123", payload={"type": "block_actions"}))
    assert seen == ["env:abc-123", "env:abc-123"]
    assert request_ids.current_id() == "-"  # nothing leaks past the request
    executor.shutdown()


def test_the_filter_marks_lines_outside_any_request_with_a_dash():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", (), None)
    assert RequestIdFilter().filter(record)
    assert record.request_id == "-"  # type: ignore[attr-defined]
