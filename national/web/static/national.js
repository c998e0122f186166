// The national dashboard: the summary per month and per province, and the centres' table.
"use strict";

const TOKEN_KEY = "ambacht.national.viewer";
const MONTHS_SHOWN = 12; // the page opens on the last twelve closed months
const nl = (digits) => new Intl.NumberFormat("nl-NL", { maximumFractionDigits: digits });
const KG = nl(0), EUR = new Intl.NumberFormat("nl-NL", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const charts = {};

function $(id) { return document.getElementById(id); }

function monthKey(date) { return date.toISOString().slice(0, 7); }

function shifted(month, by) {
  const [y, m] = month.split("-").map(Number);
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String(index % 12 + 1).padStart(2, "0")}`;
}

function dutchMonth(month) {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString("nl-NL", { month: "short", year: "numeric", timeZone: "UTC" });
}

function get(obj, path) {
  return path.split(".").reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

function sumOver(obj, leaf) {
  return Object.values(obj || {}).reduce((s, v) => s + (Number(v && v[leaf]) || 0), 0);
}

function percent(rate) { return rate == null ? "–" : `${nl(1).format(rate * 100)} %`; }

async function fetchJson(path) {
  const headers = {};
  const token = localStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  const answer = await fetch(path, { headers });
  if (answer.status === 401) { $("viewer").hidden = false; throw new Error("Meld u aan met een kijkerstoken."); }
  const body = await answer.json();
  if (!answer.ok) throw new Error(body.detail || `Fout ${answer.status}`);
  return body;
}

function show(message) {
  $("message").textContent = message || "";
  $("message").hidden = !message;
}

function headline(summary) {
  const f = summary.figures;
  const stock = f.stock || {};
  const values = {
    centres: KG.format(summary.centres),
    reported: KG.format(summary.centre_months.reported),
    expected: KG.format(summary.centre_months.expected),
    "inflow.kg": KG.format(get(f, "inflow.kg") || 0),
    "inflow.items": KG.format(get(f, "inflow.items") || 0),
    "outflow.sold.kg": KG.format(get(f, "outflow.sold.kg") || 0),
    "outflow.sold.revenue_eur": EUR.format(get(f, "outflow.sold.revenue_eur") || 0),
    reuse_rate: percent(f.reuse_rate),
    co2_avoided_kg: KG.format(f.co2_avoided_kg || 0),
    "repairs.attempted": KG.format(get(f, "repairs.attempted") || 0),
    "repairs.fixed": KG.format(get(f, "repairs.fixed") || 0),
    "stock.kg": KG.format(sumOver(stock, "kg")),
    stock_month: dutchMonth(summary.stock_month),
    "people.person_months": KG.format(sumOver(f.people, "person_months")),
    "people.hours": KG.format(sumOver(f.people, "hours")),
  };
  for (const el of document.querySelectorAll("[data-figure]")) {
    if (el.dataset.figure in values) el.textContent = values[el.dataset.figure];
  }
}

function chart(id, config) {
  if (charts[id]) charts[id].destroy();
  if (typeof Chart === "undefined") return; // the figures and tables still show
  charts[id] = new Chart($(id), { ...config, options: { responsive: true, maintainAspectRatio: false, animation: false, ...(config.options || {}) } });
}

function monthCharts(perMonth, months) {
  const labels = months.map(dutchMonth);
  const series = (path) => months.map((m) => get(perMonth.groups[m], path) || 0);
  chart("chart-months", { type: "bar", data: { labels, datasets: [
    { label: "Ingezameld (kg)", data: series("inflow.kg"), backgroundColor: "#2f6f4f" },
    { label: "Verkocht (kg)", data: series("outflow.sold.kg"), backgroundColor: "#d08c2a" },
  ] } });
  chart("chart-reuse", { type: "line", data: { labels, datasets: [
    { label: "Hergebruikt (%)", data: months.map((m) => { const r = get(perMonth.groups[m], "reuse_rate"); return r == null ? null : r * 100; }), borderColor: "#2f6f4f" },
  ] }, options: { scales: { y: { min: 0, max: 100 } } } });
}

function cell(text, cls) {
  const td = document.createElement("td");
  td.textContent = text;
  if (cls) td.className = cls;
  return td;
}

function provinces(perProvince) {
  const names = Object.keys(perProvince.groups);
  const body = $("provinces").querySelector("tbody");
  body.replaceChildren(...names.map((name) => {
    const f = perProvince.groups[name];
    const tr = document.createElement("tr");
    tr.append(cell(name), cell(KG.format(get(f, "inflow.kg") || 0), "num"),
      cell(KG.format(get(f, "outflow.sold.kg") || 0), "num"),
      cell(EUR.format(get(f, "outflow.sold.revenue_eur") || 0), "num"),
      cell(percent(f.reuse_rate), "num"), cell(KG.format(f.co2_avoided_kg || 0), "num"));
    return tr;
  }));
  chart("chart-provinces", { type: "bar", data: { labels: names, datasets: [
    { label: "Ingezameld (kg)", data: names.map((n) => get(perProvince.groups[n], "inflow.kg") || 0), backgroundColor: "#2f6f4f" },
    { label: "Verkocht (kg)", data: names.map((n) => get(perProvince.groups[n], "outflow.sold.kg") || 0), backgroundColor: "#d08c2a" },
  ] } });
  const select = $("province");
  if (select.options.length === 1) {
    for (const name of names) select.append(new Option(name, name));
  }
}

function centres(table, summary, province) {
  const missing = Object.fromEntries(summary.missing.map((m) => [m.centre, m.months]));
  const rows = table.filter((c) => !province || c.province === province);
  $("centres").querySelector("tbody").replaceChildren(...rows.map((c) => {
    const tr = document.createElement("tr");
    const gaps = missing[c.centre] || [];
    tr.append(cell(c.name), cell(c.municipality), cell(c.province),
      cell(c.last_month ? `${dutchMonth(c.last_month)} (revisie ${c.last_revision})` : "nog niets ontvangen"),
      cell(KG.format(c.figures["inflow/kg"]), "num"), cell(KG.format(c.figures["outflow/sold/kg"]), "num"),
      cell(EUR.format(c.figures["outflow/sold/revenue_eur"]), "num"),
      cell(KG.format(c.figures["co2_avoided_kg"]), "num"), cell(KG.format(c.figures["repairs/attempted"]), "num"),
      cell(gaps.length ? `${gaps.length} ${gaps.length === 1 ? "maand" : "maanden"}` : "–", gaps.length ? "missing" : ""));
    return tr;
  }));
}

async function load() {
  const from = $("from").value, to = $("to").value, province = $("province").value;
  if (!from || !to) { show("Kies een begin- en eindmaand."); return; }
  const q = new URLSearchParams({ from, to });
  if (province) q.set("province", province);
  $("download").href = `/national/api/export.csv?${q}`;
  try {
    const [perMonth, perProvince, table] = await Promise.all([
      fetchJson(`/national/api/summary?${q}&per=month`),
      fetchJson(`/national/api/summary?${new URLSearchParams({ from, to })}&per=province`),
      fetchJson(`/national/api/centres?${new URLSearchParams({ from, to })}`),
    ]);
    show(perMonth.centre_months.reported ? "" : "Geen gegevens in deze periode.");
    headline(perMonth);
    let months = [], m = from;
    while (m <= to) { months.push(m); m = shifted(m, 1); }
    monthCharts(perMonth, months);
    provinces(perProvince);
    centres(table, perMonth, province);
  } catch (error) {
    show(error.message);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const last = shifted(monthKey(new Date()), -1); // the newest month a centre can have closed
  $("to").value = last;
  $("from").value = shifted(last, 1 - MONTHS_SHOWN);
  $("period").addEventListener("submit", (e) => { e.preventDefault(); load(); });
  $("viewer").addEventListener("submit", (e) => {
    e.preventDefault();
    localStorage.setItem(TOKEN_KEY, $("viewer-token").value.trim());
    $("viewer").hidden = true;
    load();
  });
  load();
});
