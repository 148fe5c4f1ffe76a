"""A pool operator's first session in the sandbox page, in headless Chromium.

The operator opens an admission through ``/motion admission``, meets a field error, corrects it and
posts; three representatives vote and one changes its vote while the turnout updates on the page;
the clock is moved past the deadline and the result appears with its numbers; the new member is
in ``/pool members``; a supervisor files a complaint whose content no conversation shows.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    ACME,
    BETA,
    GAMMA,
    NEWCO,
    OPERATOR,
    SUPERVISOR,
    Served,
)

pytestmark = pytest.mark.browser

CONCERN = "Bundled units counted twice in the Q3 statement ZX-4711"
MOTION = "article.message:has(.header:text('Motion 1'))"


def be(page: Any, user: str) -> None:
    page.select_option("#who", user)
    expect(page.locator(f'#app[data-user="{user}"]')).to_have_count(1)


def command(page: Any, line: str) -> None:
    page.fill("#line", line)
    page.press("#line", "Enter")


def field(page: Any, block: str) -> Any:
    return page.locator(f'#modal-layer [name="{block}.value"]')


def vote(page: Any, user: str, choice: str, turnout: str) -> None:
    be(page, user)
    page.locator(f"{MOTION} button[data-action=ballot_{choice}]").click()
    expect(page.locator("article.message.ephemeral").last).to_contain_text("Your vote")
    expect(page.locator(MOTION)).to_contain_text(turnout)


def conversation_texts(page: Any) -> dict[str, str]:
    """What each conversation in the sidebar shows the current person."""
    shown = {}
    ids = page.eval_on_selector_all("[data-conv]", "all => all.map(a => a.dataset.conv)")
    for conv in ids:
        link = page.locator(f'[data-conv="{conv}"]')
        link.click()
        expect(link).to_have_class("conv active")
        shown[conv] = page.locator("#messages").inner_text()
    assert len(shown) >= 3  # a channel, the bot's DM, the Home tab at least
    return shown


def test_an_admission_from_modal_to_result_and_a_complaint_kept_out_of_sight(
    served: Served, page: Any, tmp_path: Path
):
    page.goto(served.url + "?as=" + OPERATOR)
    page.evaluate("window.__notReloaded = true")
    expect(page.locator("#where")).to_have_text("# governance")

    # the operator drafts the admission; a bad patent count comes back on its field
    command(page, "/motion admission")
    expect(page.locator(".modal")).to_be_visible()
    field(page, "title").fill("Admit Newco Imaging")
    field(page, "text").fill("Newco applies with its video coding portfolio.")
    field(page, "applicant_id").fill("newco")
    field(page, "applicant_name").fill("Newco Imaging Ltd.")
    field(page, "patents").fill("forty")
    field(page, "representatives").select_option([NEWCO])
    page.click("[data-modal=submit]")
    error = page.locator('.block.input[data-block-id="patents"] .error')
    expect(error).to_be_visible()
    expect(field(page, "title")).to_have_value("Admit Newco Imaging")  # nothing typed is lost
    field(page, "patents").fill("25")
    page.click("[data-modal=submit]")
    expect(page.locator("#modal-layer")).to_be_hidden()
    expect(page.locator(MOTION)).to_contain_text("Newco Imaging Ltd.")
    expect(page.locator(MOTION)).to_contain_text("0 of 4 members voted")

    # three members vote; Gamma changes its mind; the turnout follows without a reload
    vote(page, ACME, "yes", "1 of 4 members voted")
    vote(page, BETA, "yes", "2 of 4 members voted")
    vote(page, GAMMA, "yes", "3 of 4 members voted")
    vote(page, GAMMA, "no", "3 of 4 members voted")

    # past the deadline: the result, with its numbers
    be(page, OPERATOR)
    page.click("#to-deadline")
    result = page.locator(MOTION)
    expect(result).to_contain_text("Carried")
    expect(result).to_contain_text("77.8%")  # 70 of the 90 cast, by patents
    expect(result.locator("button[data-action^=ballot_]")).to_have_count(0)
    expect(page.locator("#to-deadline")).to_be_disabled()
    shot = tmp_path / "sandbox.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("POOLGOV_SCREENSHOT"):
        shutil.copyfile(shot, os.environ["POOLGOV_SCREENSHOT"])

    # the admitted member is on the register
    command(page, "/pool members")
    expect(page.locator("article.message.ephemeral").last).to_contain_text("Newco Imaging Ltd.")

    # a supervisor files a complaint: its content reaches no conversation on the page
    be(page, SUPERVISOR)
    command(page, "/complaint")
    expect(page.locator(".modal")).to_be_visible()
    category = field(page, "category")
    category.select_option(index=1)
    field(page, "title").fill("Royalty statement error")
    field(page, "concern").fill(CONCERN)
    page.click("[data-modal=submit]")
    expect(page.locator("#modal-layer")).to_be_hidden()
    page.click("[data-conv=G0SUPERVISE]")
    expect(page.locator("#messages")).to_contain_text("New Complaint")
    for user in (SUPERVISOR, OPERATOR, ACME):
        be(page, user)
        for name, text in conversation_texts(page).items():
            assert CONCERN not in text, (user, name)
    for channel in ("C0GOVERNANCE", "G0SUPERVISE", "C0GENERAL"):
        assert all(CONCERN not in m.text for m in served.sandbox.fake.messages(channel))

    assert page.evaluate("window.__notReloaded") is True


def test_a_modal_updates_and_closes_ephemerals_stay_private_and_home_opens(
    served: Served, page: Any
):
    page.goto(served.url + "?as=" + OPERATOR)
    command(page, "/motion")  # no kind: the picker, which the bot swaps for the chosen form
    expect(page.locator(".modal h3")).to_have_text("New motion")
    page.locator("#modal-layer select[data-action]").select_option("general")
    expect(page.locator(".modal h3")).not_to_have_text("New motion")
    expect(field(page, "title")).to_be_visible()
    page.click(".modal footer [data-modal=close]")
    expect(page.locator("#modal-layer")).to_be_hidden()
    assert served.sandbox.fake.modal_stack(OPERATOR) == []

    command(page, "/pool members")
    mine = page.locator("article.message.ephemeral")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text("Only visible to you")
    expect(mine).to_contain_text("Acme Corp")
    be(page, ACME)
    expect(page.locator("#where")).to_have_text("# governance")
    expect(page.locator("article.message.ephemeral")).to_have_count(0)

    page.click('[data-conv="home"]')
    expect(page.locator("#messages .home .block").first).to_be_visible()
    hint_line = "/agenda"
    page.fill("#line", hint_line[:3])
    page.dispatch_event("#line", "input")
    expect(page.locator("#hints")).to_contain_text("/agenda")
    expect(page.locator("#hints")).to_contain_text("add TEXT")  # the manifest's usage hint
