// realpolitik dashboard: sliders -> JSON API -> server-rendered views.
// All math happens on the server (the same Python API as the command line).
// Text from scenarios is untrusted: it is only ever set with textContent; the
// views' HTML comes from the server's autoescaping templates.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { scenario: null, actor: null, offer: null, factors: {}, levers: {} };
let scenarios = [];
let timer = null;
let generation = 0;
let inflight = null; // aborts the views still loading for an older slider position

async function api(path, body, signal) {
  const init = body === undefined ? { signal } : {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    signal,
  };
  const res = await fetch(path, init);
  const data = await res.json();
  if (!res.ok) throw new Error(data.error || `${res.status} ${res.statusText}`);
  return data;
}

function request() {
  return {
    scenario: state.scenario, actor: state.actor, offer: state.offer,
    factors: state.factors, levers: state.levers,
  };
}

function option(value, label) {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = label;
  return o;
}

function status(message) {
  const el = $("status");
  el.textContent = message || "";
  el.hidden = !message;
}

function fmt(x) {
  const a = Math.abs(x);
  if (a !== 0 && (a < 0.001 || a >= 1e5)) return x.toExponential(2);
  return Number(x.toPrecision(3)).toString();
}

function signed(x) {
  return x.toFixed(3).replace("-", "\u2212");
}

function current() {
  return scenarios.find((s) => s.id === state.scenario);
}

function fillActors(wanted) {
  // Every actor can be chosen, also one that receives no offer (the page then says so).
  const s = current();
  const deciding = new Set(s.offers.flatMap((o) => o.to));
  const select = $("actor");
  select.replaceChildren(...s.actors.map((a) => option(a.id, deciding.has(a.id) ? a.name : `${a.name} (no offer)`)));
  state.actor = wanted && s.actors.some((a) => a.id === wanted) ? wanted : s.default_actor;
  select.value = state.actor;
}

function fillOffers(wanted) {
  const offers = current().offers.filter((o) => o.to.includes(state.actor));
  $("offer").replaceChildren(...offers.map((o) => option(o.id, o.name)));
  state.offer = offers.length ? (offers.some((o) => o.id === wanted) ? wanted : offers[0].id) : null;
  if (state.offer) $("offer").value = state.offer;
}

function actorName() {
  const a = current().actors.find((x) => x.id === state.actor);
  return a ? a.name : state.actor;
}

function saveToUrl() {
  // The settings live in the address: copying the link reproduces this view.
  const q = new URLSearchParams({ scenario: state.scenario, actor: state.actor || "", offer: state.offer || "" });
  if (Object.keys(state.factors).length || Object.keys(state.levers).length) {
    q.set("settings", JSON.stringify({ factors: state.factors, levers: state.levers }));
  }
  window.history.replaceState(null, "", `?${q.toString()}`);
}

function slider(c) {
  const wrap = document.createElement("div");
  wrap.className = "control";
  const id = `${c.kind}-${c.id}`;
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = c.name;
  const row = document.createElement("div");
  row.className = "row";
  const input = document.createElement("input");
  Object.assign(input, { type: "range", id, min: c.min, max: c.max, step: c.step || "any", value: c.value });
  input.dataset.kind = c.kind;
  input.dataset.id = c.id;
  const out = document.createElement("output");
  out.htmlFor = id;
  out.textContent = fmt(c.value);
  const unit = document.createElement("span");
  unit.className = "unit";
  unit.textContent = `${c.unit} · ${fmt(c.min)} to ${fmt(c.max)}`;
  const onChange = () => {
    const value = Number(input.value);
    (c.kind === "factor" ? state.factors : state.levers)[c.id] = value;
    out.textContent = fmt(value);
    wrap.classList.add("changed");
    schedule();
  };
  input.addEventListener("input", onChange);
  input.addEventListener("change", onChange);
  row.append(input, out);
  wrap.append(label, row, unit);
  return wrap;
}

async function loadControls() {
  if (!state.offer) {
    $("factor-controls").textContent = "";
    $("lever-controls").textContent = "";
    return;
  }
  const controls = await api("/api/controls", request());
  const factors = controls.filter((c) => c.kind === "factor").map(slider);
  const levers = controls.filter((c) => c.kind === "lever").map(slider);
  $("factor-controls").replaceChildren(...factors);
  $("lever-controls").replaceChildren(...levers);
  if (!levers.length) $("lever-controls").textContent = "No levers act on this actor.";
}

function downloadLink() {
  const settings = { actor: state.actor, offer: state.offer, factors: state.factors, levers: state.levers };
  $("download").href = `/api/report?scenario=${encodeURIComponent(state.scenario)}`
    + `&settings=${encodeURIComponent(JSON.stringify(settings))}`;
  $("download").download = `realpolitik-${state.scenario}.html`;
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(refresh, 120);
}

function baselineText(view) {
  const b = view.baseline;
  const w = view.what_if;
  if (!b || !w || !w.changes.length) return "as written";
  const verb = b.decision.value === "accept" ? "accepts" : "rejects";
  return `baseline ${verb} · margin ${signed(b.decision.margin)} · P(accept) ${b.p_accept.estimate.toFixed(3)}`
    + ` · what-if moves the margin ${signed(w.change)}${w.flipped ? " (flips)" : ""}`;
}

// A slider move asks for the decision alone (answered at once), then for each
// view in turn; the views share one Monte Carlo on the server.
async function refresh() {
  const mine = ++generation;
  if (inflight) inflight.abort();
  saveToUrl();
  if (!state.offer) {
    $("sections").textContent = `No offer in this scenario is addressed to ${actorName()}: choose an actor that receives one.`;
    $("summary").textContent = `${actorName()}: no offer`;
    $("baseline").textContent = "";
    document.body.dataset.decision = "none";
    document.body.dataset.scenario = state.scenario;
    return;
  }
  const abort = inflight = new AbortController();
  document.body.classList.add("busy");
  try {
    const view = await api("/api/view", { ...request(), quick: true }, abort.signal);
    if (mine !== generation) return;
    const parts = { why: view.html };
    const show = () => {
      $("sections").innerHTML = view.pending.map((k) => parts[k] || "").join(""); // escaped by the server
    };
    show();
    const w = view.why;
    const summarise = (v) => {
      const p = v.acceptance ? v.acceptance.p_accept.estimate : w.p_accept;
      const summary = $("summary");
      summary.textContent = `${w.actor_name} ${w.accept ? "accepts" : "rejects"} · margin ${signed(w.margin)} · P(accept) ${p.toFixed(3)}`;
      summary.className = `summary ${w.decision}`;
      $("baseline").textContent = baselineText(v);
    };
    summarise(view);
    document.body.dataset.decision = w.decision;
    document.body.dataset.scenario = state.scenario;
    downloadLink();
    status("");
    for (const key of view.pending) {
      const part = await api("/api/view", { ...request(), sections: [key] }, abort.signal);
      if (mine !== generation) return;
      parts[key] = part.html;
      show();
      if (part.acceptance) summarise(part); // the sampled P(accept) and the baseline, once computed
    }
  } catch (err) {
    if (mine === generation && err.name !== "AbortError") status(err.message);
  } finally {
    if (mine === generation) document.body.classList.remove("busy");
  }
}

async function reset() {
  state.factors = {};
  state.levers = {};
  await loadControls();
  await refresh();
}

async function openScenario(id, wanted = {}) {
  state.scenario = id;
  fillActors(wanted.actor);
  fillOffers(wanted.offer);
  state.factors = { ...(wanted.factors || {}) };
  state.levers = { ...(wanted.levers || {}) };
  await loadControls();
  await refresh();
  await searchEvidence();
}

function fromUrl() {
  const q = new URLSearchParams(window.location.search);
  let settings = {};
  try {
    settings = JSON.parse(q.get("settings") || "{}");
  } catch (err) {
    settings = {};
  }
  return { actor: q.get("actor"), offer: q.get("offer"), factors: settings.factors, levers: settings.levers };
}

function hitItem(quoteText, metaParts, backs) {
  const li = document.createElement("li");
  li.className = "hit";
  const quote = document.createElement("q");
  quote.textContent = quoteText;
  const meta = document.createElement("span");
  meta.className = "meta";
  meta.textContent = metaParts.filter(Boolean).join(" · ");
  li.append(quote, meta);
  if (backs) {
    const cites = document.createElement("span");
    cites.className = "meta";
    cites.textContent = backs;
    li.append(cites);
  }
  return li;
}

async function searchEvidence(event) {
  if (event) event.preventDefault();
  const q = $("evidence-q").value;
  const fromStore = $("evidence-source").value === "store";
  try {
    let items;
    if (fromStore) {
      const r = await api(`/api/store/search?q=${encodeURIComponent(q)}`);
      items = r.results.map((h) => hitItem(h.text, [h.speaker, h.title, h.outlet, (h.date || "").slice(0, 10)],
        [h.kind, h.actor, h.factor].filter(Boolean).join(" · ")));
    } else {
      const r = await api(`/api/evidence?scenario=${encodeURIComponent(state.scenario)}&q=${encodeURIComponent(q)}`);
      items = r.results.map((h) => hitItem(h.quote, [h.speaker, h.source_title, h.outlet, h.date],
        h.cited_by.length ? `backs: ${h.cited_by.join("; ")}` : ""));
    }
    const n = items.length;
    $("evidence-count").textContent = `${n} quote${n === 1 ? "" : "s"}${q ? ` matching “${q}”` : ""}`;
    $("evidence-results").replaceChildren(...items);
  } catch (err) {
    status(err.message);
  }
}

async function main() {
  scenarios = await api("/api/scenarios");
  if (!scenarios.length) {
    $("sections").textContent = "No scenarios loaded.";
    return;
  }
  $("scenario").addEventListener("change", (e) => openScenario(e.target.value));
  $("actor").addEventListener("change", async (e) => {
    state.actor = e.target.value;
    fillOffers();
    await reset();
  });
  $("offer").addEventListener("change", async (e) => {
    state.offer = e.target.value;
    await reset();
  });
  $("reset").addEventListener("click", reset);
  $("evidence-form").addEventListener("submit", searchEvidence);
  $("evidence-source").addEventListener("change", () => searchEvidence());
  const wanted = new URLSearchParams(window.location.search).get("scenario");
  const fromLink = wanted && scenarios.some((s) => s.id === wanted);
  if (fromLink) $("scenario").value = wanted;
  await openScenario($("scenario").value || scenarios[0].id, fromLink ? fromUrl() : {});
}

document.addEventListener("DOMContentLoaded", () => {
  main().catch((err) => status(err.message));
});
