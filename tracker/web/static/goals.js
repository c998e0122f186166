/* Dashboard goals: progress toward each target in the monitor document (a bar per figure, with
   the baseline beside it) and a line of actual against target over the period's weeks or
   months. The dashboard hands over each loaded period with the `ambacht:monitor` event. */
"use strict";
window.addWords({
  "goals.title": ["Doelen", "Goals"], "goals.line": ["Werkelijk tegen doel", "Actual against target"],
  "goals.of": ["{actual} van {target}", "{actual} of {target}"],
  "goals.none": ["geen doel voor elke dag van deze periode", "no target for every day of this period"],
  "goals.baseline": ["nulmeting {value}", "baseline {value}"],
  "goals.actual": ["werkelijk", "actual"], "goals.target": ["doel", "target"],
});
(function () {
  const $ = (id) => document.getElementById(id);
  const LEVELS = new Set(["reuse_rate", "people_learning"]); // do not add up over days
  let last = null; // what the dashboard loaded: {doc, spans, docs}
  let chart = null;

  function show(figure, value) {
    if (value === null || value === undefined) return "–";
    if (figure === "reuse_rate") return `${A.num(value * 100, 1)} %`;
    if (figure === "revenue_eur") return A.eur(value);
    return A.num(value, 0, 1);
  }

  function bar(figure, g) {
    const row = document.createElement("div");
    row.className = "goal";
    row.dataset.goal = figure;
    row.dataset.actual = g.actual ?? "";
    row.dataset.target = g.target ?? "";
    row.dataset.baseline = g.baseline ?? "";
    const name = document.createElement("div");
    name.className = "goal-name";
    name.textContent = A.t(`goal.${figure}`);
    const track = document.createElement("div");
    track.className = "goal-bar";
    track.setAttribute("role", "progressbar");
    track.setAttribute("aria-label", name.textContent);
    const fill = document.createElement("span");
    track.append(fill);
    const words = document.createElement("div");
    words.className = "goal-numbers";
    const parts = [];
    if (g.target === null) {
      // no target: an empty, hatched track, not a full bar that looks like "reached"
      track.className = "goal-bar no-target";
      track.removeAttribute("role");
      track.removeAttribute("aria-label");
      fill.style.width = "0";
      parts.push(`${show(figure, g.actual)} · ${A.t("goals.none")}`);
    } else {
      const pct = g.target > 0 ? (100 * (g.actual ?? 0)) / g.target : null;
      track.setAttribute("aria-valuemin", "0");
      track.setAttribute("aria-valuemax", "100");
      track.setAttribute("aria-valuenow", String(Math.round(Math.min(pct ?? 0, 100))));
      fill.style.width = `${Math.min(pct ?? 0, 100)}%`;
      if (pct !== null && pct >= 100) fill.className = "reached";
      parts.push(A.t("goals.of", { actual: show(figure, g.actual), target: show(figure, g.target) })
        + (pct === null ? "" : ` (${A.num(pct, 0)} %)`));
    }
    if (g.baseline !== null) parts.push(A.t("goals.baseline", { value: show(figure, g.baseline) }));
    words.textContent = parts.join(" · ");
    row.append(name, track, words);
    return row;
  }

  /* Per week or month: flows add up from the period's start, levels are shown as they are. */
  function series(figure, key) {
    let sum = 0;
    return last.docs.map((d) => {
      const v = d.targets[figure] ? d.targets[figure][key] : null;
      if (LEVELS.has(figure)) return v;
      if (v === null || sum === null) { sum = null; return null; }
      sum += v;
      return Math.round(sum * 1000) / 1000;
    });
  }

  function drawLine() {
    if (chart) { chart.destroy(); chart = null; }
    const figure = $("goal-figure").value;
    if (!last || !figure || !window.Chart) return;
    chart = new window.Chart($("chart-goal"), {
      type: "line",
      data: {
        labels: last.spans.map((b) => b.label),
        datasets: [
          { label: A.t("goals.actual"), data: series(figure, "actual"), borderColor: "#1b6f3a", backgroundColor: "#1b6f3a" },
          { label: A.t("goals.target"), data: series(figure, "target"), borderColor: "#4b5563", backgroundColor: "#4b5563", borderDash: [6, 4] },
        ],
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        locale: A.lang() === "nl" ? "nl-NL" : "en-GB",
        plugins: { legend: { position: "bottom", labels: { boxWidth: 14, color: "#111" } } },
        scales: { x: { ticks: { color: "#111" } }, y: { beginAtZero: true, ticks: { color: "#111" } } },
      },
    });
  }

  function render() {
    const section = $("goals");
    if (!section || !last) return;
    const targets = last.doc.targets || {};
    const figures = Object.keys(targets);
    section.hidden = figures.length === 0;
    $("goal-bars").replaceChildren(...figures.map((f) => bar(f, targets[f])));
    const select = $("goal-figure");
    const keep = select.value;
    select.replaceChildren(...figures.map((f) => new Option(A.t(`goal.${f}`), f)));
    if (figures.includes(keep)) select.value = keep;
    drawLine();
  }

  document.addEventListener("ambacht:monitor", (e) => { last = e.detail; render(); });
  document.addEventListener("DOMContentLoaded", () => {
    const select = $("goal-figure");
    if (select) select.addEventListener("change", drawLine);
  });
  A.onLang(() => setTimeout(render, 0)); // after the dashboard has renamed its weeks
})();
