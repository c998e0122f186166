/* De kassadag (CONTRACT §11): the till sells in an open day. With none open the page asks for
   the float first; F10 closes the day with the counted cash and shows the Z-report (also as
   PDF, and printed on the till's receipt printer with the drawer opened). All by keyboard:
   Enter confirms, Esc cancels. Sales the page kept while offline go, when they are sent after
   the close, into the next day: the server books them there. till.js asks `TillDay.open()`
   before it sells. */
"use strict";
window.addWords({
  "day.open_title": ["Dag openen", "Open the day"],
  "day.open_help": ["Tel het wisselgeld in de lade en vul het in. Daarna kun je verkopen.",
    "Count the float in the drawer and fill it in. Then you can sell."],
  "day.float": ["Wisselgeld in de lade (€)", "Float in the drawer (€)"],
  "day.open": ["Dag openen", "Open the day"],
  "day.close": ["Dag afsluiten", "Close the day"],
  "day.close_title": ["Dag afsluiten", "Close the day"],
  "day.counted": ["Geteld in de lade (€)", "Counted in the drawer (€)"],
  "day.cancel": ["Annuleren", "Cancel"],
  "day.expected": ["Verwacht in de lade: {eur} (wisselgeld {float} + contant {cash} − terug {back})",
    "Expected in the drawer: {eur} (float {float} + cash {cash} − paid back {back})"],
  "day.waiting": ["Er wachten nog {n} acties in deze kassa: ze komen in de volgende dag.",
    "{n} actions are still waiting in this till: they go into the next day."],
  "day.report_title": ["Z-rapport", "Z report"],
  "day.pdf": ["PDF", "PDF"],
  "day.new": ["Nieuwe dag openen", "Open a new day"],
  "day.opened": ["Dag {n} is open.", "Day {n} is open."],
  "day.closed": ["Dag {n} is afgesloten.", "Day {n} has been closed."],
  "day.first": ["Open eerst de dag (wisselgeld in de lade).", "Open the day first (float in the drawer)."],
  "day.online_only": ["De dag openen of afsluiten kan alleen met verbinding.",
    "Opening or closing the day needs a connection."],
  "day.print_failed": ["Printen lukte niet: {why}", "Printing failed: {why}"],
});

window.TillDay = function TillDay(station) {
  const $ = (id) => document.getElementById(id);
  const KEPT = "ambacht.till_day"; // the open day's id, for a reload while offline
  const NARROW_PX = 600; // below this a report line of 42 characters does not fit
  let openId = localStorage.getItem(KEPT); // null: no day open (as far as the page knows)
  let known = false; // whether the server said so since the page loaded
  let closedId = null;
  const scanField = () => $("scan");
  const message = (text, kind) => A.say($("scan-message"), text, kind);
  const dayMessage = (id, text, kind) => A.say($(id), text, kind);

  function keep(id) {
    openId = id;
    if (id) localStorage.setItem(KEPT, id); else localStorage.removeItem(KEPT);
    document.body.dataset.day = id || "closed";
  }

  const shown = (id) => { ["day-open", "day-close", "day-report"].forEach((d) => { $(d).hidden = d !== id; }); };
  const showing = () => ["day-open", "day-close", "day-report"].find((d) => !$(d).hidden) || null;

  function askOpen() {
    shown("day-open");
    A.setNumber($("day-float"), null);
    $("day-float").focus();
  }

  async function print(id) {
    if (!station || !station.receipt_printer) return;
    try {
      await A.call("POST", `/api/till/days/${encodeURIComponent(id)}/print`);
    } catch (err) {
      message(A.t("day.print_failed", { why: err.message }), "warn");
    }
  }

  async function openDay() {
    let cash;
    try { cash = A.readNumber($("day-float"), { required: "day.float" }); } catch (err) {
      if (err instanceof A.FieldError) return;
      throw err;
    }
    try {
      const day = await A.call("POST", "/api/till/open", { body: { float_eur: cash } });
      keep(day.id);
      shown(null);
      message(A.t("day.opened", { n: day.day }), "ok");
      print(day.id);
    } catch (err) {
      if (err instanceof A.Offline) { dayMessage("day-open-message", A.t("day.online_only"), "error"); return; }
      if (err.code === "day_already_open") { await refresh(); shown(null); return; }
      dayMessage("day-open-message", err.message, "error");
      return;
    }
    scanField().focus();
  }

  async function askClose() {
    if (!openId) { askOpen(); return; }
    let day;
    try {
      day = await A.get(`/api/till/days/${encodeURIComponent(openId)}`);
    } catch (err) {
      message(err instanceof A.Offline ? A.t("day.online_only") : err.message, "error");
      return;
    }
    $("day-expected").textContent = A.t("day.expected", {
      eur: A.eur(day.expected_cash_eur), float: A.eur(day.float_eur),
      cash: A.eur(day.payments.cash || 0), back: A.eur(day.refunds_paid.cash || 0),
    });
    $("day-expected").dataset.eur = day.expected_cash_eur.toFixed(2);
    const waiting = A.outbox().length;
    $("day-waiting").hidden = waiting === 0;
    $("day-waiting").textContent = waiting ? A.t("day.waiting", { n: waiting }) : "";
    dayMessage("day-close-message", "", "ok");
    A.setNumber($("day-counted"), null);
    shown("day-close");
    $("day-counted").focus();
  }

  async function closeDay() {
    let counted;
    try { counted = A.readNumber($("day-counted"), { required: "day.counted" }); } catch (err) {
      if (err instanceof A.FieldError) return;
      throw err;
    }
    let day;
    try {
      day = await A.call("POST", "/api/till/close", { body: { counted_eur: counted } });
    } catch (err) {
      if (err instanceof A.Offline) { dayMessage("day-close-message", A.t("day.online_only"), "error"); return; }
      dayMessage("day-close-message", err.message, "error");
      if (err.code === "day_closed" || err.code === "day_not_open") keep(null);
      return;
    }
    keep(null);
    closedId = day.id;
    await showReport(day);
    print(day.id);
  }

  async function showReport(day) {
    // a phone shows 58 mm paper's 32 characters a line, a tablet the 42 of 80 mm paper
    const width = window.innerWidth < NARROW_PX ? 32 : 42;
    const res = await A.call("GET", `/api/till/days/${encodeURIComponent(day.id)}.txt?width=${width}`, { raw: true });
    $("day-report-text").textContent = await res.text();
    $("day-report").dataset.day = day.id;
    $("day-report").dataset.difference = day.difference_eur.toFixed(2);
    shown("day-report");
    message(A.t("day.closed", { n: day.day }), "ok");
    $("day-new").focus();
  }

  async function pdf() {
    if (!closedId) return;
    window.open(await A.blobUrl(`/api/till/days/${encodeURIComponent(closedId)}.pdf`), "_blank");
  }

  async function refresh() {
    try {
      const days = await A.get("/api/till/days");
      keep(days.open_day);
      known = true;
    } catch (err) {
      if (!(err instanceof A.Offline)) throw err;
      // offline: what the page knew; a sale made now waits in the outbox and is never refused
      // for the day (the server books it into the open or the next day)
    }
  }

  $("day-open-form").addEventListener("submit", (e) => { e.preventDefault(); openDay(); });
  $("day-close-form").addEventListener("submit", (e) => { e.preventDefault(); closeDay(); });
  $("day-cancel").addEventListener("click", () => { shown(null); scanField().focus(); });
  $("day-new").addEventListener("click", askOpen);
  $("day-pdf").addEventListener("click", pdf);
  $("day-close-button").addEventListener("click", askClose);
  // before till.js's keys: while a day dialog is up, its keys are the dialog's
  document.addEventListener("keydown", (e) => {
    const up = showing();
    if (e.key === "F10") { e.preventDefault(); e.stopImmediatePropagation(); if (!up) askClose(); return; }
    if (!up) return;
    if (["F2", "F4", "F8", "F9"].includes(e.key)) { e.preventDefault(); e.stopImmediatePropagation(); }
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopImmediatePropagation();
      if (up === "day-close") { shown(null); scanField().focus(); }
    }
    if (up === "day-report" && (e.key === "p" || e.key === "P")) { e.preventDefault(); pdf(); }
  }, true);

  return {
    async start() {
      await refresh();
      if (known && !openId) askOpen();
      else document.body.dataset.day = openId || "unknown";
    },
    /* Whether the till may sell now: a day is open, or the page could not ask (offline since
       it loaded: what it sells waits in the outbox and goes into the open or the next day). */
    open() {
      if (openId || !known) return true;
      message(A.t("day.first"), "error");
      askOpen();
      return false;
    },
  };
};
