/* Dashboard: the till's money (CONTRACT §11, the monitor's `till`): what came in per way of
   paying, the discounts given (markdowns included) and the VAT in the prices; and a chart of
   each week or month per way of paying. The dashboard hands over each loaded period with the
   `ambacht:monitor` event. */
"use strict";
window.addWords({
  "tm.title": ["Kassa: hoe er betaald is", "Till: how people paid"],
  "tm.help": [
    "Ontvangen per betaalwijze (na korting, min terugbetalingen), de kortingen die gegeven zijn en de btw in de prijzen.",
    "Taken per way of paying (after discounts, less refunds), the discounts given and the VAT in the prices.",
  ],
  "tm.taken": ["Ontvangen", "Taken"], "tm.discount": ["Korting gegeven", "Discounts given"],
  "tm.of_list": ["van de prijs vóór korting", "of the price before discounts"],
  "tm.vat": ["Btw in de prijzen", "VAT in the prices"],
  "tm.per_span": ["Ontvangen per periode en betaalwijze (€)", "Taken per period and way of paying (€)"],
  "tm.cash": ["Contant", "Cash"], "tm.pin": ["Pin", "Card"], "tm.voucher": ["Tegoedbon", "Voucher"],
  "tm.other": ["Anders", "Other"],
  "tm.part": ["{name}: € {eur} ({pct})", "{name}: € {eur} ({pct})"],
});
(function () {
  const $ = (id) => document.getElementById(id);
  const METHODS = ["cash", "pin", "voucher", "other"]; // in this order; others after them
  const COLOURS = { cash: "#1b6f3a", pin: "#1d4ed8", voucher: "#b45309", other: "#4b5563" };
  let last = null;
  let chart = null;

  const cents = (eur) => Math.round(eur * 100);
  const eur = (c) => A.num(c / 100, 2, 2);
  const methods = (docs) => {
    const seen = new Set(docs.flatMap((d) => Object.keys((d.till || {}).payments || {})));
    return [...METHODS.filter((m) => seen.has(m)), ...[...seen].filter((m) => !METHODS.includes(m)).sort()];
  };
  const name = (m) => (METHODS.includes(m) ? A.t(`tm.${m}`) : m);

  function showFigures(till) {
    const paid = till.payments;
    const taken = Object.values(paid).reduce((s, v) => s + cents(v), 0);
    const listed = taken + cents(till.discount_eur);
    const values = {
      taken: eur(taken), discount_eur: eur(cents(till.discount_eur)), vat_eur: eur(cents(till.vat_eur)),
      discount_share: listed > 0 ? `${A.num((100 * cents(till.discount_eur)) / listed, 1)} %` : "–",
    };
    const raw = { taken: taken / 100, discount_eur: till.discount_eur, vat_eur: till.vat_eur,
      discount_share: listed > 0 ? cents(till.discount_eur) / listed : null };
    document.querySelectorAll("[data-till]").forEach((el) => {
      el.textContent = values[el.dataset.till];
      el.dataset.value = raw[el.dataset.till] === null ? "" : String(raw[el.dataset.till]);
    });
    $("till-methods").replaceChildren(...methods([{ till }]).map((m) => {
      const li = document.createElement("li");
      li.dataset.method = m;
      li.dataset.value = String(paid[m]);
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = COLOURS[m] || "#6b7280";
      const pct = taken ? `${A.num((100 * cents(paid[m])) / taken, 1)} %` : "–";
      li.append(swatch, A.t("tm.part", { name: name(m), eur: eur(cents(paid[m])), pct }));
      return li;
    }));
  }

  function draw(spans, docs) {
    const used = methods(docs);
    chart = new window.Chart($("chart-till"), {
      type: "bar",
      data: {
        labels: spans.map((s) => s.label),
        datasets: used.map((m) => ({
          label: name(m), backgroundColor: COLOURS[m] || "#6b7280",
          data: docs.map((d) => ((d.till || {}).payments || {})[m] || 0),
        })),
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        locale: A.lang() === "nl" ? "nl-NL" : "en-GB",
        plugins: { legend: { position: "bottom", labels: { boxWidth: 14, color: "#111" } } },
        scales: { x: { stacked: true, ticks: { color: "#111" } }, y: { stacked: true, beginAtZero: true, ticks: { color: "#111" } } },
      },
    });
    $("chart-till").dataset.methods = used.join(",");
  }

  function render() {
    if (chart) { chart.destroy(); chart = null; }
    const till = last && last.doc.till; // v1 documents have no till block
    $("till-money").hidden = !till;
    if (!till) return;
    showFigures(till);
    if (window.Chart) draw(last.spans, last.docs);
    $("till-money").dataset.drawn = `${last.doc.from}/${last.doc.to}`;
  }

  document.addEventListener("ambacht:monitor", (e) => { last = e.detail; render(); });
  A.onLang(() => setTimeout(render, 0));
})();
