// Slack's mrkdwn as HTML: bold, italic, strike, code, quotes, links, mentions by name, and date
// tokens in the viewer's time zone. Text arrives escaped as Slack escapes it (&amp; &lt; &gt;).
"use strict";

const EMOJI = {
  calendar: "📅", memo: "📝", ballot_box_with_ballot: "🗳️", white_check_mark: "✅",
  x: "❌", warning: "⚠️", no_entry: "⛔", hourglass: "⌛", hourglass_flowing_sand: "⏳",
  bell: "🔔", lock: "🔒", closed_lock_with_key: "🔐", scales: "⚖️", receipt: "🧾",
  page_facing_up: "📄", clipboard: "📋", busts_in_silhouette: "👥", bust_in_silhouette: "👤",
  mega: "📣", loudspeaker: "📢", alarm_clock: "⏰", heavy_check_mark: "✔️", tada: "🎉",
  link: "🔗", pushpin: "📌", spiral_calendar_pad: "🗓️", inbox_tray: "📥", outbox_tray: "📤",
  mag: "🔍", information_source: "ℹ️", lock_with_ink_pen: "🔏", key: "🔑", hammer: "🔨",
  raising_hand: "🙋", wave: "👋", thumbsup: "👍", thumbsdown: "👎", grey_question: "❔",
  red_circle: "🔴", large_green_circle: "🟢", large_yellow_circle: "🟡", stopwatch: "⏱️",
};

function escapeHtml(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

function unescapeSlack(text) {
  return String(text).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function formatDate(seconds, format, zone) {
  const when = new Date(Number(seconds) * 1000);
  const opts = (o) => new Intl.DateTimeFormat(undefined, zone ? { ...o, timeZone: zone } : o);
  const parts = {
    date_num: () => opts({ year: "numeric", month: "2-digit", day: "2-digit" }).format(when),
    date: () => opts({ year: "numeric", month: "long", day: "numeric" }).format(when),
    date_short: () => opts({ year: "numeric", month: "short", day: "numeric" }).format(when),
    date_long: () => opts({ weekday: "long", year: "numeric", month: "long", day: "numeric" }).format(when),
    date_pretty: () => opts({ year: "numeric", month: "long", day: "numeric" }).format(when),
    date_short_pretty: () => opts({ year: "numeric", month: "short", day: "numeric" }).format(when),
    date_long_pretty: () => opts({ weekday: "long", year: "numeric", month: "long", day: "numeric" }).format(when),
    time: () => opts({ hour: "2-digit", minute: "2-digit" }).format(when),
    time_secs: () => opts({ hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(when),
    ago: () => when.toLocaleString(),
  };
  return format.replace(/\{(\w+)\}/g, (whole, name) => (parts[name] ? parts[name]() : whole));
}

function renderToken(inner, ctx) {
  const [target, ...rest] = inner.split("|");
  const label = rest.join("|");
  if (target.startsWith("@")) {
    const id = target.slice(1);
    const name = ctx.names[id] || label || id;
    return `<span class="mention" data-user="${escapeHtml(id)}">@${escapeHtml(unescapeSlack(name))}</span>`;
  }
  if (target.startsWith("#")) {
    const id = target.slice(1);
    const name = ctx.names[id] || label || id;
    return `<span class="mention channel">#${escapeHtml(unescapeSlack(name))}</span>`;
  }
  if (target.startsWith("!date^")) {
    const [, seconds, format] = target.split("^");
    const shown = formatDate(seconds, format || "{date_short} {time}", ctx.zone);
    return `<time class="date" datetime="${new Date(Number(seconds) * 1000).toISOString()}" title="${escapeHtml(unescapeSlack(label))}">${escapeHtml(shown)}</time>`;
  }
  if (target.startsWith("!subteam^")) return `<span class="mention">${escapeHtml(unescapeSlack(label || "@group"))}</span>`;
  if (target.startsWith("!")) return `<span class="mention">@${escapeHtml(target.slice(1))}</span>`;
  const url = unescapeSlack(target);
  if (/^(https?:|mailto:)/i.test(url)) {
    const text = label ? unescapeSlack(label) : url;
    return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(text)}</a>`;
  }
  return escapeHtml(unescapeSlack(label || target));
}

function renderInline(text) {
  let html = escapeHtml(unescapeSlack(text));
  const codes = [];
  html = html.replace(/```([\s\S]*?)```/g, (_, code) => { codes.push(`<pre>${code.replace(/^\n/, "")}</pre>`); return `\u0000${codes.length - 1}\u0000`; });
  html = html.replace(/`([^`\n]+)`/g, (_, code) => { codes.push(`<code>${code}</code>`); return `\u0000${codes.length - 1}\u0000`; });
  html = html.replace(/(^|[\s(>\u0001])\*([^*\n]+)\*(?=$|[\s).,:;!?\u0001])/g, "$1<b>$2</b>");
  html = html.replace(/(^|[\s(>\u0001])_([^_\n]+)_(?=$|[\s).,:;!?\u0001])/g, "$1<i>$2</i>");
  html = html.replace(/(^|[\s(>\u0001])~([^~\n]+)~(?=$|[\s).,:;!?\u0001])/g, "$1<s>$2</s>");
  html = html.replace(/:([a-z0-9_+-]+):/g, (whole, name) => EMOJI[name] || whole);
  return html.replace(/\u0000(\d+)\u0000/g, (_, i) => codes[Number(i)]);
}

// Tokens (<…>) are cut out first so formatting never reaches into a link or a mention; a
// placeholder (\u0001) keeps the place so *bold <@U1>* still reads as bold around the name.
function mrkdwn(text, ctx) {
  const tokens = [];
  const source = String(text || "").replace(/<([^<>\n]+)>/g, (_, inner) => {
    tokens.push(renderToken(inner, ctx));
    return `\u0001${tokens.length - 1}\u0001`;
  });
  const lines = source.split("\n");
  const out = [];
  for (const line of lines) {
    if (line.startsWith("&gt; ") || line.startsWith("> ")) {
      out.push(`<blockquote>${renderInline(line.replace(/^(&gt;|>) /, ""))}</blockquote>`);
    } else {
      out.push(renderInline(line));
    }
  }
  return out.join("<br>").replace(/<\/blockquote><br>/g, "</blockquote>")
    .replace(/\u0001(\d+)\u0001/g, (_, i) => tokens[Number(i)]);
}

function plainText(obj) {
  if (!obj) return "";
  const text = escapeHtml(obj.text || "");
  return obj.emoji === false ? text : text.replace(/:([a-z0-9_+-]+):/g, (w, n) => EMOJI[n] || w);
}

function textObject(obj, ctx) {
  if (!obj) return "";
  return obj.type === "mrkdwn" ? mrkdwn(obj.text, ctx) : plainText(obj);
}
