"""``/pool`` answers and the App Home, and the manifest's commands against the handled ones."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.app import COMMANDS
from tests.e2e.conftest import Harness
from tests.e2e.flows import eventually, motion_id_of, open_motion, pool_says, vote
from tests.e2e.pool import ACME, BETA, OPERATOR, OUTSIDER

ROOT = Path(__file__).resolve().parents[2]


def test_pool_members_lists_the_register_with_exact_shares(pool: Harness) -> None:
    answer = pool_says(pool, ACME, "members")
    assert "Acme Corp" in answer
    assert "share 40.0% (`2/5`)" in answer  # 40 of 100 patents


def test_pool_help_depends_on_the_callers_role(pool: Harness) -> None:
    assert "/motion [kind]" in pool_says(pool, OPERATOR, "help")
    member_help = pool_says(pool, ACME, "help")
    assert "/motion [kind]" not in member_help
    assert "you represent `acme`" in member_help
    assert "no role" in pool_says(pool, OUTSIDER, "help")
    # the charter allows no proxies: /proxy is listed, and so is that
    assert "*`/proxy`* your member's proxies" in member_help
    assert (
        "`/proxy revoke`* take it back (representatives) · the charter does not allow proxies"
        in member_help
    )


def test_pool_motions_and_an_unknown_topic(pool: Harness) -> None:
    open_motion(pool, "general", {"title": "Adopt the budget", "text": "Resolved."})
    assert "Adopt the budget" in pool_says(pool, BETA, "motions")
    assert "is unknown" in pool_says(pool, BETA, "gossip")


def test_the_app_home_shows_what_awaits_my_vote_and_my_ballots(pool: Harness) -> None:
    first = open_motion(pool, "general", {"title": "Budget", "text": "Resolved."})
    open_motion(pool, "general", {"title": "Logo", "text": "Resolved."})
    vote(pool, ACME, first, "yes")
    eventually(lambda: pool.fake.ephemerals(ACME))
    pool.slack.event({"type": "app_home_opened", "user": ACME, "tab": "home"})
    home = eventually(lambda: pool.fake.home_view(ACME))
    shown = str(home)
    awaiting, ballots = shown.split("recent ballots")[0], shown.split("recent ballots")[1]
    assert "Logo" in awaiting
    assert "Budget" not in awaiting.split("Awaiting")[1]
    assert f"Motion *{motion_id_of(first)}* Budget: *yes*" in ballots


def handled_commands() -> set[str]:
    pattern = re.compile(r"""@app\.command\(\s*["'](/[a-z_-]+)["']""")
    found: set[str] = set()
    for source in (ROOT / "bot").rglob("*.py"):
        found |= set(pattern.findall(source.read_text(encoding="utf-8")))
    return found


def test_every_manifest_command_is_handled_and_every_handled_command_is_declared() -> None:
    manifest = yaml.safe_load((ROOT / "app-manifest.yaml").read_text())
    declared = {c["command"] for c in manifest["features"]["slash_commands"]}
    assert declared == handled_commands()
    assert declared == set(COMMANDS)


def test_each_declared_command_is_answered_and_an_undeclared_one_is_not(pool: Harness) -> None:
    for command in COMMANDS:
        status, _, _ = pool.slack.slash_command(OUTSIDER, command, "help")
        assert status == 200, command
    status, _, _ = pool.slack.slash_command(OUTSIDER, "/unknown", "")
    assert status == 400  # not a command Slack sends poolgov: a malformed envelope
