/* Inzamelen: live weight from the scale, big category buttons, label printing, visitors
   (visitors.js); a
   wrong weight or category put right ("Corrigeren", CONTRACT §9), and a sold item given back
   as a donation ("Teruggebracht (nieuw leven)"). */
"use strict";
(async function () {
  const station = await A.start(["intake"]);
  if (!station) return;
  const $ = (id) => document.getElementById(id);
  const STREAM_RETRY_MS = 2000; // reconnect the live weight soon after a blip
  // The server sends a heartbeat every 15 s; nothing for this long means the stream is dead.
  const STREAM_SILENT_MS = 35000;
  const WEIGHING_MAX_AGE_MS = 110000; // just under the tracker's 120 s freshness window
  // how often the desk asks whether the scale's Pi falls behind (the status says it at most once a minute)
  const BEHIND_CHECK_MS = 60000;
  const SERIAL_CATEGORIES = ["fietsen", "elektrisch"]; // phones, laptops, bikes: the register
  const CATEGORY_CACHE = "ambacht.categories";
  const SCALE_CHOICE = "ambacht.scale";
  // Refusals this page words itself (error.<code>, with what to do next): the weighing...
  const WEIGHING_CODES = new Set(["no_fresh_weighing", "weighing_used"]);
  // ...and a correction this station may not make.
  const CORRECTION_CODES = new Set(["correction_too_late", "correction_not_allowed"]);

  let categories = [];
  let chosen = null; // category id
  let scaleId = null;
  let scaleState = "unknown"; // online | offline | error | unknown
  let live = null; // newest reading
  let lastWeighing = null; // newest stable weighing seen on the stream
  let manualByUs = false; // manual weight switched on because the scale went offline
  let streamAbort = null;
  let correcting = null; // the code in "Net ingezameld" whose correction form is open
  const scaleWatchers = []; // outflow.js (Afvoeren) follows the scale panel too

  // ---- categories ---------------------------------------------------------------------------
  function label(cat) { return A.lang() === "en" ? cat.label_en : cat.label_nl; }
  function categoryLabel(id) {
    const cat = categories.find((c) => c.id === id);
    return cat ? label(cat) : id;
  }

  function renderCategories() {
    const grid = $("categories");
    grid.replaceChildren(...categories.map((cat) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = label(cat);
      b.dataset.category = cat.id;
      b.setAttribute("aria-pressed", String(cat.id === chosen));
      b.addEventListener("click", () => choose(cat.id === chosen ? null : cat.id));
      return b;
    }));
  }

  function choose(id) {
    chosen = id;
    if (id && messageCause === "category") message("", "ok"); // the fix is made: the error goes
    document.querySelectorAll("#categories button").forEach((b) => {
      b.setAttribute("aria-pressed", String(b.dataset.category === id));
    });
    $("ords-field").hidden = id !== "elektrisch";
    $("serial-field").hidden = !SERIAL_CATEGORIES.includes(id);
  }

  async function loadCategories() {
    try {
      categories = await A.get("/api/categories");
      localStorage.setItem(CATEGORY_CACHE, JSON.stringify(categories));
    } catch (err) {
      if (!(err instanceof A.Offline)) throw err;
      categories = JSON.parse(localStorage.getItem(CATEGORY_CACHE) || "[]");
    }
    renderCategories();
  }

  // ---- the scale ----------------------------------------------------------------------------
  function renderScale() {
    const weight = $("weight");
    const badge = $("stability");
    const away = scaleState === "offline" || scaleState === "error" || !scaleId;
    if (live && live.net_kg !== undefined && !away) {
      weight.textContent = `${A.num(live.net_kg, 2, 3)} kg`;
      weight.dataset.kg = String(live.net_kg);
    } else {
      weight.textContent = "–,–– kg";
      delete weight.dataset.kg;
    }
    let state = "unknown";
    if (away) state = scaleState === "error" ? "error" : "offline";
    else if (live && live.status && live.status !== "ok") state = "error";
    else if (live) state = live.stable ? "stable" : "moving";
    badge.dataset.state = state;
    weight.dataset.state = state;
    badge.textContent = {
      stable: A.t("stable"), moving: A.t("moving"), offline: A.t("scale.state_offline"),
      error: live && live.status && live.status !== "ok" ? A.t(`scale.${live.status}`)
        : A.t("scale.state_error"),
      unknown: A.t("scale.waiting"),
    }[state];
    $("scale-warning").hidden = !away;
    if (away && !$("manual-toggle").checked) {
      manualByUs = true;
      setManual(true);
    } else if (!away && manualByUs) {
      manualByUs = false;
      setManual(false);
    }
    // Which weighing Inzamelen will bind (exactly that one), or that it was used already.
    const shown = lastWeighing && { kg: A.num(lastWeighing.net_kg, 2, 3), time: A.time(lastWeighing.at) };
    let line = "";
    if (lastWeighing && lastWeighing.used) line = A.t("scale.used", { ...shown, code: lastWeighing.used });
    else if (bindable()) line = A.t($("main").dataset.mode === "outflow" ? "scale.will_bind_outflow" : "scale.will_bind", shown);
    else if (lastWeighing) line = A.t("scale.last", shown);
    $("last-weighing").textContent = line;
    $("last-weighing").dataset.weighing = bindable() ? lastWeighing.id : "";
    if (correcting) renderReweigh();
    scaleWatchers.forEach((fn) => fn());
  }

  function setManual(on) {
    $("manual-toggle").checked = on;
    $("manual-field").hidden = !on;
  }

  function handle(type, data) {
    if (type === "status") {
      scaleState = data.state;
    } else if (type === "live" || type === "weighing") {
      live = data;
      if (scaleState === "unknown" || scaleState === "offline") scaleState = "online";
      if (type === "weighing") lastWeighing = { ...data, seenAt: Date.now() };
    }
    renderScale();
  }

  /* EventSource cannot send the Authorization header: read the SSE stream with fetch. */
  async function follow(id) {
    if (streamAbort) streamAbort.abort();
    const ctrl = new AbortController();
    streamAbort = ctrl;
    let watchdog = null;
    const bark = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => ctrl.abort(), STREAM_SILENT_MS);
    };
    const used = A.token() || "";
    try {
      const res = await fetch(`/api/scales/${encodeURIComponent(id)}/stream`, {
        headers: { Authorization: `Bearer ${used}`, Accept: "text/event-stream" },
        signal: ctrl.signal, cache: "no-store",
      });
      // revoked (the server also ends an open stream then): ask for a new login, stop here
      if (res.status === 401) { A.needLogin(used); return; }
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      bark();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        bark();
        buffer += value;
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let type = "message";
          const data = [];
          block.split("\n").forEach((line) => {
            if (line.startsWith("event:")) type = line.slice(6).trim();
            else if (line.startsWith("data:")) data.push(line.slice(5).trim());
          });
          if (data.length) handle(type, JSON.parse(data.join("\n")));
        }
      }
    } catch (err) {
      if (streamAbort !== ctrl) return; // replaced by a newer stream on purpose
    } finally {
      clearTimeout(watchdog);
    }
    if (streamAbort === ctrl) {
      scaleState = "unknown";
      live = null;
      renderScale();
      setTimeout(() => { if (streamAbort === ctrl) follow(id); }, STREAM_RETRY_MS);
    }
  }

  /* A gateway that falls behind (outbox backlog, a weighing that did not arrive, silence):
     said at load, when another scale is chosen, and checked again every BEHIND_CHECK_MS. */
  let scaleList = [];
  async function checkBehind() {
    try { scaleList = await A.get("/api/scales"); } catch (err) { return; } // offline: later
    showBehind(scaleList.find((s) => s.scale_id === scaleId));
  }
  setInterval(checkBehind, BEHIND_CHECK_MS);

  function showBehind(scale) {
    const reasons = (scale && scale.behind) || [];
    const note = $("scale-behind");
    note.hidden = reasons.length === 0;
    const why = reasons.map((r) => A.t(`behind.${r}`, { n: scale.outbox ?? 0 })).join("; ");
    note.textContent = reasons.length ? A.t("scale.behind", { why }) : "";
  }

  async function loadScales() {
    let scales = [];
    try { scales = await A.get("/api/scales"); } catch (err) {
      if (!(err instanceof A.Offline)) throw err;
    }
    const select = $("scale-select");
    const saved = localStorage.getItem(SCALE_CHOICE);
    const ids = scales.map((s) => s.scale_id);
    if (saved && !ids.includes(saved)) ids.push(saved);
    select.replaceChildren(...ids.map((id) => new Option(id, id)));
    select.hidden = ids.length < 2;
    scaleId = ids.includes(saved) ? saved : ids[0] || null;
    if (!scaleId) {
      renderScale();
      return;
    }
    select.value = scaleId;
    scaleList = scales;
    const known = scales.find((s) => s.scale_id === scaleId);
    showBehind(known);
    if (known) {
      scaleState = known.status;
      if (known.last_weighing) lastWeighing = { ...known.last_weighing, seenAt: 0 };
    }
    renderScale();
    follow(scaleId);
  }

  $("scale-select").addEventListener("change", (e) => {
    scaleId = e.target.value;
    localStorage.setItem(SCALE_CHOICE, scaleId);
    live = null;
    lastWeighing = null;
    scaleState = "unknown";
    showBehind(scaleList.find((s) => s.scale_id === scaleId));
    renderScale();
    follow(scaleId);
  });
  $("manual-toggle").addEventListener("change", (e) => {
    manualByUs = false;
    setManual(e.target.checked);
    if (messageCause === "weight") message("", "ok");
    if (e.target.checked) $("manual-weight").focus();
  });

  // ---- intake -------------------------------------------------------------------------------
  let messageCause = null; // what an error message is about, so that fixing it clears it
  const message = (text, kind, cause) => {
    messageCause = text ? cause || null : null;
    A.say($("intake-message"), text, kind);
  };

  // The stable weighing seen on the stream, fresh and not yet used: Inzamelen binds exactly it.
  function bindable() {
    return Boolean(lastWeighing && lastWeighing.id && !lastWeighing.used
      && Date.now() - lastWeighing.seenAt < WEIGHING_MAX_AGE_MS);
  }

  /* The weight part of a request: the weighing the page shows, or a weight typed by hand. When
     this device is offline, the weighing seen last stands in (the tracker could not bind it
     later). */
  function weightPart() {
    if ($("manual-toggle").checked) {
      return { weight_kg: A.readNumber($("manual-weight"), { required: "need.weight" }) };
    }
    if (!scaleId) throw new Error(A.t("need.scale"));
    if (!A.isOnline() && bindable()) return { weight_kg: lastWeighing.net_kg };
    if (lastWeighing && lastWeighing.used) throw new Error(A.t("error.weighing_used"));
    if (bindable()) return { weighing_id: lastWeighing.id };
    return { scale_id: scaleId }; // the scale's newest, if it is fresh and unused
  }

  function busy(on) {
    ["collect", "bulk"].forEach((id) => { $(id).disabled = on; });
  }

  // What every intake sends: the chosen category and a weight (scale or typed), or null after
  // telling the operator what is missing.
  function intakeBody() {
    if (!chosen) { message(A.t("need.category"), "error", "category"); return null; }
    try {
      return { category: chosen, ...weightPart() };
    } catch (err) {
      // a typed weight's message stands next to its field; anything else goes below the buttons
      message(err instanceof A.FieldError ? "" : err.message, "error", "weight");
      return null;
    }
  }

  // The weighing on the scale went to an item or a bulk intake: the next needs a new one.
  function markUsed(body, what) {
    if (!lastWeighing || body.weight_kg !== undefined && $("manual-toggle").checked) return;
    lastWeighing = { ...lastWeighing, used: what };
    renderScale();
  }

  // Send one intake with the buttons off; a refusal is shown in the operator's words.
  async function submitting(work) {
    busy(true);
    try {
      await work();
    } catch (err) {
      const said = WEIGHING_CODES.has(err.code);
      message(said ? A.t(`error.${err.code}`) : err.message, "error", said ? "weight" : null);
    } finally {
      busy(false);
    }
  }

  async function collect() {
    const body = intakeBody();
    if (!body) return;
    const description = $("description").value.trim();
    if (description) body.description = description;
    if (chosen === "elektrisch" && $("ords").value) body.ords_category_id = Number($("ords").value);
    const serial = $("serial").value.trim();
    if (serial && SERIAL_CATEGORIES.includes(chosen)) body.serial_number = serial;
    await submitting(async () => {
      const what = categoryLabel(chosen);
      const res = await A.send("/api/items", body, A.t("outbox.item", { category: what }));
      markUsed(body, res.queued ? what : res.data.code);
      // before the label loads: a category chosen meanwhile for the next item must stay chosen
      resetForm();
      if (res.queued) {
        message(A.t("queued.item"), "warn");
      } else {
        message("", "ok");
        await showItem(res.data);
      }
    });
  }

  /* After an intake or a bulk is taken (or kept), nothing of it may go with the next one. */
  function resetForm() {
    ["description", "serial", "ords"].forEach((id) => { $(id).value = ""; });
    A.setNumber($("manual-weight"), null);
    choose(null);
  }

  async function showItem(item) {
    $("result").hidden = false;
    $("result-title").textContent = A.t("collected.title", {
      code: item.code, category: categoryLabel(item.category), kg: A.num(item.weight_kg),
    });
    $("result").dataset.code = item.code;
    document.dispatchEvent(new CustomEvent("ambacht:item", { detail: item })); // photos.js
    addRecent(item);
    try {
      $("label-img").src = await A.blobUrl(`/api/items/${item.code}/label.png`);
      $("label-img").alt = A.t("label.of", { code: item.code });
      $("label-pdf").href = await A.blobUrl(`/api/items/${item.code}/label.pdf`);
      $("label-pdf").download = `${item.code}.pdf`;
    } catch (err) {
      if (!(err instanceof A.Offline)) throw err;
    }
  }

  const recent = []; // this session's intakes, newest first
  function addRecent(item) {
    recent.unshift(item);
    renderRecent();
  }

  function renderRecent() {
    $("recent").replaceChildren(...recent.map(recentRow));
  }

  function recentRow(item) {
    const li = document.createElement("li");
    li.dataset.code = item.code;
    const code = document.createElement("span");
    code.className = "code";
    code.textContent = item.code;
    const what = document.createElement("span");
    what.className = "what";
    what.textContent = ` · ${categoryLabel(item.category)} · ${A.num(item.weight_kg)} kg`;
    const marks = [item.back ? A.t("back.mark") : "", item.corrected ? A.t("correct.mark") : ""]
      .filter(Boolean);
    if (marks.length) what.textContent += ` (${marks.join(", ")})`;
    const print = document.createElement("button");
    print.type = "button";
    print.className = "link";
    print.textContent = A.t("label.print");
    print.addEventListener("click", () => A.printLabel(item.code, $("intake-message")));
    const fix = document.createElement("button");
    fix.type = "button";
    fix.className = "link";
    fix.textContent = A.t("correct.button");
    fix.setAttribute("aria-label", `${A.t("correct.button")} ${item.code}`);
    fix.addEventListener("click", () => openCorrection(item.code));
    li.append(code, what, " ", print, fix);
    if (correcting === item.code) li.append($("correct-form")); // an open form stays with its row
    return li;
  }

  // ---- Corrigeren: a wrong weight or category of an intake put right -----------------------
  /* The form's words for its item, in the page's language; what was typed stays. */
  function labelCorrection() {
    const item = recent.find((i) => i.code === correcting);
    $("correct-title").textContent = A.t("correct.title", {
      code: item.code, category: categoryLabel(item.category), kg: A.num(item.weight_kg),
    });
    const keep = $("correct-category").value || item.category;
    $("correct-category").replaceChildren(...categories.map((c) => new Option(label(c), c.id)));
    $("correct-category").value = keep;
  }

  function openCorrection(code) {
    correcting = code;
    const form = $("correct-form");
    $("correct-category").replaceChildren();
    labelCorrection();
    A.setNumber($("correct-weight"), null);
    $("correct-weight").disabled = false;
    $("correct-reweigh").checked = false;
    $("correct-reason").value = "";
    A.fieldError($("correct-reason"), "");
    A.say($("correct-message"), "");
    say("");
    form.hidden = false;
    renderRecent(); // moves the form under its row
    renderReweigh();
    form.scrollIntoView({ block: "nearest" });
    $("correct-weight").focus();
  }

  function closeCorrection() {
    correcting = null;
    $("correct-form").hidden = true;
    $("correct-form").closest("section").append($("correct-form"));
  }

  /* "Opnieuw wegen" binds the weighing the scale panel shows as stable; this line says which. */
  function renderReweigh() {
    const on = $("correct-reweigh").checked;
    $("correct-weight").disabled = on;
    if (on) A.fieldError($("correct-weight"), "");
    const shown = lastWeighing && { kg: A.num(lastWeighing.net_kg, 2, 3), time: A.time(lastWeighing.at) };
    $("correct-weighing").textContent = !on ? "" : bindable() ? A.t("correct.will_bind", shown)
      : A.t("error.no_fresh_weighing");
    $("correct-weighing").dataset.weighing = on && bindable() ? lastWeighing.id : "";
  }

  const say = (text, kind) => A.say($("recent-message"), text, kind);

  async function saveCorrection() {
    const code = correcting;
    const item = recent.find((i) => i.code === code);
    const body = {};
    try {
      if ($("correct-reweigh").checked) {
        if (!bindable()) { A.say($("correct-message"), A.t("error.no_fresh_weighing"), "error"); return; }
        body.weighing_id = lastWeighing.id;
      } else {
        const kg = A.readNumber($("correct-weight"));
        if (kg !== null && kg !== item.weight_kg) body.weight_kg = kg;
      }
    } catch (err) {
      if (err instanceof A.FieldError) return; // said next to the field
      throw err;
    }
    if ($("correct-category").value !== item.category) body.category = $("correct-category").value;
    if (body.weight_kg === undefined && !body.weighing_id && !body.category) {
      A.say($("correct-message"), A.t("correct.nothing"), "error");
      return;
    }
    const reason = $("correct-reason").value.trim();
    if (!reason) {
      A.fieldError($("correct-reason"), A.t("correct.need_reason"));
      $("correct-reason").focus();
      return;
    }
    body.reason = reason;
    $("correct-save").disabled = true;
    try {
      const res = await A.send(`/api/items/${code}/correct`, body, A.t("outbox.correct", { code }));
      if (body.weighing_id) markUsed(body, code);
      closeCorrection();
      if (res.queued) {
        say(A.t("queued.action"), "warn");
      } else {
        corrected(res.data);
      }
      renderRecent();
    } catch (err) {
      const said = WEIGHING_CODES.has(err.code) || CORRECTION_CODES.has(err.code);
      A.say($("correct-message"), said ? A.t(`error.${err.code}`) : err.message, "error");
    } finally {
      $("correct-save").disabled = false;
    }
  }

  /* The row shows what is stored now. */
  function corrected(item) {
    const row = recent.find((i) => i.code === item.code);
    if (row) Object.assign(row, { weight_kg: item.weight_kg, category: item.category, corrected: true });
    say(A.t("correct.done", { code: item.code, kg: A.num(item.weight_kg), category: categoryLabel(item.category) }), "ok");
    renderRecent();
  }

  $("correct-form").addEventListener("submit", (e) => { e.preventDefault(); saveCorrection(); });
  $("correct-cancel").addEventListener("click", () => { closeCorrection(); renderRecent(); });
  $("correct-reweigh").addEventListener("change", renderReweigh);
  $("correct-reason").addEventListener("input", () => A.fieldError($("correct-reason"), ""));

  /* /intake#correct=CODE (the "Corrigeren" link on the item's public page): that item's form. */
  async function correctFromLink() {
    const hit = location.hash.match(/^#correct=(.+)$/);
    if (!hit) return;
    history.replaceState(null, "", location.pathname); // a reload does not open it again
    const code = A.parseCode(decodeURIComponent(hit[1]));
    if (!code) { say(A.t("scan.invalid", { text: decodeURIComponent(hit[1]) }), "error"); return; }
    let item;
    try {
      item = await A.get(`/api/items/${code}`);
    } catch (err) {
      say(err instanceof A.Offline ? A.t("net.lookup") : err.message, "error");
      return;
    }
    if (!recent.some((i) => i.code === item.code)) addRecent(item);
    openCorrection(item.code);
  }

  // ---- Teruggebracht (nieuw leven): a sold item given back as a donation ---------------------
  async function broughtBack(text) {
    const say2 = (t, kind) => A.say($("back-message"), t, kind);
    const code = A.parseCode(text);
    if (!code) { say2(A.t("scan.invalid", { text: text.trim() }), "error"); return; }
    const shown = A.showCode(code);
    try {
      const res = await A.send(`/api/items/${code}/return`, {}, A.t("outbox.back", { code: shown }));
      if (res.queued) { say2(A.t("queued.action"), "warn"); return; }
      say2(A.t("back.done", { code: res.data.code, category: categoryLabel(res.data.category) }), "ok");
      addRecent({ ...res.data, back: true });
    } catch (err) {
      if (err.code === "transition_not_allowed") say2(A.t("back.not_sold", { code: shown }), "error");
      else say2(err.status === 404 ? A.t("back.unknown", { code: shown }) : err.message, "error");
    }
  }
  $("back-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("back-code").value;
    $("back-code").value = "";
    if (text.trim()) broughtBack(text);
    $("back-code").focus();
  });

  async function bulk() {
    const body = intakeBody();
    if (!body) return;
    await submitting(async () => {
      const what = categoryLabel(chosen);
      const res = await A.send("/api/bulk", body, A.t("outbox.bulk", { category: what }));
      markUsed(body, what);
      if (res.queued) message(A.t("queued.item"), "warn");
      else message(A.t("bulk.done", { category: what, kg: A.num(res.data.weight_kg) }), "ok");
      resetForm();
    });
  }

  // An intake kept while offline has reached the tracker: now it has a code and a label.
  document.addEventListener("ambacht:sent", (e) => {
    const { path } = e.detail.entry;
    if (path.endsWith("/correct")) { corrected(e.detail.data); return; }
    if (path.endsWith("/return")) { addRecent({ ...e.detail.data, back: true }); return; }
    if (path !== "/api/items") return;
    showItem(e.detail.data);
    message(A.t("sent.item", { code: e.detail.data.code }), "ok");
  });
  $("collect").addEventListener("click", collect);
  $("bulk").addEventListener("click", bulk);
  $("print").addEventListener("click", () => A.printLabel($("result").dataset.code, $("intake-message")));
  A.onLang(() => {
    renderCategories();
    renderScale();
    renderRecent();
    A.sortOptions($("ords"));
    if (correcting) { labelCorrection(); renderReweigh(); }
  });
  A.sortOptions($("ords"));

  /* Afvoeren (outflow.js) weighs on this scale panel and binds exactly the weighing it shows. */
  window.IntakeScale = {
    scaleId: () => scaleId, weighing: () => lastWeighing, bindable, render: renderScale,
    away: () => scaleState === "offline" || scaleState === "error" || !scaleId,
    used(what) { if (lastWeighing) { lastWeighing = { ...lastWeighing, used: what }; renderScale(); } },
    watch: (fn) => scaleWatchers.push(fn),
  };
  document.dispatchEvent(new CustomEvent("ambacht:intake"));

  await Visitors.start(message); // Nieuwe bezoeker and where from: visitors.js
  await loadCategories();
  await loadScales();
  await correctFromLink();
  window.addEventListener("hashchange", correctFromLink);
  document.body.dataset.ready = "true";
})();
