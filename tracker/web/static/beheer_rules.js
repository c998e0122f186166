/* Beheer › Categorieën and Kortingen en afprijzen: each category's names, CO2 factor and VAT
   rate (POST /api/categories/{id}; the VAT is typed as a percentage, sent as a fraction), the
   discount reasons a cashier may give, and the markdown rules the till applies by itself. */
"use strict";
window.addWords({
  "beheer.categories": ["Categorieën", "Categories"],
  "beheer.categories_help": [
    "Een nieuwe CO2-factor geldt voor alle perioden (ook eerdere maanden: het monitordocument rekent de verkochte kilo's om met de factor van nu en noemt die). Een nieuw btw-tarief geldt voor verkopen vanaf nu.",
    "A new CO2 factor counts for every period (earlier months too: the monitor document converts the kilos sold with today's factor and names it). A new VAT rate counts for sales from now on.",
  ],
  "beheer.label_nl": ["Naam (Nederlands)", "Name (Dutch)"], "beheer.label_en": ["Naam (Engels)", "Name (English)"],
  "beheer.co2": ["CO2-factor (kg per kg)", "CO2 factor (kg per kg)"], "beheer.vat": ["Btw (%)", "VAT (%)"],
  "beheer.save": ["Opslaan", "Save"],
  "beheer.need_label": ["Vul een naam in.", "Enter a name."],
  "beheer.need_number": ["Vul een getal in.", "Enter a number."],
  "beheer.category_saved": [
    "{name} opgeslagen: CO2-factor {co2}, btw {vat} %.", "{name} saved: CO2 factor {co2}, VAT {vat} %.",
  ],
  "beheer.till_rules": ["Kortingen en afprijzen", "Discounts and markdowns"],
  "beheer.reasons": ["Redenen voor korting", "Reasons for a discount"],
  "beheer.reason_new": ["Nieuwe reden", "New reason"], "beheer.reason_save": ["Reden toevoegen", "Add reason"],
  "beheer.reason_remove": ["Weghalen: {reason}", "Remove: {reason}"],
  "beheer.need_reason": ["Vul een reden in (een woord of twee).", "Enter a reason (a word or two)."],
  "beheer.reason_added": ["Reden ‘{reason}’ toegevoegd.", "Reason ‘{reason}’ added."],
  "beheer.reason_removed": ["Reden ‘{reason}’ weggehaald.", "Reason ‘{reason}’ removed."],
  "beheer.markdowns": ["Afprijsregels", "Markdown rules"],
  "beheer.markdowns_help": [
    "Wat zo lang in de winkel ligt, kost bij de kassa zoveel minder (de grootste regel die past telt).",
    "What has been in the shop this long costs this much less at the till (the largest rule that fits counts).",
  ],
  "beheer.markdowns_none": ["Nog geen afprijsregels.", "No markdown rules yet."],
  "beheer.category": ["Categorie", "Category"], "beheer.category_pick": ["Kies een categorie", "Choose a category"],
  "beheer.days": ["Dagen in de winkel", "Days in the shop"], "beheer.pct": ["Korting", "Discount"],
  "beheer.days_from": ["Vanaf dagen in de winkel", "From days in the shop"], "beheer.pct_off": ["Korting (%)", "Discount (%)"],
  "beheer.days_n": ["{n} dagen of langer", "{n} days or more"],
  "beheer.remove": ["Weghalen", "Remove"],
  "beheer.markdown_save": ["Afprijsregel toevoegen", "Add markdown rule"],
  "beheer.need_category": ["Kies de categorie.", "Choose the category."],
  "beheer.need_days": ["Vul het aantal dagen in.", "Enter the number of days."],
  "beheer.need_pct": ["Vul de korting in procenten in.", "Enter the discount in percent."],
  "beheer.markdown_added": ["Afprijsregel: {category} na {days} dagen {pct} % korting.", "Markdown rule: {category} after {days} days {pct} % off."],
  "beheer.markdown_removed": ["Afprijsregel weggehaald.", "Markdown rule removed."],
});
window.beheerParts = window.beheerParts || [];
window.beheerParts.push(async function rules(ctx) {
  const $ = (id) => document.getElementById(id);
  let categories = [];
  let reasons = [];
  let markdowns = [];
  const name = (c) => (A.lang() === "en" ? c.label_en : c.label_nl);
  const nameOf = (id) => { const c = categories.find((x) => x.id === id); return c ? name(c) : id; };
  const pctText = (vat) => A.num(Math.round(vat * 10000) / 100, 0, 2);

  // ---- categories ---------------------------------------------------------------------------
  function input(c, part, label, attrs) {
    const el = document.createElement("input");
    el.id = `c-${c.id}-${part}`;
    el.autocomplete = "off";
    el.setAttribute("aria-label", `${name(c)} · ${A.t(label)}`);
    Object.entries(attrs).forEach(([k, v]) => el.setAttribute(k, v));
    el.addEventListener("keydown", (e) => {
      if (e.key === "Enter") { e.preventDefault(); saveCategory(c.id); }
    });
    const td = document.createElement("td");
    td.dataset.label = A.t(label);
    td.append(el);
    return [td, el];
  }

  function renderCategories() {
    $("category-rows").replaceChildren(...categories.map((c) => {
      const tr = document.createElement("tr");
      tr.dataset.category = c.id;
      const [nl, nlIn] = input(c, "nl", "beheer.label_nl", { maxlength: "64" });
      const [en, enIn] = input(c, "en", "beheer.label_en", { maxlength: "64", lang: "en" });
      const [co2, co2In] = input(c, "co2", "beheer.co2", { "data-number": "factor", "data-min": "0", inputmode: "decimal" });
      const [vat, vatIn] = input(c, "vat", "beheer.vat", { "data-number": "pct", "data-min": "0", "data-max": "100", inputmode: "decimal" });
      nlIn.value = c.label_nl;
      enIn.value = c.label_en;
      A.setNumber(co2In, c.co2_factor);
      A.setNumber(vatIn, Math.round(c.vat_rate * 10000) / 100);
      const act = document.createElement("td");
      const save = document.createElement("button");
      save.type = "button";
      save.className = "secondary";
      save.textContent = A.t("beheer.save");
      save.setAttribute("aria-label", `${A.t("beheer.save")}: ${name(c)}`);
      save.addEventListener("click", () => saveCategory(c.id));
      act.append(save);
      tr.append(nl, en, co2, vat, act);
      return tr;
    }));
    const select = $("m-category");
    const keep = select.value;
    select.replaceChildren(new Option(A.t("beheer.category_pick"), ""),
      ...categories.map((c) => new Option(name(c), c.id)));
    A.sortOptions(select);
    select.value = keep;
  }

  async function saveCategory(id) {
    const say = (text, kind) => A.say($("category-message"), text, kind);
    say("");
    const field = (part) => $(`c-${id}-${part}`);
    try {
      const body = {};
      for (const [part, key] of [["nl", "label_nl"], ["en", "label_en"]]) {
        A.fieldError(field(part), "");
        body[key] = field(part).value.trim();
        if (!body[key]) {
          A.fieldError(field(part), A.t("beheer.need_label"));
          field(part).focus();
          return;
        }
      }
      body.co2_factor = A.readNumber(field("co2"), { required: "beheer.need_number" }).toFixed(3);
      const pct = A.readNumber(field("vat"), { required: "beheer.need_number" });
      body.vat_rate = (Math.round(pct * 100) / 10000).toFixed(4);
      const saved = await A.call("POST", `/api/categories/${encodeURIComponent(id)}`, { body, key: A.newKey() });
      categories = categories.map((c) => (c.id === id ? saved : c));
      renderCategories();
      say(A.t("beheer.category_saved", { name: name(saved), co2: A.num(saved.co2_factor), vat: pctText(saved.vat_rate) }), "ok");
      field("nl").focus();
    } catch (err) {
      if (err instanceof A.FieldError) return;
      say(ctx.refused(err), "error");
    }
  }

  // ---- discount reasons -------------------------------------------------------------------
  function renderReasons() {
    $("reason-list").replaceChildren(...reasons.map((r) => {
      const li = document.createElement("li");
      li.dataset.reason = r;
      const text = document.createElement("span");
      text.textContent = A.t(`discount.${r}`) === `discount.${r}` ? r : A.t(`discount.${r}`);
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "secondary";
      remove.textContent = "×";
      remove.setAttribute("aria-label", A.t("beheer.reason_remove", { reason: text.textContent }));
      remove.addEventListener("click", () => removeReason(r));
      li.append(text, remove);
      return li;
    }));
  }

  const rulesSay = (text, kind) => A.say($("rules-message"), text, kind);

  async function addReason() {
    A.fieldError($("r-reason"), "");
    rulesSay("");
    const reason = $("r-reason").value.trim();
    if (!reason) { A.fieldError($("r-reason"), A.t("beheer.need_reason")); $("r-reason").focus(); return; }
    try {
      reasons = (await A.call("POST", "/api/discount-reasons", { body: { reason }, key: A.newKey() })).reasons;
      renderReasons();
      rulesSay(A.t("beheer.reason_added", { reason: reason.toLowerCase() }), "ok");
      $("r-reason").value = "";
      $("r-reason").focus();
    } catch (err) {
      rulesSay(ctx.refused(err), "error");
    }
  }

  async function removeReason(reason) {
    rulesSay("");
    try {
      reasons = (await A.call("DELETE", `/api/discount-reasons/${encodeURIComponent(reason)}`, { key: A.newKey() })).reasons;
      renderReasons();
      rulesSay(A.t("beheer.reason_removed", { reason }), "ok");
      $("r-reason").focus();
    } catch (err) {
      rulesSay(ctx.refused(err), "error");
    }
  }

  // ---- markdown rules ---------------------------------------------------------------------
  function renderMarkdowns() {
    $("markdowns-empty").hidden = markdowns.length > 0;
    $("markdown-table").hidden = markdowns.length === 0;
    $("markdown-rows").replaceChildren(...markdowns.map((m) => {
      const tr = document.createElement("tr");
      tr.dataset.markdown = String(m.id);
      const cells = [[nameOf(m.category)], [A.t("beheer.days_n", { n: m.days }), "beheer.days"],
        [`${A.num(m.pct, 0, 2)} %`, "beheer.pct"]];
      cells.forEach(([text, label], i) => {
        const td = document.createElement("td");
        td.textContent = text;
        if (label) td.dataset.label = A.t(label);
        if (i > 0) td.className = "num";
        tr.append(td);
      });
      const act = document.createElement("td");
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "secondary";
      remove.textContent = A.t("beheer.remove");
      remove.setAttribute("aria-label", `${A.t("beheer.remove")}: ${cells.map((c) => c[0]).join(", ")}`);
      remove.addEventListener("click", () => removeMarkdown(m.id));
      act.append(remove);
      tr.append(act);
      return tr;
    }));
  }

  async function addMarkdown() {
    ["m-category", "m-days", "m-pct"].forEach((id) => A.fieldError($(id), ""));
    rulesSay("");
    try {
      const category = $("m-category").value;
      if (!category) { A.fieldError($("m-category"), A.t("beheer.need_category")); $("m-category").focus(); return; }
      const days = A.readNumber($("m-days"), { required: "beheer.need_days" });
      const pct = A.readNumber($("m-pct"), { required: "beheer.need_pct" });
      const rule = await A.call("POST", "/api/markdowns", { body: { category, days, pct }, key: A.newKey() });
      markdowns = [...markdowns, rule].sort((a, b) => a.category.localeCompare(b.category) || a.days - b.days);
      renderMarkdowns();
      rulesSay(A.t("beheer.markdown_added", { category: nameOf(category), days, pct: A.num(pct, 0, 2) }), "ok");
      ["m-days", "m-pct"].forEach((id) => { $(id).value = ""; });
      $("m-category").focus();
    } catch (err) {
      if (err instanceof A.FieldError) return;
      rulesSay(ctx.refused(err), "error");
    }
  }

  async function removeMarkdown(id) {
    rulesSay("");
    try {
      await A.call("DELETE", `/api/markdowns/${id}`, { key: A.newKey() });
      markdowns = markdowns.filter((m) => m.id !== id);
      renderMarkdowns();
      rulesSay(A.t("beheer.markdown_removed"), "ok");
      $("m-category").focus();
    } catch (err) {
      rulesSay(ctx.refused(err), "error");
    }
  }

  $("reason-form").addEventListener("submit", (e) => { e.preventDefault(); addReason(); });
  $("markdown-form").addEventListener("submit", (e) => { e.preventDefault(); addMarkdown(); });
  A.onLang(() => { renderCategories(); renderReasons(); renderMarkdowns(); });
  try {
    [categories, reasons, markdowns] = await Promise.all([
      A.get("/api/categories"), A.get("/api/discount-reasons").then((r) => r.reasons), A.get("/api/markdowns")]);
  } catch (err) {
    rulesSay(ctx.refused(err), "error");
  }
  renderCategories();
  renderReasons();
  renderMarkdowns();
});
