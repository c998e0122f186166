/* Dashboard: Mensen (CONTRACT §12, the monitor's `social`): the people at work and learning per
   target group (enrolled, hours, started and ended), the places offered and filled (in
   place-days), how those who ended moved on, the skills learned, the figures against their
   targets where the centre set them, and a chart of the hours per week or month and group.
   The dashboard hands over each loaded period with the `ambacht:monitor` event. */
"use strict";
window.addWords({
  "sp.title": ["Mensen", "People"],
  "sp.help": ["Mensen aan het werk en aan het leren, per groep: alleen aantallen.", "People at work and learning, per group: counts only."],
  "sp.hours": ["Uren", "Hours"], "sp.places": ["Plekken gevuld", "Places filled"],
  "sp.of": ["van", "of"], "sp.place_days": ["plekdagen", "place-days"],
  "sp.moved_on": ["Naar werk of opleiding", "On to work or education"],
  "sp.of_ended": ["van", "of"], "sp.ended_n": ["beëindigd", "ended"],
  "sp.skills": ["Vaardigheid geleerd", "Learned a skill"], "sp.certificates": ["met certificaat", "with a certificate"],
  "sp.nobody": ["Niemand ingeschreven in deze periode.", "Nobody enrolled in this period."],
  "sp.group": ["Groep", "Group"], "sp.people": ["Mensen", "People"], "sp.started": ["Gestart", "Started"],
  "sp.ended": ["Beëindigd", "Ended"], "sp.offered": ["Plekken aangeboden (dagen)", "Places offered (days)"],
  "sp.filled": ["Gevuld (dagen)", "Filled (days)"],
  "sp.outcomes": ["Uitstroom van wie stopte", "Where those who ended went"],
  "sp.outcome": ["{name}: {n}", "{name}: {n}"],
  "sp.goals": ["Tegen de doelen", "Against the targets"],
  "sp.goal": ["{name}: {actual} van {target} ({pct})", "{name}: {actual} of {target} ({pct})"],
  "sp.no_goal": ["{name}: {actual} · geen doel voor elke dag van deze periode", "{name}: {actual} · no target for every day of this period"],
  "sp.per_span": ["Uren per periode en groep", "Hours per period and group"],
});
(function () {
  const $ = (id) => document.getElementById(id);
  // figures with a goal that belong here (tracker/domain/goals.py), in this order
  const GOALS = ["social_hours", "places_filled_days", "moved_on", "people_learning", "volunteer_hours", "skills_learned"];
  const MOVED_ON = ["paid_work", "education"]; // domain/social.MOVED_ON
  const COLOURS = ["#1b6f3a", "#1d4ed8", "#b45309", "#7c3aed", "#be123c", "#0e7490", "#4d7c0f", "#4b5563"];
  let last = null;
  let chart = null;

  const GROUPS = window.DOMAIN.target_groups;
  const OUTCOMES = window.DOMAIN.social_outcomes;
  const hours = (h) => A.num(h, 0, 2);
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const pct = (part, whole) => (whole ? `${A.num((100 * part) / whole, 0)} %` : "–");

  function totals(social) {
    const g = GROUPS.map((x) => social[x]);
    const offered = sum(GROUPS.map((x) => social.places[x].offered_days));
    const filled = sum(GROUPS.map((x) => social.places[x].filled_days));
    return {
      hours: Math.round(100 * sum(g.map((x) => x.hours))) / 100,
      offered_days: offered, filled_days: filled, filled_share: offered ? filled / offered : null,
      ended: sum(g.map((x) => x.ended)),
      moved_on: sum(g.flatMap((x) => MOVED_ON.map((o) => x.outcomes[o]))),
      skills_people: social.skills.people, certificates: social.skills.certificates,
    };
  }

  function showFigures(social) {
    const raw = totals(social);
    const shown = { ...Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, A.num(v)])),
      hours: hours(raw.hours), filled_share: pct(raw.filled_days, raw.offered_days) };
    document.querySelectorAll("[data-social]").forEach((el) => {
      el.textContent = shown[el.dataset.social];
      el.dataset.value = raw[el.dataset.social] === null ? "" : String(raw[el.dataset.social]);
    });
  }

  function cell(text, label, value) {
    const td = document.createElement("td");
    td.textContent = text;
    if (label) { td.dataset.label = A.t(label); td.className = "num"; }
    if (value !== undefined) td.dataset.value = String(value);
    return td;
  }

  function showGroups(social) {
    const rows = GROUPS.filter((g) => {
      const x = social[g];
      return x.people || x.hours || x.started || x.ended || social.places[g].offered_days;
    });
    $("social-nobody").hidden = rows.length > 0;
    $("social-table").hidden = rows.length === 0;
    $("social-rows").replaceChildren(...rows.map((g) => {
      const x = social[g];
      const p = social.places[g];
      const tr = document.createElement("tr");
      tr.dataset.group = g;
      const filled = p.offered_days ? `${A.num(p.filled_days)} (${pct(p.filled_days, p.offered_days)})` : "–";
      tr.append(cell(A.t(`group.${g}`)), cell(A.num(x.people), "sp.people", x.people),
        cell(hours(x.hours), "sp.hours", x.hours), cell(A.num(x.started), "sp.started", x.started),
        cell(A.num(x.ended), "sp.ended", x.ended), cell(A.num(p.offered_days), "sp.offered", p.offered_days),
        cell(filled, "sp.filled", p.filled_days));
      tr.firstChild.dataset.value = g;
      return tr;
    }));
    $("social-outcomes").replaceChildren(...OUTCOMES.map((o) => {
      const n = sum(GROUPS.map((g) => social[g].outcomes[o]));
      const li = document.createElement("li");
      li.dataset.outcome = o;
      li.dataset.value = String(n);
      li.textContent = A.t("sp.outcome", { name: A.t(`exit.${o}`), n: A.num(n) });
      return li;
    }));
  }

  function showGoals(targets) {
    const set = GOALS.filter((f) => targets && targets[f]);
    $("social-goals-part").hidden = set.length === 0;
    const show = (f, v) => (v === null ? "–" : f.endsWith("hours") ? hours(v) : A.num(v, 0, 1));
    $("social-goals").replaceChildren(...set.map((f) => {
      const g = targets[f];
      const li = document.createElement("li");
      li.dataset.goal = f;
      li.dataset.actual = g.actual ?? "";
      li.dataset.target = g.target ?? "";
      const name = A.t(`goal.${f}`);
      li.textContent = g.target === null
        ? A.t("sp.no_goal", { name, actual: show(f, g.actual) })
        : A.t("sp.goal", { name, actual: show(f, g.actual), target: show(f, g.target), pct: pct(g.actual ?? 0, g.target) });
      return li;
    }));
  }

  function draw(spans, docs) {
    const used = GROUPS.filter((g) => docs.some((d) => d.social && d.social[g].hours));
    chart = new window.Chart($("chart-social"), {
      type: "bar",
      data: {
        labels: spans.map((s) => s.label),
        datasets: used.map((g) => ({
          label: A.t(`group.${g}`), backgroundColor: COLOURS[GROUPS.indexOf(g) % COLOURS.length],
          data: docs.map((d) => (d.social ? d.social[g].hours : 0)),
        })),
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        locale: A.lang() === "nl" ? "nl-NL" : "en-GB",
        plugins: { legend: { position: "bottom", labels: { boxWidth: 14, color: "#111" } } },
        scales: { x: { stacked: true, ticks: { color: "#111" } }, y: { stacked: true, beginAtZero: true, ticks: { color: "#111" } } },
      },
    });
    $("chart-social").dataset.groups = used.join(",");
  }

  function render() {
    if (chart) { chart.destroy(); chart = null; }
    const social = last && last.doc.social; // v1 documents have no social block
    $("social").hidden = !social;
    if (!social) return;
    showFigures(social);
    showGroups(social);
    showGoals(last.doc.targets);
    if (window.Chart) draw(last.spans, last.docs);
    $("social").dataset.drawn = `${last.doc.from}/${last.doc.to}`;
  }

  document.addEventListener("ambacht:monitor", (e) => { last = e.detail; render(); });
  A.onLang(() => setTimeout(render, 0));
})();
