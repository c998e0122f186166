/* Nieuwe bezoeker at the intake desk, and where the visitor came from (CONTRACT §10): one tap
   without origin, one tap for a municipality the site sees most (its own first), or the 4
   digits of a postcode typed and Enter. Only the municipality is kept, on the server too. */
"use strict";
window.addWords({
  "visitor.from": ["Bezoeker uit", "Visitor from"],
  "visitor.from_place": ["Bezoeker uit {place}", "Visitor from {place}"], // not "Nieuwe bezoeker…": that is the plain button
  "visitor.postcode": ["Postcode (4 cijfers)", "Postcode (4 digits)"],
  "visitor.counted": ["Bezoeker uit {place} geteld.", "Visitor from {place} counted."],
  "visitor.unknown": ["onbekend", "unknown"],
});
window.Visitors = (function () {
  const $ = (id) => document.getElementById(id);
  const POSTCODE = /^[0-9]{4}$/; // the digits only: letters and house number are never asked
  let say = () => {};
  let choices = [];

  const todayKey = () => `ambacht.visitors.${new Date().toLocaleDateString("sv")}`; // local day
  function renderCount() { $("visitor-count").textContent = localStorage.getItem(todayKey()) || "0"; }
  const place = (m) => (m === "onbekend" ? A.t("visitor.unknown") : m);

  function renderChoices() {
    const box = $("visitor-choices");
    box.replaceChildren(...choices.map((c) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "secondary chip";
      b.dataset.municipality = c.municipality;
      b.textContent = c.municipality;
      b.setAttribute("aria-label", A.t("visitor.from_place", { place: c.municipality }));
      b.addEventListener("click", () => visit({ municipality: c.municipality }));
      return b;
    }));
  }

  async function visit(body) {
    localStorage.setItem(todayKey(), String(Number(localStorage.getItem(todayKey()) || 0) + 1));
    renderCount();
    try {
      const res = await A.send("/api/visits", body, A.t("outbox.visit"));
      if (res.queued) say(A.t("queued.action"), "warn");
      else if (body.postcode || body.municipality) {
        say(A.t("visitor.counted", { place: place(res.data.municipality) }), "ok");
      }
    } catch (err) { say(err.message, "error"); }
  }

  function typed(e) {
    if (e.key !== "Enter") return;
    e.preventDefault();
    const field = $("visitor-postcode");
    const digits = field.value.trim();
    if (!POSTCODE.test(digits)) { // refused here too: nothing counted, nothing sent
      say(A.t("error.invalid_postcode"), "error");
      field.select();
      return;
    }
    field.value = "";
    visit({ postcode: digits });
  }

  async function load() {
    try {
      choices = (await A.get("/api/visits/origins")).choices;
    } catch { choices = []; } // offline: the plain button and the field still work
    renderChoices();
  }

  /* Wire the button, the one-tap choices and the postcode field; `message` shows a line. */
  async function start(message) {
    say = message;
    $("visitor").addEventListener("click", () => visit({}));
    $("visitor-postcode").addEventListener("keydown", typed);
    A.onLang(renderChoices);
    renderCount();
    await load();
  }

  return { start };
})();
