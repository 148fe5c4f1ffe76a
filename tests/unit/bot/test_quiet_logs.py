"""The Socket Mode log lines keep what happened and withhold the envelope, whatever its wording."""

from __future__ import annotations

import json
import logging

import pytest

from bot.slack import quiet_logs
from bot.slack.quiet_logs import WithholdEnvelopes

SECRET = "royalty-secret-91"
ENVELOPE = json.dumps(
    {
        "envelope_id": "59eef1dc-f2c6",
        "type": "interactive",
        "payload": {"type": "view_submission", "view": {"state": {"values": {"t": SECRET}}}},
    }
)


def record(message: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("poolgov.bolt", logging.DEBUG, __file__, 1, message, args, None)


def shown(line: logging.LogRecord) -> str:
    assert WithholdEnvelopes().filter(line)  # never drops a line: it only rewrites it
    return line.getMessage()


def test_an_envelope_received_is_withheld_and_its_id_kept() -> None:
    line = record(f"on_message invoked: (message: {ENVELOPE})")
    assert shown(line) == "on_message invoked (envelope withheld; envelope_id 59eef1dc-f2c6)"


def test_an_acknowledgement_sent_is_withheld_and_its_id_kept() -> None:
    ack = json.dumps({"envelope_id": "e-2", "payload": {"response_action": SECRET}})
    line = record("Sending a message (session id: s-1, message: %s)", ack)
    assert shown(line) == "Sending a message (envelope withheld; envelope_id e-2)"


@pytest.mark.parametrize(
    "message",
    [
        f"Received a new data frame (session id: s, opcode: text, payload: {ENVELOPE})",
        f"something new in a later slack_sdk: {ENVELOPE}",
        "as a dict: " + repr({"envelope_id": "e-3", "payload": {"text": SECRET}}),
        f'"payload": {{"text": "{SECRET}"}}',
    ],
)
def test_any_line_quoting_an_envelope_loses_it(message: str) -> None:
    assert SECRET not in shown(record(message))


def test_bolt_withholds_the_body_it_responds_with_and_the_request_it_repeats() -> None:
    responding = record(f'Responding with status: 200 body: "{SECRET}" (3 millis)')
    repeated = record(f"A global middleware (m) skipped calling `next()` ({{'t': '{SECRET}'}})")
    assert shown(responding) == "Responding with status: 200 (body withheld)"
    assert shown(repeated) == "A global middleware (m) (request withheld)"


def test_other_lines_pass_unchanged() -> None:
    line = record("Message processing started (type: interactive, envelope_id: e-4)")
    assert shown(line) == "Message processing started (type: interactive, envelope_id: e-4)"


def test_install_puts_the_filter_on_the_loggers_socket_mode_writes_to() -> None:
    quiet_logs.install()
    quiet_logs.install()
    for name in ("poolgov.bolt", "slack_sdk.socket_mode.builtin.client"):
        filters = logging.getLogger(name).filters
        assert sum(isinstance(f, WithholdEnvelopes) for f in filters) == 1
