"""The floor: poolgov's server stack with a ballot listener that does no governance at all.

The same waitress server and WSGI adapter (:func:`bot.server.wsgi_app`), the same Bolt ``App``
settings (signature verification, token verification, the same Web API client), the same action
ids; the listener acks and posts an ephemeral reply of the same shape to the click's response_url.
No database, no register, no audit chain.

``python -m bench.floor --port P --signing-secret S --api-url U --token T`` serves it in the
foreground, as ``poolgov run --http`` serves poolgov: the bench's process mode runs it so.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Sequence
from types import FrameType
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.app import web_client
from bot.server import HttpServer, wsgi_app
from bot.settings import Settings
from bot.slack.motion_blocks import BALLOT_ACTIONS

CHOICE_OF_ACTION = {action: choice for choice, action in BALLOT_ACTIONS.items()}


def floor_app(settings: Settings) -> App:
    secret = settings.slack_signing_secret
    app = App(
        name="poolgov-floor",  # as poolgov's app: named, Bolt does not search the stack
        client=web_client(settings),
        signing_secret=secret.get_secret_value() if secret else "",
        token_verification_enabled=True,
        ignoring_self_events_enabled=True,
        logger=logging.getLogger("poolgov.bench.floor"),
    )

    def answer(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        action = body["actions"][0]
        choice = CHOICE_OF_ACTION[action["action_id"]].value
        respond(
            text=(
                f"Your vote is recorded: *{choice}* for {body['user']['id']} on motion "
                f"{action.get('value')}. Receipt `floor-0000` (find it in the pool's audit chain)."
            ),
            response_type="ephemeral",
            replace_original=False,
        )

    for action_id in CHOICE_OF_ACTION:
        app.action(action_id)(answer)
    return app


def start_floor(settings: Settings) -> HttpServer:
    """The floor app served like ``PoolBot.start_http`` serves poolgov (port 0: a free one)."""
    return HttpServer(wsgi_app(floor_app(settings)), host="127.0.0.1", port=0).start()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.floor", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--signing-secret", required=True)
    parser.add_argument("--api-url", required=True, help="the (fake) Slack Web API's URL")
    parser.add_argument("--token", required=True, help="the bot token the floor sends")
    args = parser.parse_args(argv)
    # logged as ``poolgov run`` logs with POOLGOV_LOG_LEVEL=WARNING (waitress's queue warnings too)
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = Settings.model_validate(
        {
            "SLACK_BOT_TOKEN": args.token,
            "SLACK_SIGNING_SECRET": args.signing_secret,
            "SLACK_API_URL": args.api_url,
        }
    )
    server = HttpServer(wsgi_app(floor_app(settings)), host=args.host, port=args.port)

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except SystemExit:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
