"""The page's server: a Starlette app over one :class:`Sandbox`, with server-sent events.

``GET /`` is the chat page; ``GET /api/state?user=U`` is what that person sees; the ``POST /api/…``
routes are what they do (a command, a click, a modal submitted or closed, time moved, a reset);
``GET /api/events`` tells the page when anything changed, so it never reloads.
"""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from types import FrameType
from typing import Any

import uvicorn
import yaml
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.i18n import speaking
from bot.resources import manifest_path
from bot.sandbox.fake_state import Ephemeral, Message
from bot.sandbox.web import demo
from bot.sandbox.web.session import Sandbox
from bot.sandbox.web.strings import browser_language, page_strings

HERE = Path(__file__).resolve().parent
MANIFEST = manifest_path()  # in the checkout, or shipped in the wheel
STEPS = {"hour": timedelta(hours=1), "day": timedelta(days=1)}

_templates = Environment(loader=PackageLoader("bot.sandbox.web"), autoescape=select_autoescape())


def commands(manifest: Path = MANIFEST) -> list[dict[str, str]]:
    """The manifest's slash commands with their descriptions and usage hints."""
    try:
        data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return []
    found = (data.get("features") or {}).get("slash_commands") or []
    return [
        {
            "command": str(c.get("command", "")),
            "description": str(c.get("description", "")),
            "usage_hint": str(c.get("usage_hint", "")),
        }
        for c in found
    ]


def _message(m: Message) -> dict[str, Any]:
    return {
        "ts": m.ts,
        "user": m.user,
        "text": m.text,
        "blocks": m.blocks,
        "edited": bool(m.versions),
        "ephemeral": False,
    }


def _ephemeral(e: Ephemeral) -> dict[str, Any]:
    return {
        "ts": e.ts,
        "user": "U0POOLBOT",
        "text": e.text,
        "blocks": e.blocks,
        "edited": False,
        "ephemeral": True,
    }


def snapshot(sandbox: Sandbox, user: str) -> dict[str, Any]:
    """Everything ``user`` sees now: conversations and their messages, Home, the open modal."""
    fake = sandbox.fake
    mine = fake.ephemerals(user)
    conversations = []
    for c in sandbox.conversations(user):
        shown = [_message(m) for m in fake.messages(c.id)]
        shown += [_ephemeral(e) for e in mine if fake_channel(e.channel, user) == c.id]
        shown.sort(key=lambda m: float(m["ts"]))
        conversations.append({"id": c.id, "name": c.name, "kind": c.kind, "messages": shown})
    stack = fake.modal_stack(user)
    modal = None
    if stack:
        top = stack[-1]
        modal = {
            "id": top.id,
            "view": top.view,
            "errors": fake.view_errors(top.id),
            "draft": sandbox.draft(top.id),
        }
    names = {p.id: p.name for p in sandbox.people}
    names[fake.workspace.bot_user_id] = "poolgov"
    for c in sandbox.conversations(user):
        names[c.id] = c.name
    deadline, meeting = sandbox.next_deadline(), sandbox.next_meeting()
    return {
        "user": user,
        "pool": sandbox.pool_name,
        "now": sandbox.clock().isoformat(),
        "zone": sandbox.zone,
        "version": fake.version,
        "people": [
            {"id": p.id, "name": p.name, "role": p.role, "group": p.group} for p in sandbox.people
        ],
        "conversations": conversations,
        "home": fake.home_view(user),
        "modal": modal,
        "names": names,
        "next": {
            "deadline": deadline.isoformat() if deadline else None,
            "meeting": meeting.isoformat() if meeting else None,
        },
    }


def fake_channel(channel: str, user: str) -> str:
    """An ephemeral posted "to a user" belongs to the bot's DM with them."""
    from bot.sandbox.fake_state import dm_channel_id, is_user_id

    return dm_channel_id([channel]) if is_user_id(channel) else channel


def build(sandbox: Sandbox, *, seed: Callable[[Sandbox], None] | None = None) -> Starlette:
    """The page's app over ``sandbox`` (started); ``seed`` runs again after each reset."""
    lock = threading.Lock()  # one reset at a time, and no action during one
    closing = threading.Event()  # set when the server stops: the event streams end

    def person(body: Any) -> str:
        if not isinstance(body, dict):
            raise TypeError("not an object")
        user = str(body.get("user", ""))
        if sandbox.person(user) is None:
            raise LookupError(user)
        return user

    async def page(request: Request) -> Response:
        with speaking(browser_language(request.headers.get("accept-language"))) as lang:
            strings = page_strings()
        config = {"strings": strings, "commands": commands()}
        html = _templates.get_template("index.html").render(
            strings=strings, lang=lang.tag, config=json.dumps(config, ensure_ascii=False)
        )
        return HTMLResponse(html)

    async def state(request: Request) -> Response:
        def read() -> dict[str, Any] | None:
            with lock:  # not halfway through a reset
                people = sandbox.people
                user = request.query_params.get("user") or people[0].id
                if sandbox.person(user) is None:
                    user = people[0].id  # a person a reset or a new charter no longer has
                return snapshot(sandbox, user)

        return JSONResponse(await run_in_threadpool(read))

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)

    def acting(work: Callable[[dict[str, Any], str], Any]) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            try:
                body = await request.json()
                user = person(body)
            except (ValueError, TypeError, LookupError, AttributeError):
                return JSONResponse({"error": "bad request"}, status_code=400)

            def run() -> Any:
                with lock:
                    return work(body, user)

            status = await run_in_threadpool(run)
            return JSONResponse({"status": status})

        return endpoint

    def do_command(body: dict[str, Any], user: str) -> int:
        sandbox.refresh_people()
        return sandbox.command(user, str(body["channel"]), str(body["text"]))

    def do_action(body: dict[str, Any], user: str) -> int:
        status = sandbox.click(
            user,
            str(body["action_id"]),
            body.get("value"),
            block_id=body.get("block_id"),
            action_type=str(body.get("type") or "button"),
            channel=body.get("channel"),
            message_ts=body.get("ts"),
            view_id=body.get("view_id"),
            extra=body.get("extra") or None,
        )
        sandbox.refresh_people()
        return status

    def do_submit(body: dict[str, Any], user: str) -> int:
        status = sandbox.submit(user, str(body["view_id"]), body.get("values") or {})
        sandbox.refresh_people()
        return status

    def do_close(body: dict[str, Any], user: str) -> int:
        sandbox.close_modal(user, str(body["view_id"]))
        return 200

    def do_home(body: dict[str, Any], user: str) -> int:
        return sandbox.open_home(user)

    def do_clock(body: dict[str, Any], user: str) -> int:
        step = str(body.get("step"))
        if step in STEPS:
            sandbox.advance(STEPS[step])
        elif step in ("deadline", "meeting"):
            when = sandbox.next_deadline() if step == "deadline" else sandbox.next_meeting()
            if when is None:
                return 409
            sandbox.advance_to(when + timedelta(seconds=1))
        else:
            return 400
        sandbox.refresh_people()
        return 200

    def do_reset(body: dict[str, Any], user: str) -> int:
        sandbox.reset()
        if seed is not None:
            seed(sandbox)
        return 200

    async def events(request: Request) -> Response:
        async def stream() -> AsyncIterator[str]:
            seen = -1
            yield "retry: 1000\n\n"
            while not closing.is_set() and not await request.is_disconnected():
                version = await run_in_threadpool(sandbox.fake.wait_for_change, seen, 1.0)
                if version != seen:
                    seen = version
                    yield f"data: {version}\n\n"
                else:
                    yield ": still here\n\n"

        headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
        return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)

    routes = [
        Route("/", page),
        Route("/api/state", state),
        Route("/favicon.ico", favicon),
        Route("/api/events", events),
        Route("/api/command", acting(do_command), methods=["POST"]),
        Route("/api/action", acting(do_action), methods=["POST"]),
        Route("/api/submit", acting(do_submit), methods=["POST"]),
        Route("/api/close", acting(do_close), methods=["POST"]),
        Route("/api/home", acting(do_home), methods=["POST"]),
        Route("/api/clock", acting(do_clock), methods=["POST"]),
        Route("/api/reset", acting(do_reset), methods=["POST"]),
        Mount("/static", StaticFiles(packages=[("bot.sandbox.web", "static")]), name="static"),
    ]
    app = Starlette(routes=routes)
    app.state.closing = closing
    return app


class PageServer(uvicorn.Server):
    """uvicorn for the page; stopping it (Ctrl-C, SIGTERM, :meth:`stop`) ends the event streams
    first, so nothing waits on them."""

    def __init__(self, app: Starlette) -> None:
        super().__init__(
            uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=3, access_log=False)
        )
        self._closing: threading.Event = app.state.closing

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self._closing.set()
        super().handle_exit(sig, frame)

    def stop(self) -> None:
        self._closing.set()
        self.should_exit = True


def demo_seed(sandbox: Sandbox) -> None:
    demo.seed(sandbox)
