// The chat page: who you are, the conversations you see, the composer, modals, and time.
"use strict";

const CONFIG = JSON.parse(document.getElementById("config").textContent);
const S = CONFIG.strings;
const HOME = "home";
const ui = {
  user: new URLSearchParams(location.search).get("as") || localStorage.getItem("poolgov.user"),
  channel: localStorage.getItem("poolgov.channel"),
  state: null,
  homeAsked: new Set(),
  typed: {}, // modal field values typed but not yet submitted, by view id
};
const $ = (id) => document.getElementById(id);

async function post(path, body) {
  const answer = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ user: ui.user, ...body }) });
  const data = await answer.json().catch(() => ({}));
  if (answer.ok && data.status && data.status >= 400 && data.status !== 409) notice(S.refused.replace("{status}", data.status));
  return data;
}

function notice(text) {
  const el = document.createElement("div");
  el.className = "toast";
  el.textContent = text;
  document.body.appendChild(el);
  setTimeout(() => el.remove(), 4000);
}

async function refresh() {
  const query = ui.user ? `?user=${encodeURIComponent(ui.user)}` : "";
  const answer = await fetch(`/api/state${query}`);
  if (!answer.ok) return;
  const state = await answer.json();
  ui.user = state.user;
  ui.state = state;
  render();
}

function ctx(extra) {
  const s = ui.state;
  return { names: s.names, zone: Intl.DateTimeFormat().resolvedOptions().timeZone, strings: S, people: s.people, ...extra };
}

function render() {
  const s = ui.state;
  $("pool-name").textContent = s.pool;
  renderWho(s);
  const ids = s.conversations.map((c) => c.id);
  if (ui.channel !== HOME && !ids.includes(ui.channel)) ui.channel = ids[0];
  localStorage.setItem("poolgov.user", ui.user);
  localStorage.setItem("poolgov.channel", ui.channel);
  renderNav(s);
  renderNow(s);
  renderMessages(s);
  renderModal(s);
  $("app").dataset.user = ui.user;
  $("app").dataset.version = s.version;
}

function renderWho(s) {
  const who = $("who");
  const groups = new Map();
  for (const p of s.people) {
    if (!groups.has(p.group)) groups.set(p.group, []);
    groups.get(p.group).push(p);
  }
  const html = [...groups].map(([group, people]) => `<optgroup label="${escapeHtml(group)}">${people.map((p) => `<option value="${escapeHtml(p.id)}"${p.id === ui.user ? " selected" : ""}>${escapeHtml(p.name)} · ${escapeHtml(S[`role_${p.role}`] || p.role)}</option>`).join("")}</optgroup>`).join("");
  if (who.dataset.html !== html) { who.innerHTML = html; who.dataset.html = html; }
  who.value = ui.user;
}

function navItem(id, label, count, extra) {
  const active = id === ui.channel ? " active" : "";
  const badge = count ? `<span class="count">${count}</span>` : "";
  return `<li><a href="#" class="conv${active}" data-conv="${escapeHtml(id)}">${label}${extra || ""}${badge}</a></li>`;
}

function renderNav(s) {
  const channels = s.conversations.filter((c) => c.kind !== "dm");
  const dm = s.conversations.find((c) => c.kind === "dm");
  $("channels").innerHTML = channels.map((c) => navItem(c.id, `${c.kind === "private" ? "◆" : "#"} ${escapeHtml(c.name)}`, c.messages.length, c.kind === "private" ? ` <span class="private">${S.private}</span>` : "")).join("");
  $("direct").innerHTML = navItem(HOME, `⌂ ${S.home}`, 0) + (dm ? navItem(dm.id, "@ poolgov", dm.messages.length) : "");
}

function renderNow(s) {
  const now = new Date(s.now);
  $("now").textContent = now.toLocaleString(undefined, { weekday: "short", year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
  $("now").dateTime = s.now;
  $("to-deadline").disabled = !s.next.deadline;
  $("to-deadline").title = s.next.deadline ? new Date(s.next.deadline).toLocaleString() : S.no_deadline;
  $("to-meeting").disabled = !s.next.meeting;
  $("to-meeting").title = s.next.meeting ? new Date(s.next.meeting).toLocaleString() : S.no_meeting;
}

function renderMessages(s) {
  const box = $("messages");
  const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
  if (ui.channel === HOME) {
    $("where").textContent = `⌂ ${S.home}`;
    $("line").placeholder = S.composer_dm;
    if (!s.home && !ui.homeAsked.has(ui.user)) { ui.homeAsked.add(ui.user); post("/api/home", {}); }
    box.innerHTML = s.home ? `<div class="home" data-view="${escapeHtml(s.home.id)}">${renderBlocks(s.home.blocks, ctx(), "home")}</div>` : `<p class="empty">${S.empty_home}</p>`;
    return;
  }
  const c = s.conversations.find((x) => x.id === ui.channel);
  $("where").textContent = c.kind === "dm" ? "@ poolgov" : `${c.kind === "private" ? "◆" : "#"} ${c.name}`;
  $("line").placeholder = c.kind === "dm" ? S.composer_dm : S.composer;
  box.innerHTML = c.messages.length ? c.messages.map((m) => renderMessage(m, c)).join("") : `<p class="empty">${S.empty_channel}</p>`;
  if (nearBottom || !box.dataset.seen || box.dataset.seen !== c.id) box.scrollTop = box.scrollHeight;
  box.dataset.seen = c.id;
}

function renderMessage(m, c) {
  const name = ui.state.names[m.user] || m.user;
  const when = new Date(Number(m.ts) * 1000).toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
  const body = m.blocks && m.blocks.length ? renderBlocks(m.blocks, ctx(), "message") : `<div class="text">${mrkdwn(m.text, ctx())}</div>`;
  const ephemeral = m.ephemeral ? `<span class="ephemeral-tag">${S.only_you}</span>` : "";
  const edited = m.edited ? ` <span class="edited">${S.edited}</span>` : "";
  return `<article class="message${m.ephemeral ? " ephemeral" : ""}" data-ts="${escapeHtml(m.ts)}" data-channel="${escapeHtml(c.id)}"${m.ephemeral ? ' data-ephemeral="1"' : ""}>
    <div class="avatar">${escapeHtml((name[0] || "?").toUpperCase())}</div>
    <div class="content"><div class="meta"><b>${escapeHtml(name)}</b> <span class="app">APP</span> <span class="ts">${escapeHtml(when)}</span>${edited} ${ephemeral}</div>${body}</div>
  </article>`;
}

function keepTyped() {
  const layer = $("modal-layer");
  const id = layer.dataset.view;
  if (id && !layer.hidden) ui.typed[id] = stateValues(layer);
}

function renderModal(s) {
  const layer = $("modal-layer");
  if (!s.modal) { layer.hidden = true; layer.innerHTML = ""; layer.dataset.view = ""; return; }
  const { id, view, errors, draft } = s.modal;
  const signature = JSON.stringify([id, view.hash, errors]);
  if (layer.dataset.signature === signature && !layer.hidden) return; // keep what is being typed
  keepTyped();
  const typed = ui.typed[id] || {};
  const filled = { ...draft };
  for (const [block, actions] of Object.entries(typed)) {
    const entry = Object.values(actions)[0];
    if (entry && "value" in entry) filled[block] = entry.value ?? "";
    else if (entry && entry.selected_option) filled[block] = entry.selected_option.value;
    else if (entry && "selected_date" in entry) filled[block] = entry.selected_date;
  }
  const submit = view.submit ? `<button class="button primary" data-modal="submit">${plainText(view.submit)}</button>` : "";
  const close = `<button class="button" data-modal="close">${plainText(view.close) || S.close}</button>`;
  layer.innerHTML = `<div class="modal" role="dialog" aria-modal="true" aria-label="${escapeHtml((view.title || {}).text || "")}">
    <header><h3>${plainText(view.title)}</h3><button class="x" data-modal="close" aria-label="${S.close}">×</button></header>
    <form class="modal-body" data-view="${escapeHtml(id)}" onsubmit="return false">${renderBlocks(view.blocks, ctx({ errors, draft: filled }), "modal")}</form>
    <footer>${close}${submit}</footer></div>`;
  // selections typed before a re-render (multi selects and checkboxes) are restored here
  for (const [block, actions] of Object.entries(typed)) {
    const entry = Object.values(actions)[0] || {};
    const el = layer.querySelector(`[data-block="${CSS.escape(block)}"]`);
    if (el && entry.selected_users) for (const o of el.options) o.selected = entry.selected_users.includes(o.value);
  }
  layer.dataset.view = id;
  layer.dataset.signature = signature;
  layer.hidden = false;
}

// -- what people do ---------------------------------------------------------------------------

document.addEventListener("click", async (event) => {
  const conv = event.target.closest("[data-conv]");
  if (conv) { event.preventDefault(); ui.channel = conv.dataset.conv; render(); return; }
  const step = event.target.closest("[data-step]");
  if (step) { await post("/api/clock", { step: step.dataset.step }); return; }
  if (event.target.closest("#reset")) {
    if (confirm(S.reset_confirm)) { ui.typed = {}; ui.homeAsked.clear(); await post("/api/reset", {}); }
    return;
  }
  const modalButton = event.target.closest("[data-modal]");
  if (modalButton) {
    const layer = $("modal-layer");
    const viewId = layer.dataset.view;
    if (modalButton.dataset.modal === "submit") {
      const values = stateValues(layer);
      ui.typed[viewId] = values;
      layer.dataset.signature = "";
      await post("/api/submit", { view_id: viewId, values });
    } else {
      delete ui.typed[viewId];
      await post("/api/close", { view_id: viewId });
    }
    return;
  }
  const button = event.target.closest("button[data-action]");
  if (button) { event.preventDefault(); await act(button, button.dataset.value, {}); }
});

document.addEventListener("change", async (event) => {
  const el = event.target;
  if (el.id === "who") { ui.user = el.value; ui.typed = {}; await refresh(); return; }
  if (el.matches("select[data-action]") && el.value) {
    const option = { text: { type: "plain_text", text: el.selectedOptions[0].textContent }, value: el.value };
    await act(el, el.value, { selected_option: option });
  } else if (el.matches("input[type=date][data-action]")) {
    await act(el, el.value, { selected_date: el.value });
  }
});

async function act(el, value, extra) {
  const where = {};
  const message = el.closest(".message");
  const inView = el.closest("[data-view]");
  if (message) { where.channel = message.dataset.channel; where.ts = message.dataset.ts; }
  else if (inView) { keepTyped(); where.view_id = inView.dataset.view; }
  await post("/api/action", { action_id: el.dataset.action, block_id: el.dataset.block || null, type: el.dataset.type, value, extra, ...where });
}

// -- the composer ----------------------------------------------------------------------------

function renderHints() {
  const line = $("line").value;
  const hints = $("hints");
  if (!line.startsWith("/") || line.includes(" ")) { hints.innerHTML = ""; return; }
  const found = CONFIG.commands.filter((c) => c.command.startsWith(line));
  hints.innerHTML = found.map((c) => `<div class="hint-row" data-command="${escapeHtml(c.command)}"><b>${escapeHtml(c.command)}</b> <code>${escapeHtml(c.usage_hint)}</code> <span>${escapeHtml(c.description)}</span></div>`).join("");
}

$("line").addEventListener("input", renderHints);
$("hints").addEventListener("click", (event) => {
  const row = event.target.closest("[data-command]");
  if (row) { $("line").value = `${row.dataset.command} `; $("line").focus(); renderHints(); }
});

$("composer").addEventListener("submit", async (event) => {
  event.preventDefault();
  const line = $("line").value.trim();
  if (!line) return;
  const known = CONFIG.commands.map((c) => c.command);
  if (!known.includes(line.split(" ")[0])) { notice(`${S.not_a_command} ${known.join(", ")}`); return; }
  $("line").value = "";
  renderHints();
  const channel = ui.channel === HOME ? ui.state.conversations.find((c) => c.kind === "dm").id : ui.channel;
  await post("/api/command", { channel, text: line });
});

// -- live updates -----------------------------------------------------------------------------

let pending = null;
function soon() {
  if (pending) return;
  pending = setTimeout(async () => { pending = null; await refresh(); }, 50);
}

const events = new EventSource("/api/events");
events.onmessage = soon;
refresh();
