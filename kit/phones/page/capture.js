// The capture page: a table host's ideas, dot votes and feedback from a phone.
// Every input goes into a queue kept in localStorage with its own key and is sent
// until the laptop acknowledges it, so a flaky Wi-Fi, a double tap, a reload or a
// restarted laptop loses nothing and stores nothing twice. The device id is the one
// the laptop gave at joining. Text is always set with textContent: what people type
// is never markup.
"use strict";

const T = JSON.parse(document.getElementById("texts").textContent);
const saved = JSON.parse(localStorage.getItem("kit-capture") || "{}");
const place = Object.assign({device: null, tab: "host", table: null, round: null, queue: []}, saved);
let state = null;
let etag = null;
let sending = false;
let backoff = 500;

function randomKey() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
}
function keep() { localStorage.setItem("kit-capture", JSON.stringify(place)); }
function $(id) { return document.getElementById(id); }
// a counted message comes as [one, many]: Finnish, Swedish and English all have just these two forms
function fill(text, n) { return (Array.isArray(text) ? text[n === 1 ? 0 : 1] : text).replace("{n}", n); }
function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}
function button(text, cls, onClick) {
  const b = el("button", text, cls);
  b.type = "button";
  b.addEventListener("click", onClick);
  return b;
}
function show(id, visible) { $(id).hidden = !visible; }
function say(id, text) { $(id).textContent = text || ""; show(id, !!text); }
function headers() {
  return {"X-Join-Code": place.code || "", "X-Kit-Lang": document.documentElement.lang,
          "Content-Type": "application/json"};
}

// joining
const hashCode = location.hash.replace("#", "").replace(/\D/g, "");
if (hashCode) { place.code = hashCode; history.replaceState(null, "", location.pathname + location.search); }
keep();

async function join(code) {
  place.code = code.replace(/\s/g, "");
  keep();
  const asked = place.device ? "?device=" + encodeURIComponent(place.device) : "";
  const r = await fetch("api/join" + asked, {headers: headers()}).catch(() => null);
  if (!r) { say("status", T.offline); setTimeout(() => join(place.code), 2000); return; }
  const body = await r.json().catch(() => ({}));
  if (!r.ok) { place.evening = null; keep(); askCode(body.error); return; }
  place.evening = body.evening;
  place.device = body.device;
  place.queue.forEach(q => { q.device = body.device; });  // inputs made before a new id go with it
  keep();
  say("error", "");
  show("join", false);
  show("main", true);
  etag = null;
  await refresh();
  send();
}
function forbidden(body) {
  if (body.join) { place.device = null; join(place.code); }  // an id the laptop no longer knows: get a new one
  else askCode(body.error);
}
function askCode(message) {
  show("main", false);
  show("join", true);
  say("error", message);
  $("code").focus();
}
$("join-button").addEventListener("click", () => join($("code").value));
$("code").addEventListener("keydown", e => { if (e.key === "Enter") join($("code").value); });

// the queue: one input at a time, in order, until acknowledged
function submit(body) {
  place.queue.push(Object.assign({key: randomKey(), device: place.device}, body));
  keep();
  draw();
  send();
}
async function send() {
  if (sending || !place.queue.length || !place.evening) return;
  sending = true;
  const item = place.queue[0];
  let r = null;
  try {
    r = await fetch(`api/e/${encodeURIComponent(place.evening)}/submit`,
                    {method: "POST", headers: headers(), body: JSON.stringify(item)});
  } catch (e) { r = null; }
  sending = false;
  if (!r || r.status >= 500 || r.status === 429) {
    say("status", (r && r.status === 429 ? "" : T.offline + " ") + fill(T.waiting, place.queue.length));
    setTimeout(send, backoff);
    backoff = Math.min(backoff * 2, 4000);
    return;
  }
  backoff = 500;
  const body = await r.json().catch(() => ({}));
  if (r.status === 403) { forbidden(body); return; }
  place.queue.shift();
  keep();
  if (r.ok) {
    const done = item.action === "feedback" ? T.thanks : T.saved;
    say("status", done);
    setTimeout(() => { if ($("status").textContent === done) say("status", ""); }, 2500);
  }
  else say("error", body.error);
  etag = null;
  await refresh();
  send();
}

// what the laptop has
async function refresh() {
  if (!place.evening) return;
  let r;
  try {
    r = await fetch(`api/e/${encodeURIComponent(place.evening)}/state?device=${place.device}`,
                    {headers: Object.assign(headers(), etag ? {"If-None-Match": etag} : {})});
  } catch (e) { say("status", T.offline); return; }
  if (r.status === 304) return;
  const body = await r.json().catch(() => ({}));
  if (r.status === 403) { forbidden(body); return; }
  if (!r.ok) return;
  if ($("status").textContent.startsWith(T.offline)) say("status", place.queue.length ? fill(T.waiting, place.queue.length) : "");
  etag = r.headers.get("ETag");
  state = body;
  draw();
}
setInterval(() => { if (!document.hidden && !sending) refresh(); }, 3000);
setInterval(send, 3000);
window.addEventListener("online", send);

// drawing
function draw() {
  const waiting = place.queue.length;
  if (waiting && !sending && !$("status").textContent.startsWith(T.offline)) say("status", fill(T.waiting, waiting));
  if (!state) return;
  $("title").textContent = state.evening.title;
  document.querySelectorAll("[data-tab]").forEach(b => b.setAttribute("aria-selected", b.dataset.tab === place.tab));
  ["host", "vote", "feedback"].forEach(tab => show(tab, place.tab === tab));
  drawHost();
  drawVotes();
  drawFeedback();
}
document.querySelectorAll("[data-tab]").forEach(b => b.addEventListener("click", () => {
  place.tab = b.dataset.tab; keep(); draw();
}));

// the round a host writes for: the one they chose, else the one the room is in
function chosenRound() { return place.round && place.round <= state.rounds ? place.round : state.round; }

function drawHost() {
  const tables = $("tables");
  tables.replaceChildren();
  if (!state.tables.some(t => t.id === place.table)) place.table = null;
  if (!state.tables.length) tables.append(el("p", T.no_tables, "hint"));
  for (const t of state.tables) {
    const b = button(t.theme, "choice", () => { place.table = t.id; keep(); draw(); });
    b.setAttribute("aria-pressed", t.id === place.table);
    tables.append(b);
  }
  const round = chosenRound();
  const rounds = $("rounds");
  rounds.replaceChildren();
  for (let n = 1; n <= state.rounds; n++) {
    const label = fill(T.round, n) + (n === state.round ? ` (${T.now})` : "");
    const b = button(label, "choice", () => { place.round = n === state.round ? null : n; keep(); draw(); });
    b.setAttribute("aria-pressed", n === round);
    rounds.append(b);
  }
  const ready = !!place.table;
  $("idea").disabled = !ready;
  $("add-idea").disabled = !ready;
  const list = $("my-ideas");
  list.replaceChildren();
  const mine = state.ideas.filter(i => i.mine && i.table === place.table && i.round === round);
  for (const idea of mine) list.append(ideaItem(idea));
  for (const q of place.queue.filter(q => q.action === "add_idea" && q.table === place.table && q.round === round)) {
    list.append(el("li", q.text + " …", "pending"));
  }
  if (!list.children.length) list.append(el("li", T.no_ideas, "hint"));
}

function ideaItem(idea) {
  const li = el("li");
  li.append(el("span", idea.text, "text"));
  const tools = el("div", null, "tools");
  tools.append(button(T.edit, "", () => {
    const box = el("textarea");
    box.value = idea.text;
    box.rows = 3;
    li.replaceChildren(box, button(T.save, "primary", () => {
      if (box.value.trim()) submit({action: "edit_idea", idea: idea.id, text: box.value});
    }), button(T.cancel, "", draw));
    box.focus();
  }));
  tools.append(button(T.withdraw, "", () => submit({action: "withdraw_idea", idea: idea.id})));
  li.append(tools);
  return li;
}

function addIdea() {
  const text = $("idea").value;
  if (!text.trim() || !place.table) return;
  submit({action: "add_idea", table: place.table, round: chosenRound(), text: text});
  $("idea").value = "";
  $("idea").focus();
}
$("add-idea").addEventListener("click", addIdea);
$("idea").addEventListener("keydown", e => { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); addIdea(); } });

function drawVotes() {
  const pendingDots = place.queue.filter(q => q.action === "vote").reduce((s, q) => s + q.step, 0);
  const left = state.votes_left - pendingDots;
  $("dots-left").textContent = fill(T.dots_left, left) + " " + "●".repeat(Math.max(0, left));
  const box = $("vote-tables");
  box.replaceChildren();
  for (const t of state.tables) {
    const ideas = state.ideas.filter(i => i.table === t.id);
    if (!ideas.length) continue;
    box.append(el("h2", t.theme));
    const list = el("ul", null, "ideas");
    for (const idea of ideas) {
      const li = el("li");
      li.append(el("span", idea.text, "text"));
      const tools = el("div", null, "tools");
      tools.append(el("span", `${idea.votes} ${T.votes}`, "count"));
      if (idea.my_votes > 0) {
        const take = button("−", "dot", () => submit({action: "vote", idea: idea.id, step: -1}));
        take.setAttribute("aria-label", T.take_dot);
        tools.append(take);
      }
      const add = button("+ ●", "dot primary", () => submit({action: "vote", idea: idea.id, step: 1}));
      add.disabled = left <= 0;
      add.setAttribute("aria-label", T.add_dot);
      tools.append(add);
      li.append(tools);
      list.append(li);
    }
    box.append(list);
  }
  if (!box.children.length) box.append(el("p", T.no_ideas, "hint"));
}

let rating = null;
function drawFeedback() {
  if (rating === null && state.feedback) { rating = state.feedback.rating; $("comment").value = state.feedback.comment; }
  document.querySelectorAll("[data-rating]").forEach(b => b.setAttribute("aria-pressed", Number(b.dataset.rating) === rating));
  $("send-feedback").disabled = rating === null;
}
document.querySelectorAll("[data-rating]").forEach(b => b.addEventListener("click", () => {
  rating = Number(b.dataset.rating); drawFeedback();
}));
$("send-feedback").addEventListener("click", () => {
  submit({action: "feedback", rating: rating, comment: $("comment").value});
});

if (place.code) join(place.code); else askCode("");
