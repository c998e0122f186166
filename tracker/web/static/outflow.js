/* Afvoeren (CONTRACT §10): what leaves the site is weighed like what comes in, on the same
   scale panel. The operator picks the partner (afnemer) and a stream it takes, scans the
   labelled items that go along (optional), and books the batch; the weighing bound is exactly
   the one the panel shows (intake.js), or a weight typed by hand, which is flagged. */
"use strict";
window.addWords({
  "mode.collect": ["Inzamelen", "Take in"], "mode.outflow": ["Afvoeren", "Send out"],
  "out.title": ["Afvoeren: wat de locatie verlaat", "Send out: what leaves the site"],
  "out.partner": ["Afnemer", "Partner"], "out.partner_pick": ["Kies een afnemer", "Choose a partner"],
  "out.category": ["Categorie (optioneel)", "Category (optional)"],
  "out.stream": ["Stroom", "Stream"],
  "out.stream_help": [
    "Kies eerst de afnemer: dan staan hier de stromen die hij aanneemt.",
    "Choose the partner first: the streams it takes then show here.",
  ],
  "out.no_partners": [
    "Er zijn nog geen afnemers. De beheerder voegt ze toe onder Beheer › Afnemers.",
    "There are no partners yet. The administrator adds them under Admin › Partners.",
  ],
  "out.manual": [
    "Gewicht met de hand (elders gewogen, of weegschaal werkt niet)",
    "Weight by hand (weighed elsewhere, or scale not working)",
  ],
  "out.manual_flag": [
    "Handgewicht: de afvoer wordt gemarkeerd als met de hand ingevuld.",
    "Hand weight: the batch is marked as entered by hand.",
  ],
  "out.weight": ["Gewicht van de afvoer (kg)", "Weight of the batch (kg)"],
  "out.ticket": ["Weegbonnummer (optioneel)", "Weighbridge ticket number (optional)"],
  "out.note": ["Notitie (optioneel)", "Note (optional)"],
  "out.scan": [
    "Gelabelde items die meegaan (optioneel): scan of typ de code, dan Enter",
    "Labelled items that go along (optional): scan or type the code, then Enter",
  ],
  "out.book": ["Afvoeren", "Send out"],
  "out.recent": ["Net afgevoerd", "Just sent out"],
  "out.need_partner": ["Kies eerst de afnemer.", "Choose the partner first."],
  "out.need_stream": ["Kies de stroom: wat gaat er naar {partner}?", "Choose the stream: what goes to {partner}?"],
  "out.need_scale": [
    "Er is geen weegschaal: vink ‘Gewicht met de hand’ aan en vul het gewicht in.",
    "There is no scale: tick ‘Weight by hand’ and enter the weight.",
  ],
  "out.twice": ["{code} staat al in de lijst.", "{code} is already in the list."],
  "out.unknown": ["{code} kennen we niet. Scan opnieuw of typ de code over.", "We do not know {code}. Scan again or type the code."],
  "out.offline_item": ["(offline gescand)", "(scanned offline)"],
  "out.misfit": [
    "past niet bij {stream}: het is {state}",
    "does not fit {stream}: it is {state}",
  ],
  "out.ticket_note": ["Weegbon {ticket}", "Weighbridge ticket {ticket}"],
  "out.used_for": ["afvoer naar {partner}", "the batch to {partner}"],
  "out.done": [
    "Afgevoerd: {kg} kg {stream} naar {partner}{items}.",
    "Sent out: {kg} kg {stream} to {partner}{items}.",
  ],
  "out.done_items": [", met {n} gelabelde items", ", with {n} labelled items"],
  "out.done_item": [", met 1 gelabeld item", ", with 1 labelled item"],
  "out.hand_mark": ["met de hand", "by hand"],
  "out.queued": [
    "Bewaard op dit apparaat: de afvoer wordt verstuurd zodra er verbinding is.",
    "Kept on this device: the batch is sent as soon as there is a connection.",
  ],
  "out.refused": ["Niet afgevoerd: {why} Er is niets veranderd.", "Not sent out: {why} Nothing has changed."],
  "out.refused_item": ["kan niet mee: haal het uit de lijst", "cannot go along: take it off the list"],
  "outbox.outflow": ["Afvoeren {kg} naar {partner}", "Send out {kg} to {partner}"],
  "scale.will_bind_outflow": [
    "Afvoeren gebruikt de weging van {kg} kg om {time}.",
    "Send out uses the weighing of {kg} kg at {time}.",
  ],
});
(function () {
  const $ = (id) => document.getElementById(id);
  const MODE = "ambacht.intake.mode"; // per tab: a reload keeps Afvoeren, a new day starts at Inzamelen
  const CATEGORY_CACHE = "ambacht.categories"; // intake.js keeps it
  const PARTNER_CACHE = "ambacht.partners";
  // Refusals this page words itself, with what to do next (error.<code> in the domain's words).
  const WEIGHING_CODES = new Set(["no_fresh_weighing", "weighing_used"]);
  const domain = window.DOMAIN || {};
  const KIND_STREAMS = domain.partner_streams || {}; // kind -> the streams it takes (offline copy)
  const STREAM_STATES = domain.outflow_states || {}; // stream -> the item states that may leave
  const TRANSFER_STATES = domain.transfer_states || []; // what a transfer to another centre moves
  const OTHER_CENTRE = "other_centre";

  let scale = null; // intake.js's scale panel (window.IntakeScale)
  let partners = [];
  let categories = [];
  let items = []; // [{code, category, weight_kg, state}] scanned for the batch
  let stream = null;
  let manualByUs = false; // hand weight switched on because the scale went away
  const recent = []; // this session's batches, newest first

  const say = (text, kind) => A.say($("out-message"), text, kind);
  const sayScan = (text, kind) => A.say($("out-scan-message"), text, kind);
  const partner = () => partners.find((p) => p.id === $("out-partner").value) || null;
  const label = (c) => (A.lang() === "en" ? c.label_en : c.label_nl);

  // ---- the two modes ------------------------------------------------------------------------
  function setMode(mode, focus) {
    $("main").dataset.mode = mode;
    document.querySelectorAll(".modes [role=tab]").forEach((b) => {
      b.setAttribute("aria-selected", String(b.dataset.mode === mode));
      b.tabIndex = b.dataset.mode === mode ? 0 : -1;
    });
    sessionStorage.setItem(MODE, mode);
    scale.render(); // "Afvoeren gebruikt de weging van …"
    if (focus && mode === "outflow") $("out-partner").focus();
  }

  // ---- partners, streams, categories --------------------------------------------------------
  async function loadList(path, cache) {
    try {
      const list = await A.get(path);
      localStorage.setItem(cache, JSON.stringify(list));
      return list;
    } catch (err) {
      if (!(err instanceof A.Offline)) throw err;
      return JSON.parse(localStorage.getItem(cache) || "[]");
    }
  }

  function renderPartners() {
    const select = $("out-partner");
    const keep = select.value;
    const first = new Option(A.t("out.partner_pick"), "");
    select.replaceChildren(first, ...partners.map((p) => new Option(
      `${p.name} (${A.t(`partner.${p.kind}`)})`, p.id)));
    A.sortOptions(select);
    select.value = partners.some((p) => p.id === keep) ? keep : "";
    $("out-no-partners").hidden = partners.length > 0;
  }

  function renderCategories() {
    const select = $("out-category");
    const keep = select.value;
    select.replaceChildren(new Option("—", ""), ...categories.map((c) => new Option(label(c), c.id)));
    A.sortOptions(select);
    select.value = keep;
  }

  /* Only the streams the partner's kind takes; one alone is chosen at once. */
  function renderStreams() {
    const p = partner();
    const allowed = p ? p.streams || KIND_STREAMS[p.kind] || [] : [];
    if (!allowed.includes(stream)) stream = allowed.length === 1 ? allowed[0] : null;
    $("out-stream-choices").replaceChildren(...allowed.map((s) => {
      const box = document.createElement("label");
      box.className = "inline choice";
      const radio = document.createElement("input");
      radio.type = "radio";
      radio.name = "out-stream";
      radio.value = s;
      radio.checked = s === stream;
      radio.addEventListener("change", () => {
        stream = s;
        items.forEach((i) => { delete i.refused; }); // judged again for this stream
        say("");
        renderItems();
      });
      const text = document.createElement("span");
      text.textContent = A.t(`outflow.${s}`);
      box.append(radio, text);
      return box;
    }));
    $("out-stream-help").hidden = allowed.length > 0;
    renderItems();
  }

  // ---- the weight ---------------------------------------------------------------------------
  function setManual(on) {
    $("out-manual").checked = on;
    $("out-manual-field").hidden = !on;
  }

  /* The scale went away: the hand weight opens (and closes again when it is back). */
  function followScale() {
    const away = scale.away();
    if (away && !$("out-manual").checked) { manualByUs = true; setManual(true); }
    else if (!away && manualByUs) { manualByUs = false; setManual(false); }
  }

  /* The weight part of the batch: exactly the weighing the panel shows, or a typed weight. */
  function weightPart() {
    if ($("out-manual").checked) {
      return { weight_kg: A.readNumber($("out-weight"), { required: "need.weight" }) };
    }
    const id = scale.scaleId();
    if (!id) throw new Error(A.t("out.need_scale"));
    const w = scale.weighing();
    if (!A.isOnline() && scale.bindable()) return { weight_kg: w.net_kg }; // see intake.js
    if (w && w.used) throw new Error(A.t("error.weighing_used"));
    if (scale.bindable()) return { weighing_id: w.id };
    return { scale_id: id }; // the scale's newest, if it is fresh and unused
  }

  // ---- labelled items that go along ---------------------------------------------------------
  function fits(item) {
    const p = partner();
    const states = p && p.kind === OTHER_CENTRE ? TRANSFER_STATES : STREAM_STATES[stream];
    return !stream || !item.state || !states || states.includes(item.state);
  }

  function renderItems() {
    $("out-items").replaceChildren(...items.map((item) => {
      const li = document.createElement("li");
      li.dataset.code = item.code;
      const what = document.createElement("span");
      const code = document.createElement("span");
      code.className = "code";
      code.textContent = A.showCode(item.code);
      const about = item.state
        ? ` · ${categoryName(item.category)} · ${A.num(item.weight_kg)} kg · ${A.t(`state.${item.state}`)}`
        : ` ${A.t("out.offline_item")}`;
      what.append(code, about);
      if (!fits(item) || item.refused) {
        li.dataset.fits = "false";
        const why = document.createElement("strong");
        why.className = "error";
        why.textContent = `— ${item.state ? A.t("out.misfit", {
          stream: A.t(`outflow.${stream}`).toLowerCase(), state: A.t(`state.${item.state}`).toLowerCase() })
          : A.t("out.refused_item")}`;
        what.append(" ", why);
      }
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "secondary";
      remove.textContent = A.t("remove");
      remove.setAttribute("aria-label", `${A.t("remove")} ${A.showCode(item.code)}`);
      remove.addEventListener("click", () => {
        items = items.filter((i) => i.code !== item.code);
        renderItems();
        $("out-scan").focus();
      });
      li.append(what, remove);
      return li;
    }));
  }

  function categoryName(id) {
    const c = categories.find((x) => x.id === id);
    return c ? label(c) : id || "";
  }

  async function scanned(text) {
    const code = A.parseCode(text);
    if (!code) { sayScan(A.t("scan.invalid", { text: text.trim() }), "error"); return; }
    const shown = A.showCode(code);
    if (items.some((i) => i.code === code)) { sayScan(A.t("out.twice", { code: shown }), "error"); return; }
    sayScan("");
    let item = { code };
    try {
      const found = await A.get(`/api/items/${code}`);
      item = { code, category: found.category, weight_kg: found.weight_kg, state: found.state };
    } catch (err) {
      if (err.status === 404) { sayScan(A.t("out.unknown", { code: shown }), "error"); return; }
      if (!(err instanceof A.Offline)) { sayScan(err.message, "error"); return; }
    }
    if (items.some((i) => i.code === code)) return; // scanned twice quickly
    items.push(item);
    renderItems();
  }

  // ---- booking ------------------------------------------------------------------------------
  /* The batch to send, or null after saying what is missing. */
  function batch() {
    const p = partner();
    if (!p) { say(A.t("out.need_partner"), "error"); $("out-partner").focus(); return null; }
    if (!stream) {
      say(A.t("out.need_stream", { partner: p.name }), "error");
      const first = $("out-stream-choices").querySelector("input");
      if (first) first.focus();
      return null;
    }
    let body;
    try {
      body = { partner: p.id, stream, ...weightPart() };
    } catch (err) {
      say(err instanceof A.FieldError ? "" : err.message, "error");
      return null;
    }
    if ($("out-category").value) body.category = $("out-category").value;
    if (items.length) body.items = items.map((i) => i.code);
    const ticket = $("out-ticket").value.trim();
    if (ticket) body.ticket = ticket; // a skip weighed on a weighbridge elsewhere
    const note = $("out-note").value.trim();
    if (note) body.note = note;
    return body;
  }

  function reset() {
    items = [];
    ["out-ticket", "out-note", "out-scan"].forEach((id) => { $(id).value = ""; });
    $("out-category").value = "";
    A.setNumber($("out-weight"), null);
    renderItems();
  }

  async function book() {
    const body = batch();
    if (!body) return;
    const p = partner();
    const byHand = $("out-manual").checked;
    const shownKg = body.weight_kg !== undefined ? `${A.num(body.weight_kg)} kg`
      : scale.bindable() ? `${A.num(scale.weighing().net_kg)} kg` : A.t("scale");
    $("out-book").disabled = true;
    try {
      const res = await A.send("/api/outflows", body,
        A.t("outbox.outflow", { kg: shownKg, partner: p.name }));
      // the scale's weighing went to this batch: the next one needs a new weighing
      if (!byHand) scale.used(A.t("out.used_for", { partner: p.name }));
      if (res.queued) say(A.t("out.queued"), "warn");
      else booked(res.data);
      reset();
    } catch (err) {
      refused(err);
    } finally {
      $("out-book").disabled = false;
    }
  }

  /* The tracker stored a batch (now, or later from the outbox): said, and listed. */
  function booked(data) {
    const p = partners.find((x) => x.id === data.partner);
    const name = p ? p.name : data.partner;
    const n = (data.items || []).length;
    say(A.t("out.done", {
      kg: A.num(data.weight_kg), stream: A.t(`outflow.${data.stream}`).toLowerCase(),
      partner: name, items: withItems(n),
    }) + (data.hand_weighed ? ` (${A.t("out.hand_mark")})` : ""), "ok");
    recent.unshift({ kg: data.weight_kg, stream: data.stream, partner: name, n,
      hand: data.hand_weighed, ticket: data.ticket });
    renderRecent();
  }

  /* A refusal in the operator's words, with what to do next; the offending items marked. */
  function refused(err) {
    if (err instanceof A.Offline) { say(A.t("net.lookup"), "error"); return; }
    const own = WEIGHING_CODES.has(err.code) ? A.t(`error.${err.code}`) : err.message;
    const why = own.replace(/([^.!?])$/, "$1.");
    say(A.t("out.refused", { why }), "error");
    // item_cannot_leave names each item that may not go, with its state: marked in the list
    const named = new Map((err.items || []).map((x) => [A.parseCode(x.code || x), x]));
    if (!named.size) return;
    items.forEach((i) => {
      const hit = named.get(i.code);
      if (hit && hit.state) i.state = hit.state;
      if (hit) i.refused = true;
    });
    renderItems();
  }

  const withItems = (n) => (n === 1 ? A.t("out.done_item") : n ? A.t("out.done_items", { n }) : "");

  function renderRecent() {
    $("out-recent").replaceChildren(...recent.map((r) => {
      const li = document.createElement("li");
      const marks = [r.hand ? A.t("out.hand_mark") : "", r.ticket ? A.t("out.ticket_note", { ticket: r.ticket }) : "",
        withItems(r.n).replace(/^, /, "")].filter(Boolean);
      li.textContent = `${A.num(r.kg)} kg · ${A.t(`outflow.${r.stream}`)} · ${r.partner}`
        + (marks.length ? ` (${marks.join(", ")})` : "");
      if (r.hand) li.dataset.hand = "true";
      return li;
    }));
  }

  // ---- wiring -------------------------------------------------------------------------------
  async function init() {
    scale = window.IntakeScale;
    document.querySelectorAll(".modes [role=tab]").forEach((b) => {
      b.addEventListener("click", () => setMode(b.dataset.mode, true));
      b.addEventListener("keydown", (e) => { // arrow keys move between the two tabs
        if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
        const next = b.dataset.mode === "collect" ? "outflow" : "collect";
        setMode(next, false);
        document.querySelector(`.modes [data-mode=${next}]`).focus();
      });
    });
    scale.watch(followScale);
    $("out-partner").addEventListener("change", () => { say(""); renderStreams(); });
    $("out-manual").addEventListener("change", (e) => {
      manualByUs = false;
      setManual(e.target.checked);
      if (e.target.checked) $("out-weight").focus();
    });
    $("out-scan").addEventListener("keydown", (e) => {
      if (e.key !== "Enter") return;
      e.preventDefault(); // Enter after a scan adds the item; it does not book the batch
      const text = $("out-scan").value;
      $("out-scan").value = "";
      if (text.trim()) scanned(text);
    });
    $("out-add").addEventListener("click", () => {
      const text = $("out-scan").value;
      $("out-scan").value = "";
      if (text.trim()) scanned(text);
      $("out-scan").focus();
    });
    $("out-form").addEventListener("submit", (e) => { e.preventDefault(); book(); });
    document.addEventListener("ambacht:sent", (e) => { // kept offline, stored now
      if (e.detail.entry.path === "/api/outflows") booked(e.detail.data);
    });
    A.onLang(() => { renderPartners(); renderCategories(); renderStreams(); renderRecent(); });
    setMode(sessionStorage.getItem(MODE) === "outflow" ? "outflow" : "collect", false);
    followScale();
    [partners, categories] = await Promise.all([
      loadList("/api/partners", PARTNER_CACHE),
      loadList("/api/categories", CATEGORY_CACHE),
    ]);
    renderPartners();
    renderCategories();
    renderStreams();
    document.body.dataset.outflow = "ready";
  }

  if (window.IntakeScale) init();
  else document.addEventListener("ambacht:intake", init, { once: true });
})();
