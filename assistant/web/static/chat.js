// The chat page: streamed answers, numbered citations in a dialog, synergy cards, feedback.
import {
  api, csrfHeaders, errorText, esc, LANG, num, pick, signInAgainOn401, sourceLabel, t, unit,
} from "./common.js";

const log = document.getElementById("log");
const form = document.getElementById("ask");
const question = document.getElementById("question");
const send = document.getElementById("send");
const dialog = document.getElementById("cite-dialog");
let conversationId = log.dataset.conversation || null;
let lastOpener = null;
const THUMB = '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">' +
  '<path d="M2 10h4v11H2zM8 10l4-8c1.7 0 3 1.3 3 3v4h5.4c1.2 0 2.1 1.1 1.9 2.3l-1.4 7.9A2 2 0 0 1 ' +
  '17 21H8z" fill="currentColor"/></svg>';
const SOURCES = /^(Sources|Avoti):\s*$/;

// ---- rendering the answer text -----------------------------------------------------------
function inline(text, cites) {
  return esc(text)
    .replace(/\\\*/g, "&#42;")
    .replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>")
    .replace(/\[(\d{1,2})\]/g, (whole, n) => cites.has(Number(n))
      ? `<button type="button" class="cite" data-n="${n}" aria-label="${esc(t("cite.open", { n }))}">[${n}]</button>`
      : whole);
}

function blocks(lines, cites) {
  const out = [];
  let list = null;
  let para = [];
  const flush = () => {
    if (para.length) out.push(`<p>${para.map((l) => inline(l, cites)).join("<br>")}</p>`);
    para = [];
  };
  for (const line of lines) {
    if (/^\s*[-•] /.test(line)) {
      flush();
      list ??= [];
      list.push(`<li>${inline(line.replace(/^\s*[-•] /, ""), cites)}</li>`);
      continue;
    }
    if (list) { out.push(`<ul>${list.join("")}</ul>`); list = null; }
    if (line.trim() === "") flush(); else para.push(line);
  }
  flush();
  if (list) out.push(`<ul>${list.join("")}</ul>`);
  return out.join("");
}

// The answer's own "Sources:" block, parsed for answers loaded from history.
function parseSources(lines) {
  return lines.map((line) => line.match(/^\[(\d+)\]\s*(.+)$/)).filter(Boolean)
    .map((m) => ({ n: Number(m[1]), title: m[2], section: "", text: "", sources: [] }));
}

function renderAnswer(raw, citations) {
  const lines = raw.split("\n");
  const at = lines.findIndex((line) => SOURCES.test(line.trim()));
  const body = at >= 0 ? lines.slice(0, at) : lines;
  const cites = citations?.length ? citations : (at >= 0 ? parseSources(lines.slice(at + 1)) : []);
  const byN = new Map(cites.map((c) => [c.n, c]));
  let html = `<div class="answer-text">${blocks(body, byN)}</div>`;
  if (cites.length) {
    html += `<h3 class="small">${esc(t("chat.sources"))}</h3><ol class="cites">` + cites.map((c) =>
      `<li><button type="button" class="cite-item" data-n="${c.n}">[${c.n}] ${esc(c.title)}` +
      `${c.section ? ` — <span class="muted">${esc(heading(c))}</span>` : ""}</button></li>`).join("") + "</ol>";
  }
  return { html, byN };
}

function heading(c) {
  const prefix = `${c.title} > `;
  return c.section.startsWith(prefix) ? c.section.slice(prefix.length) : c.section;
}

// ---- synergy cards -------------------------------------------------------------------------
function benefit(b) {
  const rows = [["eur_per_year", "syn.eur", "€"], ["tonnes_per_year", "syn.tonnes", "t"],
    ["co2e_t_per_year", "syn.co2e", "t"], ["water_m3_per_year", "syn.water", "m³"]]
    .filter(([key]) => b?.[key]).map(([key, label, u]) =>
      `<div><dt>${esc(t(label))}</dt><dd>${num(b[key])}&nbsp;${u}</dd></div>`);
  return rows.length ? `<dl class="benefit">${rows.join("")}</dl>` : "";
}

function synergyCard(s) {
  const target = s.target_company ? ` <span aria-hidden="true">→</span><span class="sr-only">${esc(t("syn.to"))}</span> <strong>${esc(s.target_company)}</strong>` : "";
  const legal = s.legal_route ? `<p class="legal"><strong>${esc(t("syn.legal"))}${s.legal_route.r_code ? ` (${esc(s.legal_route.r_code)})` : ""}:</strong> ${esc(pick(s.legal_route.en, s.legal_route.lv))}</p>` : "";
  const flow = s.source_flow ? ` · ${num(s.source_flow.quantity)}&nbsp;${esc(unit(s.source_flow.unit))}` : "";
  const distance = s.distance_km != null ? ` · ${num(s.distance_km, 1)}&nbsp;km` : "";
  return `<article class="card synergy"><h3 class="card-title">${esc(pick(s.title, s.title_lv) || s.material)}</h3>
    <p class="route-line"><strong>${esc(s.source_company)}</strong>${target}</p>
    <p class="meta"><span class="tag">${esc(t(`kind.${s.kind}`))}</span> ${esc(s.material)}${flow}${distance}</p>
    ${benefit(s.benefit)}
    <details class="more"><summary>${esc(t("syn.why"))}</summary><p>${esc(pick(s.explanation, s.explanation_lv))}</p></details>
    ${legal}</article>`;
}

// ---- messages --------------------------------------------------------------------------------
function addUser(text) {
  const item = document.createElement("div");
  item.className = "msg user";
  item.innerHTML = `<p class="who sr-only">${esc(t("chat.you"))}</p><div class="bubble">${esc(text)}</div>`;
  log.append(item);
}

function addAssistant() {
  const item = document.createElement("article");
  item.className = "msg assistant";
  item.innerHTML = `<p class="who sr-only">${esc(t("chat.assistant"))}</p><div class="bubble"><p class="muted thinking">${esc(t("chat.thinking"))}</p></div>`;
  log.append(item);
  return item;
}

function fill(item, raw, response) {
  const bubble = item.querySelector(".bubble");
  const { html, byN } = renderAnswer(raw, response?.citations);
  bubble.innerHTML = html;
  for (const button of bubble.querySelectorAll("[data-n]")) {
    button.addEventListener("click", () => openCitation(byN.get(Number(button.dataset.n)), button));
  }
  if (!response) return;
  const synergies = response.synergies || [];
  if (synergies.length) {
    bubble.insertAdjacentHTML("beforeend", `<section class="synergies" aria-label="${esc(t("chat.partners"))}">
      <h3 class="small">${esc(t("chat.partners"))}</h3><div class="cards">${synergies.slice(0, 3).map(synergyCard).join("")}</div></section>`);
  }
  if (response.trace?.rewrite) bubble.insertAdjacentHTML("beforeend", howMade(response));
  if (response.message_id) bubble.append(feedback(response.message_id));
}

function howMade(response) {
  const rewrite = response.trace.rewrite;
  const checks = response.trace.checks || {};
  const intents = (response.intents || rewrite.intents || []).map((i) => t(`intent.${i}`)).join(", ");
  return `<details class="how small"><summary>${esc(t("chat.how"))}</summary><dl>
    <dt>${esc(t("chat.how_question"))}</dt><dd>${esc(rewrite.question || "")}</dd>
    <dt>${esc(t("chat.how_intents"))}</dt><dd>${esc(intents)}</dd>
    <dt>${esc(t("chat.how_checks"))}</dt><dd>${esc(t(checks.passed === false ? "chat.how_failed" : "chat.how_ok"))}</dd>
  </dl></details>`;
}

function feedback(messageId) {
  const box = document.createElement("div");
  box.className = "feedback";
  box.setAttribute("role", "group");
  box.setAttribute("aria-label", t("fb.question"));
  box.innerHTML = `<span class="small muted">${esc(t("fb.question"))}</span>
    <button type="button" class="icon" data-rating="up" aria-pressed="false" aria-label="${esc(t("fb.up"))}" title="${esc(t("fb.up"))}">${THUMB}</button>
    <button type="button" class="icon down" data-rating="down" aria-pressed="false" aria-label="${esc(t("fb.down"))}" title="${esc(t("fb.down"))}">${THUMB}</button>
    <form class="fb-comment" hidden><label class="sr-only" for="fb-${messageId}">${esc(t("fb.comment"))}</label>
      <input id="fb-${messageId}" name="comment" maxlength="2000" placeholder="${esc(t("fb.comment"))}">
      <button type="submit" class="secondary">${esc(t("fb.send"))}</button></form>
    <span class="status small" role="status"></span>`;
  const status = box.querySelector(".status");
  const comment = box.querySelector(".fb-comment");
  const rate = async (rating, text = "") => {
    try {
      await api(`/api/messages/${messageId}/feedback`, { method: "POST", body: { rating, comment: text } });
      for (const b of box.querySelectorAll("[data-rating]")) b.setAttribute("aria-pressed", String(b.dataset.rating === rating));
      comment.hidden = true;
      status.textContent = t("fb.thanks");
    } catch (error) {
      status.textContent = errorText(error);
    }
  };
  box.querySelector('[data-rating="up"]').addEventListener("click", () => rate("up"));
  box.querySelector('[data-rating="down"]').addEventListener("click", () => {
    comment.hidden = false;
    comment.querySelector("input").focus();
  });
  comment.addEventListener("submit", (event) => {
    event.preventDefault();
    rate("down", comment.elements.comment.value.trim());
  });
  return box;
}

// ---- the citation dialog ---------------------------------------------------------------
function openCitation(c, opener) {
  if (!c) return;
  lastOpener = opener;
  document.getElementById("cite-n").textContent = t("cite.label", { n: c.n });
  document.getElementById("cite-title").textContent = c.title;
  document.getElementById("cite-section").textContent = c.section ? heading(c) : "";
  document.getElementById("cite-text").textContent = c.text || t("cite.no_passage");
  document.getElementById("cite-sources").innerHTML =
    (c.sources || []).map((s) => `<li>${esc(sourceLabel(s))}</li>`).join("");
  dialog.showModal();
}
dialog.addEventListener("close", () => lastOpener?.focus());
dialog.addEventListener("click", (event) => { if (event.target === dialog) dialog.close(); });

// ---- asking (Server-Sent Events over fetch) --------------------------------------------------
function* events(buffer) {
  for (const block of buffer) {
    const name = block.match(/^event: (.+)$/m)?.[1];
    const data = block.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
    if (name && data) yield [name, JSON.parse(data)];
  }
}

async function ask(message) {
  addUser(message);
  const item = addAssistant();
  log.setAttribute("aria-busy", "true");
  send.disabled = true;
  let raw = "";
  try {
    const response = await fetch("/api/chat/stream", {
      method: "POST",
      headers: csrfHeaders({ "Content-Type": "application/json", Accept: "text/event-stream" }),
      body: JSON.stringify({ message, conversation_id: conversationId }),
    });
    if (!response.ok) {
      signInAgainOn401(response);
      const body = await response.json().catch(() => null);
      throw Object.assign(new Error("chat"), { body });
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let pending = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      pending += value;
      const parts = pending.split("\n\n");
      pending = parts.pop();
      for (const [name, data] of events(parts)) {
        if (name === "meta") remember(data.conversation_id, message);
        else if (name === "delta") { raw += data.text; fill(item, raw, null); }
        // the checked answer, in place of streamed words that failed the evidence check
        else if (name === "replace") { raw = data.text; fill(item, raw, null); }
        else if (name === "done") { remember(data.conversation_id, message); fill(item, data.answer, data); }
        else if (name === "error") throw Object.assign(new Error("chat"), { body: data });
      }
      item.scrollIntoView({ block: "end" });
    }
  } catch (error) {
    item.querySelector(".bubble").innerHTML = `<p class="error" role="alert">${esc(errorText(error))}</p>`;
  } finally {
    log.setAttribute("aria-busy", "false");
    send.disabled = false;
  }
}

function remember(id, message) {
  if (!id || id === conversationId) return;
  conversationId = id;
  history.replaceState(null, "", `/?c=${encodeURIComponent(id)}`);
  document.getElementById("history-empty")?.remove();
  const list = document.getElementById("history-list");
  const entry = document.createElement("li");
  entry.innerHTML = `<a href="/?c=${encodeURIComponent(id)}" aria-current="page">${esc(message.slice(0, 80))}</a>`;
  list.prepend(entry);
}

async function loadConversation(id) {
  try {
    const conversation = await api(`/api/conversations/${encodeURIComponent(id)}`);
    for (const m of conversation.messages) {
      if (m.role === "user") { addUser(m.text); continue; }
      const item = addAssistant();
      fill(item, m.text, { citations: null, synergies: (m.trace?.synergies || []).slice(0, 5), message_id: m.id });
    }
  } catch (error) {
    log.insertAdjacentHTML("beforeend", `<p class="error" role="alert">${esc(errorText(error))}</p>`);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const message = question.value.trim();
  if (!message || send.disabled) return;
  question.value = "";
  ask(message);
});
question.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});
for (const chip of document.querySelectorAll("[data-example]")) {
  chip.addEventListener("click", () => { question.value = chip.textContent.trim(); form.requestSubmit(); });
}
if (conversationId) loadConversation(conversationId);
document.documentElement.dataset.ready = LANG;
