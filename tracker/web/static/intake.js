/* Inzamelen: live weight from the scale, big category buttons, label printing, visitors. */
"use strict";
(async function () {
  const station = await A.start(["intake"]);
  if (!station) return;
  const $ = (id) => document.getElementById(id);
  const STREAM_RETRY_MS = 2000; // reconnect the live weight soon after a blip
  // The server sends a heartbeat every 15 s; nothing for this long means the stream is dead.
  const STREAM_SILENT_MS = 35000;
  const WEIGHING_MAX_AGE_MS = 110000; // just under the tracker's 120 s freshness window
  const SERIAL_CATEGORIES = ["fietsen", "elektrisch"]; // phones, laptops, bikes: the register
  const CATEGORY_CACHE = "ambacht.categories";
  const SCALE_CHOICE = "ambacht.scale";

  let categories = [];
  let chosen = null; // category id
  let scaleId = null;
  let scaleState = "unknown"; // online | offline | error | unknown
  let live = null; // newest reading
  let lastWeighing = null; // newest stable weighing seen on the stream
  let manualByUs = false; // manual weight switched on because the scale went offline
  let streamAbort = null;

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
    else if (bindable()) line = A.t("scale.will_bind", shown);
    else if (lastWeighing) line = A.t("scale.last", shown);
    $("last-weighing").textContent = line;
    $("last-weighing").dataset.weighing = bindable() ? lastWeighing.id : "";
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
    const known = scales.find((s) => s.scale_id === scaleId);
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
    if (lastWeighing && lastWeighing.used) throw new Error(A.t("need.new_weighing"));
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
      const said = { no_fresh_weighing: "need.fresh", weighing_used: "need.new_weighing" }[err.code];
      message(said ? A.t(said) : err.message, "error", said ? "weight" : null);
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
    const code = document.createElement("span");
    code.className = "code";
    code.textContent = item.code;
    const print = document.createElement("button");
    print.type = "button";
    print.className = "link";
    print.textContent = A.t("label.print");
    print.addEventListener("click", () => A.printLabel(item.code, $("intake-message")));
    li.append(code, ` · ${categoryLabel(item.category)} · ${A.num(item.weight_kg)} kg `, print);
    return li;
  }

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

  // ---- visitors -----------------------------------------------------------------------------
  const visitorKey = () => `ambacht.visitors.${new Date().toLocaleDateString("sv")}`; // local YYYY-MM-DD
  function renderVisitors() { $("visitor-count").textContent = localStorage.getItem(visitorKey()) || "0"; }
  async function visitor() {
    localStorage.setItem(visitorKey(), String(Number(localStorage.getItem(visitorKey()) || 0) + 1));
    renderVisitors();
    try {
      await A.send("/api/visits", {}, A.t("outbox.visit"));
    } catch (err) { message(err.message, "error"); }
  }

  // An intake kept while offline has reached the tracker: now it has a code and a label.
  document.addEventListener("ambacht:sent", (e) => {
    if (e.detail.entry.path !== "/api/items") return;
    showItem(e.detail.data);
    message(A.t("sent.item", { code: e.detail.data.code }), "ok");
  });
  $("collect").addEventListener("click", collect);
  $("bulk").addEventListener("click", bulk);
  $("visitor").addEventListener("click", visitor);
  $("print").addEventListener("click", () => A.printLabel($("result").dataset.code, $("intake-message")));
  A.onLang(() => { renderCategories(); renderScale(); renderRecent(); A.sortOptions($("ords")); });
  A.sortOptions($("ords"));

  renderVisitors();
  await loadCategories();
  await loadScales();
  document.body.dataset.ready = "true";
})();
