/* The till's part of the shop (CONTRACT §13): a scanned item a reservation holds is not put
   on the receipt before the cashier has seen for whom (the reservation's note, which only the
   stations see) and chosen to sell it anyway; and the wish list, what a customer asked for
   and the shop did not have (counted per category in the monitor's `demand.wishes`). */
"use strict";
window.addWords({
  "reserved.title": ["Gereserveerd", "Reserved"],
  "reserved.text": ["{code} is gereserveerd tot {until}.", "{code} is reserved until {until}."],
  "reserved.for": ["{code} is gereserveerd tot {until}: {note}", "{code} is reserved until {until}: {note}"],
  "reserved.keep": ["Niet verkopen", "Do not sell"],
  "reserved.sell": ["Toch verkopen", "Sell anyway"],
  "reserved.kept": [
    "{code} staat niet op de bon: het is gereserveerd.",
    "{code} is not on the receipt: it is reserved.",
  ],
  "reserve.title": ["Reserveren (klant belde)", "Reserve (a customer phoned)"],
  "reserve.code": ["Scan het label of typ de code", "Scan the label or type the code"],
  "reserve.hours": ["Hoeveel uur", "How many hours"],
  "reserve.note": ["Voor wie (alleen de stations zien dit)", "For whom (only the stations see this)"],
  "reserve.go": ["Reserveren", "Reserve"],
  "reserve.bad_hours": ["Reserveer 1 tot 168 uur.", "Reserve for 1 to 168 hours."],
  "reserve.done": ["{code} is gereserveerd tot {until}.", "{code} is reserved until {until}."],
  "wish.title": ["Gevraagd, niet in de winkel", "Asked for, not in the shop"],
  "wish.text": ["Wat zocht de klant?", "What was the customer looking for?"],
  "wish.save": ["Noteren", "Note it"],
  "wish.empty": ["Schrijf op wat de klant zocht.", "Write what the customer was looking for."],
  "wish.done": ["Genoteerd: {text} ({category}).", "Noted: {text} ({category})."],
});
window.TillShop = (function () {
  const $ = (id) => document.getElementById(id);
  const KEYS_OF_THE_TILL = ["Escape", "Enter", "F2", "F3", "F4", "F7", "F8", "F9", "F10"];
  let answer = null; // resolves the open question

  function close(sell) {
    if (!answer) return;
    const done = answer;
    answer = null;
    $("reserved-ask").close();
    done(sell);
  }

  /* Whether the cashier sells a reserved item anyway (the safe choice has the focus). */
  function sellReserved(item) {
    if (answer) close(false);
    const until = A.time(item.reserved_until);
    $("reserved-text").textContent = item.reservation_note
      ? A.t("reserved.for", { code: item.code, until, note: item.reservation_note })
      : A.t("reserved.text", { code: item.code, until });
    return new Promise((resolve) => {
      answer = (sell) => {
        if (!sell) A.say($("scan-message"), A.t("reserved.kept", { code: item.code }), "warn");
        $("scan").focus();
        resolve(sell);
      };
      $("reserved-ask").showModal();
      $("reserved-keep").focus();
    });
  }

  // The till's own keys (Esc empties the receipt, F8 pays) must not act behind the question.
  $("reserved-ask").addEventListener("keydown", (e) => {
    if (!KEYS_OF_THE_TILL.includes(e.key)) return;
    e.stopPropagation();
    if (e.key === "Escape") { e.preventDefault(); close(false); } else if (e.key !== "Enter") e.preventDefault();
  });
  $("reserved-ask").addEventListener("cancel", (e) => { e.preventDefault(); close(false); });
  $("reserved-keep").addEventListener("click", () => close(false));
  $("reserved-sell").addEventListener("click", () => close(true));

  // ---- the wish list ------------------------------------------------------------------------
  let categories = [];
  const label = (c) => (A.lang() === "en" ? c.label_en : c.label_nl);
  function fillCategories() {
    const keep = $("wish-category").value;
    $("wish-category").replaceChildren(...categories.map((c) => new Option(label(c), c.id)));
    if (keep) $("wish-category").value = keep;
  }
  $("wish").addEventListener("toggle", async () => { // read when first opened
    if (!$("wish").open || categories.length) return;
    try {
      categories = await A.get("/api/categories");
    } catch (err) {
      categories = JSON.parse(localStorage.getItem("ambacht.categories") || "[]");
    }
    fillCategories();
    $("wish-text").focus();
  });
  A.onLang(fillCategories);

  $("wish-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const say = (text, kind) => A.say($("wish-message"), text, kind);
    const text = $("wish-text").value.trim();
    if (!text) { say(A.t("wish.empty"), "error"); $("wish-text").focus(); return; }
    const category = $("wish-category").value;
    const shown = label(categories.find((c) => c.id === category) || { label_nl: category, label_en: category });
    try {
      const res = await A.send("/api/wishes", { category, text }, A.t("wish.title"));
      say(res.queued ? A.t("queued.action") : A.t("wish.done", { text, category: shown }),
        res.queued ? "warn" : "ok");
      $("wish-text").value = "";
    } catch (err) {
      say(err.message, "error");
    }
  });

  // ---- reserving: a customer phoned; the item is held for some hours -------------------------
  $("reserve").addEventListener("toggle", () => { if ($("reserve").open) $("reserve-code").focus(); });
  $("reserve-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const say = (text, kind) => A.say($("reserve-message"), text, kind);
    const code = A.parseCode($("reserve-code").value);
    if (!code) {
      say(A.t("scan.invalid", { text: $("reserve-code").value.trim() }), "error");
      $("reserve-code").focus();
      return;
    }
    const hours = Number($("reserve-hours").value.trim());
    if (!Number.isInteger(hours) || hours < 1 || hours > 168) {
      say(A.t("reserve.bad_hours"), "error");
      $("reserve-hours").focus();
      return;
    }
    const body = { hours };
    if ($("reserve-note").value.trim()) body.note = $("reserve-note").value.trim();
    try {
      const res = await A.send(`/api/items/${code}/reserve`, body, A.t("reserve.title"));
      say(res.queued ? A.t("queued.action") : A.t("reserve.done", {
        code: res.data.code, until: A.time(res.data.reserved_until) }), res.queued ? "warn" : "ok");
      $("reserve-code").value = "";
      $("reserve-note").value = "";
      $("reserve-code").focus();
    } catch (err) {
      say(err.message, "error");
      $("reserve-code").focus();
    }
  });

  return { sellReserved };
})();
