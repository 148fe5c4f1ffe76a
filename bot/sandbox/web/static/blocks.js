// Block Kit as HTML: the blocks poolgov sends in messages, the Home tab and modals.
// Interactive elements carry data-* attributes; sandbox.js listens for them.
"use strict";

function attrs(map) {
  return Object.entries(map).filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => ` ${k}="${escapeHtml(v)}"`).join("");
}

function optionList(options, selected) {
  return (options || []).map((o) => {
    const on = selected && selected.includes(o.value) ? " selected" : "";
    return `<option value="${escapeHtml(o.value)}"${on}>${plainText(o.text)}</option>`;
  }).join("");
}

function allOptions(element) {
  if (element.option_groups) return element.option_groups.flatMap((g) => g.options || []);
  return element.options || [];
}

// An element outside an input block: clicking or choosing sends block_actions at once.
function actionElement(element, blockId, ctx) {
  const common = { "data-action": element.action_id, "data-block": blockId, "data-type": element.type };
  switch (element.type) {
    case "button": {
      const style = element.style ? ` ${element.style}` : "";
      const data = attrs({ ...common, "data-value": element.value ?? "" });
      if (element.url) return `<a class="button${style}" href="${escapeHtml(element.url)}" target="_blank" rel="noopener"${data}>${plainText(element.text)}</a>`;
      return `<button class="button${style}"${data}>${plainText(element.text)}</button>`;
    }
    case "static_select":
    case "overflow": {
      const placeholder = element.placeholder ? plainText(element.placeholder) : ctx.strings.choose;
      const chosen = element.initial_option ? [element.initial_option.value] : [];
      return `<select class="select"${attrs(common)}><option value="">${placeholder}</option>${optionList(allOptions(element), chosen)}</select>`;
    }
    case "datepicker":
      return `<input type="date"${attrs({ ...common, value: element.initial_date })}>`;
    case "image":
      return `<img class="image" alt="${escapeHtml(element.alt_text || "")}" src="${escapeHtml(element.image_url || "")}">`;
    default:
      return `<span class="unsupported">[${escapeHtml(element.type)}]</span>`;
  }
}

// An element inside an input block of a modal: its value is read when the modal is submitted.
function inputElement(element, blockId, ctx, draft) {
  const common = { "data-input": element.action_id, "data-block": blockId, "data-type": element.type, name: `${blockId}.${element.action_id}` };
  const drafted = draft ? draft[blockId] : undefined;
  switch (element.type) {
    case "plain_text_input":
    case "number_input":
    case "email_text_input":
    case "url_text_input": {
      const value = drafted ?? element.initial_value ?? "";
      const extra = { maxlength: element.max_length, placeholder: element.placeholder ? element.placeholder.text : undefined };
      if (element.multiline) return `<textarea${attrs({ ...common, ...extra })}>${escapeHtml(value)}</textarea>`;
      return `<input type="text"${attrs({ ...common, ...extra, value })}>`;
    }
    case "static_select":
    case "radio_buttons": {
      const chosen = drafted ? [drafted] : element.initial_option ? [element.initial_option.value] : [];
      if (element.type === "radio_buttons") {
        return (element.options || []).map((o) => `<label class="choice"><input type="radio"${attrs({ ...common, value: o.value })}${chosen.includes(o.value) ? " checked" : ""}> ${textObject(o.text, ctx)}</label>`).join("");
      }
      return `<select${attrs(common)}><option value="">${ctx.strings.choose}</option>${optionList(allOptions(element), chosen)}</select>`;
    }
    case "multi_static_select":
      return `<select multiple${attrs(common)}>${optionList(allOptions(element), (element.initial_options || []).map((o) => o.value))}</select>`;
    case "users_select":
    case "multi_users_select": {
      const people = ctx.people.map((p) => ({ text: { type: "plain_text", text: `${p.name} (${p.group})` }, value: p.id }));
      const chosen = element.initial_users || (element.initial_user ? [element.initial_user] : []);
      const multiple = element.type === "multi_users_select" ? " multiple" : "";
      const blank = multiple ? "" : `<option value="">${ctx.strings.choose}</option>`;
      return `<select${multiple}${attrs(common)}>${blank}${optionList(people, chosen)}</select>`;
    }
    case "checkboxes":
      return (element.options || []).map((o) => {
        const on = (element.initial_options || []).some((i) => i.value === o.value) ? " checked" : "";
        return `<label class="choice"><input type="checkbox"${attrs({ ...common, value: o.value })}${on}> ${textObject(o.text, ctx)}</label>`;
      }).join("");
    case "datepicker":
      return `<input type="date"${attrs({ ...common, value: drafted ?? element.initial_date })}>`;
    case "timepicker":
      return `<input type="time"${attrs({ ...common, value: element.initial_time })}>`;
    default:
      return `<span class="unsupported">[${escapeHtml(element.type)}]</span>`;
  }
}

function renderBlock(block, ctx, where) {
  const id = block.block_id || "";
  switch (block.type) {
    case "header":
      return `<div class="block header">${plainText(block.text)}</div>`;
    case "divider":
      return `<hr class="block divider">`;
    case "context":
      return `<div class="block context">${(block.elements || []).map((e) => (e.type === "image" ? actionElement(e, id, ctx) : `<span>${textObject(e, ctx)}</span>`)).join(" ")}</div>`;
    case "section": {
      const text = block.text ? `<div class="text">${textObject(block.text, ctx)}</div>` : "";
      const fields = block.fields ? `<div class="fields">${block.fields.map((f) => `<div class="field">${textObject(f, ctx)}</div>`).join("")}</div>` : "";
      const accessory = block.accessory ? `<div class="accessory">${actionElement(block.accessory, id, ctx)}</div>` : "";
      return `<div class="block section"${attrs({ "data-block-id": id })}><div class="body">${text}${fields}</div>${accessory}</div>`;
    }
    case "actions":
      return `<div class="block actions"${attrs({ "data-block-id": id })}>${(block.elements || []).map((e) => actionElement(e, id, ctx)).join("")}</div>`;
    case "input": {
      if (where !== "modal") return "";
      const error = ctx.errors && ctx.errors[id] ? `<div class="error" role="alert">${escapeHtml(ctx.errors[id])}</div>` : "";
      const optional = block.optional ? ' <span class="optional">(optional)</span>' : "";
      const hint = block.hint ? `<div class="hint">${plainText(block.hint)}</div>` : "";
      return `<div class="block input${error ? " has-error" : ""}"${attrs({ "data-block-id": id })}><label>${plainText(block.label)}${optional}</label>${inputElement(block.element, id, ctx, ctx.draft)}${hint}${error}</div>`;
    }
    case "image":
      return `<div class="block image">${actionElement({ ...block, type: "image" }, id, ctx)}</div>`;
    case "rich_text":
      return `<div class="block text">${escapeHtml(JSON.stringify(block.elements || []))}</div>`;
    default:
      return `<div class="block unsupported">[${escapeHtml(block.type)}]</div>`;
  }
}

function renderBlocks(blocks, ctx, where) {
  return (blocks || []).map((b) => renderBlock(b, ctx, where)).join("");
}

// Slack's view.state.values from the modal's inputs: {block_id: {action_id: {type, …}}}.
function stateValues(root) {
  const values = {};
  const put = (el, entry) => {
    const block = el.dataset.block;
    values[block] = values[block] || {};
    values[block][el.dataset.input] = { type: el.dataset.type, ...entry };
  };
  const optionOf = (el) => ({ text: { type: "plain_text", text: el.selectedOptions[0].textContent }, value: el.value });
  const groups = new Map();
  for (const el of root.querySelectorAll("[data-input]")) {
    const type = el.dataset.type;
    if (type === "checkboxes" || type === "radio_buttons") {
      const key = `${el.dataset.block}.${el.dataset.input}`;
      if (!groups.has(key)) groups.set(key, { el, chosen: [] });
      if (el.checked) groups.get(key).chosen.push({ text: { type: "plain_text", text: el.parentElement.textContent.trim() }, value: el.value });
      continue;
    }
    if (type === "static_select") put(el, { selected_option: el.value ? optionOf(el) : null });
    else if (type === "multi_static_select") put(el, { selected_options: [...el.selectedOptions].map((o) => ({ text: { type: "plain_text", text: o.textContent }, value: o.value })) });
    else if (type === "users_select") put(el, { selected_user: el.value || null });
    else if (type === "multi_users_select") put(el, { selected_users: [...el.selectedOptions].map((o) => o.value) });
    else if (type === "datepicker") put(el, { selected_date: el.value || null });
    else if (type === "timepicker") put(el, { selected_time: el.value || null });
    else put(el, { value: el.value === "" ? null : el.value });
  }
  for (const { el, chosen } of groups.values()) {
    if (el.dataset.type === "checkboxes") put(el, { selected_options: chosen });
    else put(el, { selected_option: chosen[0] || null });
  }
  return values;
}
