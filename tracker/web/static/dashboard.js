/* Dashboard: the monitor document for a period and site, as headline figures and charts. */
"use strict";
(async function () {
  const station = await A.start(["monitor"]);
  if (!station) return;
  const $ = (id) => document.getElementById(id);
  const WEEKS_MAX = 26; // longer periods are charted per month: 27+ bars are unreadable
  const PARALLEL = 4; // monitor calls in flight at once: quick, without crowding the server
  const DAY_MS = 86400000;
  // Eight categories, each its own hue; dark enough for white grid lines and legends.
  const PALETTE = ["#1b6f3a", "#a3171a", "#1d4ed8", "#8a3b00", "#6d28d9", "#0e7490", "#b45309", "#4b5563"];

  let charts = [];
  let last = null; // {doc, buckets, docs}

  // ---- dates --------------------------------------------------------------------------------
  const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  const parse = (s) => { const [y, m, d] = s.split("-").map(Number); return new Date(y, m - 1, d); };
  const addDays = (d, n) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
  const monday = (d) => addDays(d, -((d.getDay() + 6) % 7));

  function quick(kind) {
    const today = new Date();
    let from = monday(addDays(today, -49));
    let to = today;
    if (kind === "month") from = new Date(today.getFullYear(), today.getMonth(), 1);
    if (kind === "lastmonth") {
      from = new Date(today.getFullYear(), today.getMonth() - 1, 1);
      to = new Date(today.getFullYear(), today.getMonth(), 0);
    }
    if (kind === "year") from = new Date(today.getFullYear(), 0, 1);
    setDates(iso(from), iso(to));
  }

  /* The period's dates as a Dutch (or English) person writes them; ISO inside. */
  function setDates(from, to) {
    $("from").value = A.dateText(from);
    $("to").value = A.dateText(to);
    ["from", "to"].forEach((id) => A.fieldError($(id), ""));
  }

  /* {from, to} as ISO dates, or null after saying next to the field what is wrong. */
  function period() {
    const got = {};
    for (const id of ["from", "to"]) {
      got[id] = A.parseDate($(id).value);
      A.fieldError($(id), got[id] ? "" : A.t("date.bad", { text: $(id).value.trim() }));
    }
    if (!got.from || !got.to) return null;
    return got;
  }

  function placeholders() {
    ["from", "to"].forEach((id) => { $(id).placeholder = A.t("date.placeholder"); });
  }

  /* Weeks (Monday to Sunday) or months covering the period, clipped to it. */
  function buckets(from, to) {
    const out = [];
    const weeks = Math.round((to - from) / DAY_MS / 7);
    const locale = A.lang() === "nl" ? "nl-NL" : "en-GB";
    const today = parse(iso(new Date()));
    // A week or month still running, or cut off by the period, holds fewer days than its
    // neighbours: its label says so, so that a short bar is not read as a bad week.
    const push = (first, last, start, label) => { // first..last: the whole week or month
      const kept = last < to ? last : to;
      let key = null;
      if (first <= today && today <= last) key = "dash.running";
      else if (start > first || kept < last) key = "dash.partial";
      out.push({ from: start, to: kept, label: key ? A.t(key, { label }) : label, partial: key !== null });
    };
    if (weeks <= WEEKS_MAX) {
      for (let start = from; start <= to;) {
        const week = monday(start);
        const end = addDays(week, 6);
        push(week, end, start, start.toLocaleDateString(locale, { day: "numeric", month: "short" }));
        start = addDays(end, 1);
      }
    } else {
      for (let start = from; start <= to;) {
        const month = new Date(start.getFullYear(), start.getMonth(), 1);
        const end = new Date(start.getFullYear(), start.getMonth() + 1, 0);
        push(month, end, start, start.toLocaleDateString(locale, { month: "short", year: "2-digit" }));
        start = addDays(end, 1);
      }
    }
    return out;
  }

  function query(from, to) {
    const q = new URLSearchParams({ from, to });
    if ($("site").value) q.set("site", $("site").value);
    return q.toString();
  }

  async function inParallel(tasks) {
    const results = new Array(tasks.length);
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(PARALLEL, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]();
      }
    }));
    return results;
  }

  // ---- headline figures ---------------------------------------------------------------------
  function pick(doc, path) {
    if (path === "stock.total.items" || path === "stock.total.kg") {
      const field = path.endsWith("items") ? "items" : "kg";
      const sum = Object.values(doc.stock).reduce((s, x) => s + x[field], 0);
      return field === "kg" ? Math.round(sum * 1000) / 1000 : sum;
    }
    return path.split(".").reduce((v, k) => (v == null ? v : v[k]), doc);
  }

  function showHeadline(doc) {
    document.querySelectorAll("[data-figure]").forEach((el) => {
      const path = el.dataset.figure;
      const value = pick(doc, path);
      el.dataset.value = value === null || value === undefined ? "" : String(value);
      if (value === null || value === undefined) el.textContent = "–";
      else if (path === "reuse_rate") el.textContent = `${A.num(value * 100, 1)} %`;
      else if (path.endsWith("revenue_eur")) el.textContent = A.num(value, 2);
      else if (path.endsWith("kg") || path.startsWith("lead_time")) el.textContent = A.num(value, 1);
      else el.textContent = A.num(value, 0);
    });
  }

  // ---- charts -------------------------------------------------------------------------------
  /* A chart, or "Geen gegevens in deze periode" where every value is nothing or zero. */
  function chart(id, config) {
    const box = $(id).parentElement;
    let note = box.parentElement.querySelector(".empty");
    if (!note) {
      note = document.createElement("p");
      note.className = "empty";
      box.after(note);
    }
    const empty = config.data.datasets.every((d) => d.data.every((v) => v === null || v === 0));
    note.textContent = A.t("dash.empty");
    note.hidden = !empty;
    box.hidden = empty;
    if (empty) return;
    const c = new window.Chart($(id), {
      ...config,
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        locale: A.lang() === "nl" ? "nl-NL" : "en-GB", // axis numbers as the page writes them
        plugins: { legend: { position: "bottom", labels: { boxWidth: 14, color: "#111" } } },
        ...config.options,
      },
    });
    charts.push(c);
  }

  function stacked() {
    return { scales: { x: { stacked: true, ticks: { color: "#111" } }, y: { stacked: true, beginAtZero: true, ticks: { color: "#111" } } } };
  }
  const plain = () => ({ scales: { x: { ticks: { color: "#111" } }, y: { beginAtZero: true, ticks: { color: "#111" } } } });

  function drawCharts() {
    charts.forEach((c) => c.destroy());
    charts = [];
    if (!last || !window.Chart) return;
    const { doc, spans, docs } = last;
    const labels = spans.map((b) => b.label);
    const cats = Object.keys(doc.inflow.by_category);
    const catName = (id) => {
      const c = (last.categories || []).find((x) => x.id === id);
      return c ? (A.lang() === "en" ? c.label_en : c.label_nl) : id;
    };
    const perCategory = (get) => cats.map((cat, i) => ({
      label: catName(cat), data: docs.map((d) => get(d, cat)), backgroundColor: PALETTE[i % PALETTE.length],
    }));
    const inflow = perCategory((d, cat) => d.inflow.by_category[cat].kg);
    inflow.push({ label: A.t("bulk.label"), data: docs.map((d) => d.inflow.bulk_kg), backgroundColor: "#9ca3af" });
    chart("chart-inflow", { type: "bar", data: { labels, datasets: inflow }, options: stacked() });
    chart("chart-outflow", { type: "bar", data: { labels, datasets: perCategory((d, cat) => d.outflow.sold.by_category[cat].kg) }, options: stacked() });
    chart("chart-reuse", {
      type: "line",
      data: { labels, datasets: [{ label: A.t("fig.reuse"), data: docs.map((d) => (d.reuse_rate === null ? null : Math.round(d.reuse_rate * 1000) / 10)), borderColor: PALETTE[0], backgroundColor: PALETTE[0], spanGaps: true }] },
      options: { scales: { y: { min: 0, max: 100, ticks: { color: "#111" } }, x: { ticks: { color: "#111" } } } },
    });
    chart("chart-co2", { type: "bar", data: { labels, datasets: [{ label: A.t("fig.co2"), data: docs.map((d) => d.co2_avoided_kg), backgroundColor: PALETTE[5] }] }, options: plain() });
    const r = doc.repairs;
    chart("chart-repairs", {
      type: "bar",
      data: {
        labels: [A.t("outcome.fixed"), A.t("outcome.repairable"), A.t("outcome.end_of_life")],
        datasets: [{ label: A.t("fig.repairs"), data: [r.fixed, r.repairable, r.end_of_life], backgroundColor: [PALETTE[0], PALETTE[3], PALETTE[1]] }],
      },
      options: { ...plain(), plugins: { legend: { display: false } } },
    });
    const phases = ["collected", "in_repair", "ready_for_sale"];
    chart("chart-stock", {
      type: "bar",
      data: { labels: phases.map((p) => A.t(`state.${p}`)), datasets: [{ label: A.t("fig.stock"), data: phases.map((p) => doc.stock[p].items), backgroundColor: [PALETTE[7], PALETTE[3], PALETTE[0]] }] },
      options: { ...plain(), plugins: { legend: { display: false } } },
    });
    chart("chart-lead", {
      type: "line",
      data: {
        labels,
        datasets: [
          { label: A.t("median"), data: docs.map((d) => d.lead_time_days.median), borderColor: PALETTE[2], backgroundColor: PALETTE[2], spanGaps: true },
          { label: "p90", data: docs.map((d) => d.lead_time_days.p90), borderColor: PALETTE[4], backgroundColor: PALETTE[4], spanGaps: true },
        ],
      },
      options: plain(),
    });
  }

  // ---- loading ------------------------------------------------------------------------------
  async function load() {
    const dates = period();
    if (!dates) { A.say($("dash-message"), "", "ok"); return; }
    const { from, to } = dates;
    if (from > to) { A.say($("dash-message"), A.t("dash.bad_period"), "error"); return; }
    A.say($("dash-message"), A.t("dash.loading"), "ok");
    document.body.dataset.loaded = "false";
    try {
      const spans = buckets(parse(from), parse(to));
      const [doc, docs] = await Promise.all([
        A.get(`/api/monitor?${query(from, to)}`),
        inParallel(spans.map((b) => () => A.get(`/api/monitor?${query(iso(b.from), iso(b.to))}`))),
      ]);
      last = { doc, spans, docs, categories: last ? last.categories : [] };
      if (!last.categories.length) {
        try { last.categories = await A.get("/api/categories"); } catch (err) { last.categories = []; }
      }
      showHeadline(doc);
      drawCharts();
      document.dispatchEvent(new CustomEvent("ambacht:monitor", { detail: last })); // goals.js
      A.say($("dash-message"), "", "ok");
      document.body.dataset.loaded = "true";
      document.body.dataset.period = `${from}/${to}/${$("site").value}`;
    } catch (err) {
      A.say($("dash-message"), err instanceof A.Offline ? A.t("net.lookup") : err.message, "error");
    }
  }

  async function download(kind) {
    const dates = period();
    if (!dates) return;
    const { from, to } = dates;
    const paths = {
      "monitor.csv": `/api/monitor.csv?${query(from, to)}`,
      "monitor.json": `/api/monitor?${query(from, to)}`,
      "ords.csv": `/api/exports/ords.csv?from=${from}&to=${to}`,
      "register.csv": `/api/exports/register.csv?from=${from}&to=${to}`,
    };
    try {
      const url = await A.blobUrl(paths[kind]);
      const a = document.createElement("a");
      a.href = url;
      a.download = `${kind.split(".")[0]}-${$("site").value || "alle"}-${from}-${to}.${kind.split(".")[1]}`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (err) {
      A.say($("dash-message"), err.message, "error");
    }
  }

  $("period").addEventListener("submit", (e) => { e.preventDefault(); load(); });
  document.querySelectorAll("[data-quick]").forEach((b) => b.addEventListener("click", () => { quick(b.dataset.quick); load(); }));
  document.querySelectorAll("[data-download]").forEach((b) => b.addEventListener("click", () => download(b.dataset.download)));
  A.onLang(() => {
    placeholders();
    const dates = period();
    if (dates) setDates(dates.from, dates.to); // 12-10-2026 ⇄ 12/10/2026
    if (last && dates) {
      last.spans = buckets(parse(dates.from), parse(dates.to));
      showHeadline(last.doc);
      drawCharts();
    }
  });

  try {
    const sites = await A.get("/api/sites");
    sites.forEach((s) => $("site").append(new Option(s.name ? `${s.name} (${s.municipality})` : s.id, s.id)));
  } catch (err) { /* the period still works for all sites */ }
  const params = new URLSearchParams(location.search);
  placeholders();
  quick("8w");
  if (params.get("from")) $("from").value = A.dateText(A.parseDate(params.get("from"))) || params.get("from");
  if (params.get("to")) $("to").value = A.dateText(A.parseDate(params.get("to"))) || params.get("to");
  if (params.get("site")) $("site").value = params.get("site");
  document.body.dataset.ready = "true";
  await load();
})();
