/* Beheer › Doelen en nulmeting: a target per figure for a year or a month, and the baseline
   (nulmeting) over past dates, for the whole centre or one site (GET/POST /api/targets,
   POST /api/baselines). The dashboard shows the figures against them. */
"use strict";
window.addWords({
  "beheer.goals": ["Doelen en nulmeting", "Goals and baseline"],
  "beheer.goals_help": [
    "Een doel geldt voor een jaar of een maand; de nulmeting is de waarde over een periode vóór de start. Het dashboard zet de cijfers ertegen af.",
    "A target is for a year or a month; the baseline is the value over a stretch of dates before the start. The dashboard shows the figures against them.",
  ],
  "beheer.target_add": ["Doel zetten", "Set a target"], "beheer.target_save": ["Doel zetten", "Set target"],
  "beheer.baseline_add": ["Nulmeting zetten", "Set a baseline"], "beheer.baseline_save": ["Nulmeting zetten", "Set baseline"],
  "beheer.figure": ["Cijfer", "Figure"], "beheer.figure_pick": ["Kies een cijfer", "Choose a figure"],
  "beheer.period": ["Jaar (2026) of maand (2026-03)", "Year (2026) or month (2026-03)"],
  "beheer.period_short": ["Periode", "Period"], "beheer.kind": ["Soort", "Kind"],
  "beheer.value": ["Waarde", "Value"], "beheer.scope": ["Voor", "For"],
  "beheer.whole_centre": ["Het hele centrum", "The whole centre"],
  "beheer.from": ["Van", "From"], "beheer.to": ["Tot en met", "Up to and including"],
  "beheer.goals_now": ["Nu ingesteld (hele centrum)", "Set now (whole centre)"],
  "beheer.goals_none": ["Nog geen doelen of nulmeting.", "No targets or baseline yet."],
  "beheer.kind_year": ["doel (jaar)", "target (year)"], "beheer.kind_month": ["doel (maand)", "target (month)"],
  "beheer.kind_baseline": ["nulmeting", "baseline"],
  "beheer.need_figure": ["Kies het cijfer.", "Choose the figure."],
  "beheer.need_period": ["Schrijf een jaar (2026) of een maand (2026-03).", "Write a year (2026) or a month (2026-03)."],
  "beheer.need_value": ["Vul de waarde in.", "Enter the value."],
  "beheer.target_set": ["Doel gezet: {figure} {period} = {value}.", "Target set: {figure} {period} = {value}."],
  "beheer.baseline_set": ["Nulmeting gezet: {figure} = {value}.", "Baseline set: {figure} = {value}."],
});
window.beheerParts = window.beheerParts || [];
window.beheerParts.push(async function goals(ctx) {
  const $ = (id) => document.getElementById(id);
  const PERIOD = /^\d{4}(-(0[1-9]|1[0-2]))?$/;
  let figures = [];
  let current = { targets: [], baselines: [] };
  const say = (text, kind) => A.say($("goal-message"), text, kind);

  function renderFigures() {
    for (const id of ["t-figure", "b-figure"]) {
      const select = $(id);
      const keep = select.value;
      select.replaceChildren(new Option(A.t("beheer.figure_pick"), ""),
        ...figures.map((f) => new Option(A.t(`goal.${f.name}`), f.name)));
      select.value = keep;
    }
    for (const select of document.querySelectorAll(".goal-site")) {
      const keep = select.value;
      select.replaceChildren(new Option(A.t("beheer.whole_centre"), ""),
        ...ctx.sites.map((s) => new Option(s.name || s.id, s.id)));
      select.value = keep;
    }
    ["b-from", "b-to"].forEach((id) => { $(id).placeholder = A.t("date.placeholder"); });
  }

  function renderGoals() {
    const rows = [...current.targets, ...current.baselines];
    $("goals-empty").hidden = rows.length > 0;
    $("goal-table").hidden = rows.length === 0;
    $("goal-rows").replaceChildren(...rows.map((g) => {
      const tr = document.createElement("tr");
      tr.dataset.goal = `${g.kind}:${g.figure}:${g.period || g.from}`;
      const period = g.kind === "baseline" ? `${A.dateText(g.from)} – ${A.dateText(g.to)}` : g.period;
      const cells = [[A.t(`goal.${g.figure}`)], [A.t(`beheer.kind_${g.kind}`), "beheer.kind"],
        [period, "beheer.period_short"], [A.num(g.value), "beheer.value"]];
      cells.forEach(([text, label], i) => {
        const td = document.createElement("td");
        td.textContent = text;
        if (label) td.dataset.label = A.t(label);
        if (i === 3) td.className = "num";
        tr.append(td);
      });
      return tr;
    }));
  }

  async function load() {
    try {
      const got = await A.get("/api/targets");
      figures = got.figures;
      current = got;
    } catch (err) {
      say(ctx.refused(err), "error");
    }
    renderFigures();
    renderGoals();
  }

  function need(id, key) { A.fieldError($(id), A.t(key)); $(id).focus(); return null; }

  /* The body both forms share (figure, value, site), or null after saying what is missing. */
  function common(prefix) {
    const figure = $(`${prefix}-figure`).value;
    if (!figure) return need(`${prefix}-figure`, "beheer.need_figure");
    const value = A.readNumber($(`${prefix}-value`), { required: "beheer.need_value" });
    const body = { figure, value };
    if ($(`${prefix}-site`).value) body.site = $(`${prefix}-site`).value;
    return body;
  }

  async function send(path, body, done) {
    try {
      const set = await A.call("POST", path, { body, key: A.newKey() });
      say(done(set), "ok");
      await load();
      return true;
    } catch (err) {
      say(ctx.refused(err), "error");
      return false;
    }
  }

  async function setTarget() {
    ["t-figure", "t-period", "t-value"].forEach((id) => A.fieldError($(id), ""));
    say("");
    try {
      const body = common("t");
      if (!body) return;
      const period = $("t-period").value.trim();
      if (!PERIOD.test(period)) { need("t-period", "beheer.need_period"); return; }
      body.period = period;
      if (await send("/api/targets", body, (g) => A.t("beheer.target_set", {
        figure: A.t(`goal.${g.figure}`), period: g.period, value: A.num(g.value) }))) {
        $("t-value").value = "";
      }
    } catch (err) {
      if (!(err instanceof A.FieldError)) throw err;
    }
  }

  async function setBaseline() {
    ["b-figure", "b-from", "b-to", "b-value"].forEach((id) => A.fieldError($(id), ""));
    say("");
    try {
      const body = common("b");
      if (!body) return;
      for (const id of ["b-from", "b-to"]) {
        const day = A.parseDate($(id).value);
        if (!day) {
          A.fieldError($(id), A.t("date.bad", { text: $(id).value.trim() }));
          $(id).focus();
          return;
        }
        body[id === "b-from" ? "from" : "to"] = day;
      }
      if (await send("/api/baselines", body, (g) => A.t("beheer.baseline_set", {
        figure: A.t(`goal.${g.figure}`), value: A.num(g.value) }))) {
        $("b-value").value = "";
      }
    } catch (err) {
      if (!(err instanceof A.FieldError)) throw err;
    }
  }

  $("target-form").addEventListener("submit", (e) => { e.preventDefault(); setTarget(); });
  $("baseline-form").addEventListener("submit", (e) => { e.preventDefault(); setBaseline(); });
  const before = ctx.renderSites;
  ctx.renderSites = () => { before(); renderFigures(); };
  A.onLang(() => { renderFigures(); renderGoals(); });
  await load();
});
