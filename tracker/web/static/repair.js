/* Klaar voor verkoop maken: keuren, repareren, prijs, upcyclen, reparaties voor bewoners. */
"use strict";
(async function () {
  const station = await A.start(["repair"]);
  if (!station) return;
  const $ = (id) => document.getElementById(id);
  const BARRIERS = window.DOMAIN.barriers; // ORDS's, in its order (from the server)
  const UPCYCLABLE = ["collected", "in_repair", "ready_for_sale"];
  const OWN_DEFAULT_CATEGORY = "elektrisch"; // what residents bring to a Repair Café, mostly

  let categories = [];
  let tab = "item";
  let item = null;
  let exitFor = null; // {kind: "inspect" | "repair", outcome} while choosing stream/barrier
  let barrier = null;
  let inputs = []; // items scanned for upcycling

  const catLabel = (id) => {
    const c = categories.find((x) => x.id === id);
    return c ? (A.lang() === "en" ? c.label_en : c.label_nl) : id;
  };

  function fillCategorySelect(select, preferred) {
    const keep = select.value || preferred;
    select.replaceChildren(...categories.map((c) => new Option(catLabel(c.id), c.id)));
    if (keep) select.value = keep;
  }

  function fillBarriers() {
    $("barriers").replaceChildren(...BARRIERS.map((b) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = A.t(`barrier.${b}`);
      button.dataset.barrier = b;
      button.setAttribute("aria-pressed", String(b === barrier));
      button.addEventListener("click", () => {
        barrier = barrier === b ? null : b;
        fillBarriers();
      });
      return button;
    }));
    const own = $("own-barrier");
    const keep = own.value;
    own.replaceChildren(new Option("—", ""), ...BARRIERS.map((b) => new Option(A.t(`barrier.${b}`), b)));
    own.value = keep;
  }

  // ---- tabs ---------------------------------------------------------------------------------
  function showTab(name) {
    tab = name;
    document.querySelectorAll("[role=tab]").forEach((b) => {
      b.setAttribute("aria-selected", String(b.dataset.tab === name));
    });
    $("item-tab").hidden = name !== "item";
    $("upcycle-tab").hidden = name !== "upcycle";
    $("own-tab").hidden = name !== "own";
    $("scan-panel").hidden = name === "own";
    $("scan-label").textContent = A.t(name === "upcycle" ? "scan.upcycle" : "scan.label");
    if (name !== "own") $("scan").focus();
  }
  document.querySelectorAll("[role=tab]").forEach((b) => {
    b.addEventListener("click", () => showTab(b.dataset.tab));
  });

  // ---- scanning -----------------------------------------------------------------------------
  const scanError = (text) => A.say($("scan-error"), text, "error");

  async function scanned(text) {
    const code = A.parseCode(text);
    $("scan").value = "";
    if (!code) { scanError(A.t("scan.invalid", { text })); return; }
    scanError("");
    let found;
    try {
      found = await A.get(`/api/scan?q=${encodeURIComponent(code)}`);
    } catch (err) {
      scanError(err instanceof A.Offline ? A.t("net.lookup") : err.message);
      return;
    }
    if (tab === "upcycle") addInput(found);
    else {
      resetForm();
      await showItem(found);
    }
  }

  $("scan-form").addEventListener("submit", (e) => {
    e.preventDefault();
    if ($("scan").value.trim()) scanned($("scan").value);
  });
  A.camera($("camera"), $("camera-view"), (text, err) => {
    if (text) scanned(text);
    else scanError(A.t("camera.failed", { detail: err ? err.message : "" }));
  });

  // ---- one item -----------------------------------------------------------------------------
  function fact(name, value) {
    const div = document.createElement("div");
    const dt = document.createElement("dt");
    const dd = document.createElement("dd");
    dt.textContent = name;
    dd.textContent = value;
    div.append(dt, dd);
    return div;
  }

  function eventText(e) {
    const d = e.data || {};
    const outcome = d.outcome ? A.t(`outcome.${d.outcome}`) : "";
    const parts = {
      collected: () => `${A.t("ev.collected")} (${A.num(d.weight_kg)} kg)`,
      made: () => A.t("ev.made", { n: (d.inputs || []).length }),
      inspected: () => `${A.t("inspect")}: ${outcome}${d.price_eur != null ? `, ${A.eur(d.price_eur)}` : ""}`
        + (d.stream ? ` → ${A.t(`stream.${d.stream}`)}` : ""),
      repaired: () => `${A.t("repair")}: ${outcome}${d.price_eur != null ? `, ${A.eur(d.price_eur)}` : ""}`
        + (d.barrier ? ` (${A.t(`barrier.${d.barrier}`)})` : "")
        + (d.stream ? ` → ${A.t(`stream.${d.stream}`)}` : ""),
      priced: () => `${A.t("price")}: ${A.eur(d.price_eur)}`,
      sold: () => `${A.t("ev.sold")}${d.price_eur != null ? `, ${A.eur(d.price_eur)}` : ""}`,
      returned: () => A.t("ev.returned"),
      refunded: () => A.t(d.faulty ? "ev.refunded_faulty" : "ev.refunded"),
      corrected: () => A.t("ev.corrected", {
        what: [d.old_weight_kg !== d.weight_kg ? `${A.num(d.old_weight_kg)} → ${A.num(d.weight_kg)} kg` : "",
          d.old_category !== d.category ? `${catLabel(d.old_category)} → ${catLabel(d.category)}` : ""]
          .filter(Boolean).join(", "),
        reason: d.reason,
      }),
      upcycled: () => A.t("ev.upcycled", { code: d.into }),
    }[e.type];
    return parts ? parts() : e.type;
  }

  async function showItem(found, events) {
    item = found;
    exitFor = null;
    $("exit-choice").hidden = true;
    $("item-panel").hidden = false;
    $("item-code").textContent = item.code;
    $("item-state").textContent = A.t(`state.${item.state}`);
    $("item-state").dataset.state = item.state;
    document.dispatchEvent(new CustomEvent("ambacht:item", { detail: item })); // photos, bench_shop
    const facts = [
      fact(A.t("category"), catLabel(item.category)),
      fact(A.t("weight"), `${A.num(item.weight_kg)} kg`),
      fact(A.t("price"), A.eur(item.price_eur)),
      fact(A.t("lives"), String(item.cycle)),
    ];
    if (item.description) facts.push(fact(A.t("description.short"), item.description));
    if (item.serial_number) facts.push(fact(A.t("serial"), item.serial_number));
    if (item.inputs && item.inputs.length) facts.push(fact(A.t("made_from"), item.inputs.join(", ")));
    $("item-facts").replaceChildren(...facts);
    A.setNumber($("price"), item.price_eur);
    const s = item.state;
    $("inspect-actions").hidden = !(s === "collected" || s === "ready_for_sale");
    document.querySelector('[data-inspect="sellable"]').hidden = s !== "collected";
    $("repair-actions").hidden = s !== "in_repair";
    $("minutes-field").hidden = s !== "in_repair";
    $("price-actions").hidden = s !== "ready_for_sale";
    const done = !["collected", "in_repair", "ready_for_sale"].includes(s);
    A.say($("item-message"), done ? A.t("item.nothing", { state: A.t(`state.${s}`) }) : "", "warn");
    let history = events;
    if (!history) {
      try { history = await A.get(`/api/items/${item.code}/events`); } catch (err) { history = []; }
    }
    $("history").replaceChildren(...history.map((e) => {
      const li = document.createElement("li");
      const when = document.createElement("time");
      when.dateTime = e.at;
      when.textContent = A.dateTime(e.at);
      li.append(when, ` — ${eventText(e)} · ${e.station}${e.person ? ` (${e.person})` : ""}`);
      return li;
    }));
  }

  /* A new item on the bench starts with an empty form: nothing typed for the last one (its
     minutes, a barrier, a message) may be stored with this one. */
  function resetForm() {
    A.setNumber($("minutes"), null);
    A.fieldError($("price"), "");
    exitFor = null;
    barrier = null;
    $("exit-choice").hidden = true;
    A.say($("item-message"), "", "ok");
  }

  // Both throw A.FieldError after saying what is wrong next to the field.
  const priceValue = () => A.readNumber($("price"), { required: "need.price" });
  // the staat chosen at the bench (bench_shop.js fills the choice), sent with an outcome
  const conditionPart = () => ($("condition").value ? { condition: $("condition").value } : {});
  function minutesPart() {
    const m = A.readNumber($("minutes"));
    return m === null ? {} : { minutes: m };
  }

  /* The body of an action from the fields, or null when a field said what is wrong. */
  function fromFields(build) {
    try {
      return build();
    } catch (err) {
      if (!(err instanceof A.FieldError)) throw err;
      A.say($("item-message"), "", "ok");
      return null;
    }
  }

  async function act(path, body, what) {
    const code = item.code;
    document.querySelectorAll("#item-panel button").forEach((b) => { b.disabled = true; });
    try {
      const res = await A.send(path, body, `${what} ${code}`);
      if (res.queued) {
        resetForm();
        A.say($("item-message"), A.t("queued.action"), "warn");
        ["inspect-actions", "repair-actions", "price-actions", "exit-choice"].forEach((id) => { $(id).hidden = true; });
      } else {
        resetForm(); // what was typed is stored: the minutes must not count twice
        await showItem(res.data);
        A.say($("item-message"), A.t("saved", { state: A.t(`state.${res.data.state}`) }), "ok");
      }
    } catch (err) {
      A.say($("item-message"), err.message, "error");
    } finally {
      document.querySelectorAll("#item-panel button").forEach((b) => { b.disabled = false; });
      $("scan").focus();
    }
  }

  function askExit(kind, outcome) {
    exitFor = { kind, outcome };
    barrier = null;
    fillBarriers();
    $("barrier-block").hidden = outcome !== "end_of_life";
    $("exit-choice").hidden = false;
    $("exit-choice").scrollIntoView({ block: "nearest" });
  }

  document.querySelectorAll("[data-inspect]").forEach((b) => b.addEventListener("click", () => {
    const outcome = b.dataset.inspect;
    if (outcome === "unusable") { askExit("inspect", outcome); return; }
    const body = fromFields(() => ({
      ...(outcome === "sellable" ? { outcome, price_eur: priceValue() } : { outcome }), ...conditionPart(),
    }));
    if (body) act(`/api/items/${item.code}/inspect`, body, A.t(`outcome.${outcome}`));
  }));

  document.querySelectorAll("[data-repair]").forEach((b) => b.addEventListener("click", () => {
    const outcome = b.dataset.repair;
    if (outcome === "end_of_life") { askExit("repair", outcome); return; }
    const body = fromFields(() => ({
      outcome, ...minutesPart(), ...(outcome === "fixed" ? { price_eur: priceValue() } : {}),
      ...conditionPart(),
    }));
    if (body) act(`/api/items/${item.code}/repair`, body, A.t(`outcome.${outcome}`));
  }));

  document.querySelectorAll("[data-stream]").forEach((b) => b.addEventListener("click", () => {
    if (!exitFor) return;
    const body = fromFields(() => ({
      outcome: exitFor.outcome, stream: b.dataset.stream,
      ...(exitFor.kind === "repair" ? minutesPart() : {}),
      ...(exitFor.kind === "repair" && barrier ? { barrier } : {}),
    }));
    if (body) act(`/api/items/${item.code}/${exitFor.kind}`, body, A.t(`outcome.${exitFor.outcome}`));
  }));
  $("exit-cancel").addEventListener("click", () => { exitFor = null; $("exit-choice").hidden = true; });

  $("reprice").addEventListener("click", () => {
    const body = fromFields(() => ({ price_eur: priceValue() }));
    if (body) act(`/api/items/${item.code}/price`, body, A.t("price"));
  });

  // ---- upcycling ----------------------------------------------------------------------------
  function renderInputs() {
    $("upcycle-inputs").replaceChildren(...inputs.map((it) => {
      const li = document.createElement("li");
      const text = document.createElement("span");
      const code = document.createElement("span");
      code.className = "code";
      code.textContent = it.code;
      text.append(code, ` · ${catLabel(it.category)} · ${A.num(it.weight_kg)} kg`);
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "secondary";
      remove.textContent = A.t("remove");
      remove.setAttribute("aria-label", `${A.t("remove")} ${it.code}`);
      remove.addEventListener("click", () => { inputs = inputs.filter((x) => x.code !== it.code); renderInputs(); });
      li.append(text, remove);
      return li;
    }));
  }

  function addInput(found) {
    if (inputs.some((x) => x.code === found.code)) {
      scanError(A.t("upcycle.twice", { code: found.code }));
      return;
    }
    if (!UPCYCLABLE.includes(found.state)) {
      scanError(A.t("upcycle.not", { code: found.code, state: A.t(`state.${found.state}`) }));
      return;
    }
    inputs.push(found);
    renderInputs();
  }

  $("upcycle-go").addEventListener("click", async () => {
    const msg = (text, kind) => A.say($("upcycle-message"), text, kind);
    if (!inputs.length) { msg(A.t("upcycle.none"), "error"); return; }
    const body = { inputs: inputs.map((x) => x.code), category: $("upcycle-category").value };
    let weight; let price;
    try {
      weight = A.readNumber($("upcycle-weight"));
      price = A.readNumber($("upcycle-price"));
    } catch (err) {
      if (!(err instanceof A.FieldError)) throw err;
      msg("", "ok");
      return;
    }
    if (weight !== null) body.weight_kg = weight;
    if (price !== null) body.price_eur = price;
    const description = $("upcycle-description").value.trim();
    if (description) body.description = description;
    $("upcycle-go").disabled = true;
    try {
      const res = await A.send("/api/upcycle", body, A.t("upcycle.button"));
      if (res.queued) msg(A.t("queued.action"), "warn");
      else msg(A.t("upcycle.done", { code: res.data.code, n: inputs.length }), "ok");
      inputs = [];
      renderInputs();
      A.setNumber($("upcycle-weight"), null);
      A.setNumber($("upcycle-price"), null);
      $("upcycle-description").value = "";
      if (!res.queued) {
        const print = document.createElement("button");
        print.type = "button";
        print.className = "primary";
        print.textContent = A.t("label.print");
        print.addEventListener("click", () => A.printLabel(res.data.code, $("upcycle-message")));
        $("upcycle-message").append(" ", print);
      }
    } catch (err) {
      msg(err.message, "error");
    } finally {
      $("upcycle-go").disabled = false;
    }
  });

  // ---- own-use repairs ----------------------------------------------------------------------
  document.querySelectorAll("[data-own]").forEach((b) => b.addEventListener("click", async () => {
    const outcome = b.dataset.own;
    const body = { category: $("own-category").value, outcome };
    if ($("own-ords").value) body.ords_category_id = Number($("own-ords").value);
    if (outcome === "end_of_life" && $("own-barrier").value) body.barrier = $("own-barrier").value;
    // The ORDS record is only worth something with what broke and on which make: both are asked
    // for; a brand nobody knows is said so on purpose (the export writes ORDS's "Unknown").
    const brand = $("own-brand").value.trim();
    const problem = $("own-problem").value.trim();
    const unknownBrand = $("own-brand-unknown").checked;
    A.fieldError($("own-brand"), brand || unknownBrand ? "" : A.t("need.brand"));
    A.fieldError($("own-problem"), problem ? "" : A.t("need.problem"));
    if (!problem) $("own-problem").focus();
    if (!brand && !unknownBrand) $("own-brand").focus();
    if ((!brand && !unknownBrand) || !problem) { A.say($("own-message"), "", "ok"); return; }
    if (brand && !unknownBrand) body.brand = brand;
    body.problem = problem;
    try {
      const res = await A.send("/api/repairs", body, A.t("own.title"));
      A.say($("own-message"), res.queued ? A.t("queued.action") : A.t("own.done", { outcome: A.t(`outcome.${outcome}`) }),
        res.queued ? "warn" : "ok");
      resetOwn();
    } catch (err) {
      A.say($("own-message"), err.message, "error");
    }
  }));

  /* After a resident's repair is recorded the form is empty again for the next one. */
  function resetOwn() {
    ["own-brand", "own-problem", "own-ords", "own-barrier"].forEach((id) => { $(id).value = ""; });
    $("own-brand-unknown").checked = false;
    $("own-brand").disabled = false;
    $("own-category").value = OWN_DEFAULT_CATEGORY;
  }
  $("own-brand-unknown").addEventListener("change", (e) => {
    $("own-brand").disabled = e.target.checked;
    if (e.target.checked) { $("own-brand").value = ""; A.fieldError($("own-brand"), ""); }
  });

  // ---- start --------------------------------------------------------------------------------
  try {
    categories = await A.get("/api/categories");
    localStorage.setItem("ambacht.categories", JSON.stringify(categories));
  } catch (err) {
    categories = JSON.parse(localStorage.getItem("ambacht.categories") || "[]");
  }
  const fillAll = () => {
    A.sortOptions($("own-ords"));
    fillCategorySelect($("upcycle-category"), "meubilair");
    fillCategorySelect($("own-category"), OWN_DEFAULT_CATEGORY);
    fillBarriers();
    renderInputs();
    showTab(tab);
    if (item) showItem(item);
  };
  fillAll();
  A.onLang(fillAll);
  document.body.dataset.ready = "true";
})();
