/* Dashboard: the mass balance (CONTRACT §10, the monitor's `mass_balance`): what came in
   against where it went (sold, given away, recycled, residual, moved to another site, still in
   stock) and what was never weighed out, as one bar; and a chart per partner and stream. The
   dashboard hands over each loaded period with the `ambacht:monitor` event. */
"use strict";
window.addWords({
  "mass.title": ["Massabalans: waar bleef elke kilo?", "Mass balance: where did every kilo go?"],
  "mass.help": [
    "Wat binnenkwam tegen wat vertrok per stroom, de verandering van de voorraad, en wat nooit is uitgewogen.",
    "What came in against what left by stream, the change in stock, and what was never weighed out.",
  ],
  "mass.in": ["In", "In"], "mass.out": ["Uit (gewogen)", "Out (weighed)"],
  "mass.where": ["Waarheen", "Where to"],
  "mass.collected": ["Ingezameld (met en zonder label)", "Taken in (labelled and bulk)"],
  "mass.transfer_in": ["Overgebracht van andere locatie", "Moved in from another site"],
  "mass.sold": ["Verkocht", "Sold"], "mass.given_away": ["Weggegeven (hergebruik)", "Given away (reuse)"],
  "mass.recycle": ["Recyclen", "Recycle"], "mass.residual": ["Restafval", "Residual waste"],
  "mass.transfer_out": ["Overgebracht naar andere locatie", "Moved to another site"],
  "mass.stock_change": ["Verandering voorraad", "Change in stock"],
  "mass.unaccounted": ["Niet uitgewogen", "Not weighed out"],
  "mass.unaccounted_pos": [
    "binnengekomen maar nergens uitgewogen (bulk in de loods, ongewogen containers)",
    "came in but was never weighed out (bulk in the shed, unweighed skips)",
  ],
  "mass.unaccounted_neg": [
    "meer uitgewogen dan er binnenkwam: iets van een eerdere periode ging nu de deur uit",
    "more weighed out than came in: something of an earlier period left now",
  ],
  "mass.unaccounted_zero": ["alles is verantwoord", "everything is accounted for"],
  "mass.reuse_rate": ["Hergebruikt (massa)", "Reused (by mass)"],
  "mass.by_partner": ["Per afnemer en stroom (kg)", "By partner and stream (kg)"],
  "mass.no_partners": ["Niets afgevoerd naar afnemers in deze periode.", "Nothing sent out to partners in this period."],
  "mass.part": ["{name}: {kg} kg", "{name}: {kg} kg"],
});
(function () {
  const $ = (id) => document.getElementById(id);
  const STREAMS = ["reuse", "recycle", "residual"];
  // One colour per part; "not weighed out" in the warning red, so it is seen at a glance.
  const COLOURS = {
    collected: "#1d4ed8", transfer_in: "#0e7490", sold: "#1b6f3a", given_away: "#15803d",
    recycle: "#6d28d9", residual: "#4b5563", transfer_out: "#0891b2", stock_change: "#b45309",
    unaccounted: "#a3171a", reuse: "#15803d",
  };
  let last = null; // what the dashboard loaded: {doc, spans, docs}
  let charts = [];
  let partnerNames = null; // id -> name, fetched once

  const round = (v) => Math.round(v * 1000) / 1000;
  const kg = (v) => A.num(v, 1);

  /* The parts of the bar: [key, row (0 in, 1 where to), kg]; transfers only where there are. */
  function parts(mb) {
    const out = mb.out_kg || {};
    const list = [
      ["collected", 0, mb.in_kg],
      ["transfer_in", 0, mb.transfer_in_kg || 0],
      ["sold", 1, out.sold || 0], ["given_away", 1, out.given_away || 0],
      ["recycle", 1, out.recycle || 0], ["residual", 1, out.residual || 0],
      ["transfer_out", 1, mb.transfer_out_kg || 0],
      ["stock_change", 1, mb.stock_change_kg || 0],
      ["unaccounted", 1, mb.unaccounted_kg],
    ];
    return list.filter(([key, , v]) => v !== 0 || key === "unaccounted" || key === "collected");
  }

  function showFigures(mb) {
    const out = Object.values(mb.out_kg || {}).reduce((s, v) => s + v, 0);
    const values = {
      in_kg: mb.in_kg, out_total: round(out), stock_change_kg: mb.stock_change_kg,
      unaccounted_kg: mb.unaccounted_kg, reuse_rate_mass: mb.reuse_rate_mass,
    };
    document.querySelectorAll("[data-mass]").forEach((el) => {
      const v = values[el.dataset.mass];
      el.dataset.value = v === null || v === undefined ? "" : String(v);
      if (v === null || v === undefined) el.textContent = "–";
      else if (el.dataset.mass === "reuse_rate_mass") el.textContent = `${A.num(v * 100, 1)} %`;
      else el.textContent = kg(v);
    });
    const u = mb.unaccounted_kg;
    const box = $("mass-unaccounted").closest(".figure");
    box.dataset.sign = u > 0 ? "positive" : u < 0 ? "negative" : "zero";
    $("mass-unaccounted-note").textContent = A.t(u > 0 ? "mass.unaccounted_pos"
      : u < 0 ? "mass.unaccounted_neg" : "mass.unaccounted_zero");
    $("mass-legend").replaceChildren(...parts(mb).map(([key, , v]) => {
      const li = document.createElement("li");
      li.dataset.part = key;
      li.dataset.value = String(v);
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = COLOURS[key];
      li.append(swatch, A.t("mass.part", { name: A.t(`mass.${key}`), kg: A.num(v, 1, 3) }));
      return li;
    }));
  }

  const options = (stackedAxis) => ({
    responsive: true, maintainAspectRatio: false, animation: false,
    locale: A.lang() === "nl" ? "nl-NL" : "en-GB",
    plugins: { legend: { position: "bottom", labels: { boxWidth: 14, color: "#111" } } },
    indexAxis: stackedAxis,
    scales: { x: { stacked: true, ticks: { color: "#111" } }, y: { stacked: true, ticks: { color: "#111" } } },
  });

  function drawBalance(mb) {
    const rows = [A.t("mass.in"), A.t("mass.where")];
    const datasets = parts(mb).map(([key, row, v]) => ({
      label: A.t(`mass.${key}`), data: row === 0 ? [v, null] : [null, v],
      backgroundColor: COLOURS[key], borderColor: key === "unaccounted" ? "#5c0a0b" : COLOURS[key],
      borderWidth: key === "unaccounted" ? 2 : 0,
    }));
    const opts = options("y");
    opts.plugins = { legend: { display: false } }; // the list under the bar names each part with its kg
    charts.push(new window.Chart($("chart-mass"), {
      type: "bar", data: { labels: rows, datasets }, options: opts,
    }));
  }

  function drawPartners(mb) {
    const byPartner = mb.by_partner || {};
    const ids = Object.keys(byPartner).filter((p) => STREAMS.some((s) => byPartner[p][s]));
    $("mass-partners-empty").hidden = ids.length > 0;
    $("chart-partners").parentElement.hidden = ids.length === 0;
    if (!ids.length) return;
    const name = (id) => (partnerNames && partnerNames[id]) || id;
    const used = STREAMS.filter((s) => ids.some((p) => byPartner[p][s]));
    charts.push(new window.Chart($("chart-partners"), {
      type: "bar",
      data: {
        labels: ids.map(name),
        datasets: used.map((s) => ({
          label: A.t(`outflow.${s}`), data: ids.map((p) => byPartner[p][s] || 0), backgroundColor: COLOURS[s],
        })),
      },
      options: { ...options("x"), scales: { x: { stacked: true, ticks: { color: "#111" } }, y: { stacked: true, beginAtZero: true, ticks: { color: "#111" } } } },
    }));
    $("chart-partners").dataset.partners = ids.join(",");
  }

  async function names() {
    if (partnerNames) return;
    try {
      const list = await A.get("/api/partners");
      partnerNames = Object.fromEntries(list.map((p) => [p.id, p.name]));
    } catch (err) {
      partnerNames = null; // ids stand in; asked again with the next period
    }
  }

  let turn = 0; // a newer period (or language) while the partners' names load wins
  async function render() {
    const mine = ++turn;
    const mb = last && last.doc.mass_balance;
    if (mb && Object.keys(mb.by_partner || {}).length) await names();
    if (mine !== turn) return;
    const section = $("mass-balance");
    charts.forEach((c) => c.destroy());
    charts = [];
    section.hidden = !mb;
    if (!mb) return;
    showFigures(mb);
    if (window.Chart) {
      drawBalance(mb);
      drawPartners(mb);
    }
    section.dataset.drawn = `${last.doc.from}/${last.doc.to}`;
  }

  document.addEventListener("ambacht:monitor", (e) => { last = e.detail; render(); });
  A.onLang(() => setTimeout(render, 0));
})();
