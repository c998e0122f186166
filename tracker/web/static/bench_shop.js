/* The repair bench's part of the shop (CONTRACT §13): the item's staat (condition), chosen
   before an outcome and sent with it by repair.js, and the price suggestion while pricing:
   what items like this sold for here (median and the middle half), and on how many sales it
   rests; nothing under 5 sales (the server gives no figures then). */
"use strict";
window.addWords({
  "bench.condition": ["Staat", "Condition"],
  "bench.no_condition": ["— kies de staat —", "— choose the condition —"],
  "suggest.text": [
    "Prijsadvies: {median} (meestal {p25} – {p75}), op basis van {n} verkopen van {what}.",
    "Price suggestion: {median} (mostly {p25} – {p75}), based on {n} sales of {what}.",
  ],
  "suggest.use": ["{eur} overnemen", "Use {eur}"],
});
(function () {
  const $ = (id) => document.getElementById(id);
  const CONDITIONS = ["as_new", "good", "fair", "for_parts"]; // items.CONDITIONS
  const CHOOSING = ["collected", "in_repair"]; // an inspection or a repair sets the staat
  const PRICING = ["collected", "in_repair", "ready_for_sale"]; // a price is typed here
  let item = null;
  let asked = 0; // only the newest question's answer is shown
  let categories = null;

  const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);

  function fillConditions() {
    const keep = $("condition").value;
    $("condition").replaceChildren(new Option(A.t("bench.no_condition"), ""),
      ...CONDITIONS.map((c) => new Option(capital(A.t(`condition.${c}`)), c)));
    $("condition").value = keep;
  }

  async function categoryLabel(id) {
    if (!categories) categories = await A.get("/api/categories").catch(() => []);
    const c = categories.find((x) => x.id === id);
    return c ? (A.lang() === "en" ? c.label_en : c.label_nl) : id;
  }

  /* The questions from narrow to wide: all that is known of the item, then fewer criteria,
     until one rests on enough sales. */
  function ladder(condition) {
    const all = { category: item.category, ords_category_id: item.ords_category_id, condition };
    const tries = [all, { category: item.category, condition }, { category: item.category }];
    const seen = new Set();
    return tries.map((q) => Object.fromEntries(Object.entries(q).filter(([, v]) => v)))
      .filter((q) => { const key = JSON.stringify(q); return !seen.has(key) && seen.add(key); });
  }

  async function describe(q) {
    const parts = [await categoryLabel(q.category)];
    if (q.ords_category_id) parts.push(A.t(`ords.${q.ords_category_id}`));
    if (q.condition) parts.push(A.t(`condition.${q.condition}`));
    return parts.join(", ");
  }

  async function suggest() {
    const mine = ++asked;
    $("price-suggestion").hidden = true;
    if (!item || !PRICING.includes(item.state)) return;
    for (const q of ladder($("condition").value || item.condition || "")) {
      let found;
      try {
        found = await A.get(`/api/price-suggestion?${new URLSearchParams(q)}`);
      } catch (err) {
        return; // a suggestion is a help: without one the bench works as before
      }
      if (mine !== asked) return;
      if (found.median_eur !== null && found.n >= 5) {
        const what = await describe(q);
        if (mine !== asked) return;
        $("price-suggestion-text").textContent = A.t("suggest.text", {
          median: A.eur(found.median_eur), p25: A.eur(found.p25), p75: A.eur(found.p75),
          n: found.n, what,
        });
        $("price-suggestion-use").textContent = A.t("suggest.use", { eur: A.eur(found.median_eur) });
        $("price-suggestion-use").dataset.eur = String(found.median_eur);
        $("price-suggestion").hidden = false;
        return;
      }
    }
  }

  document.addEventListener("ambacht:item", (e) => {
    item = e.detail || null;
    $("condition").value = (item && item.condition) || "";
    $("condition-field").hidden = !item || !CHOOSING.includes(item.state);
    suggest();
  });
  $("condition").addEventListener("change", suggest);
  $("price-suggestion-use").addEventListener("click", () => {
    A.setNumber($("price"), Number($("price-suggestion-use").dataset.eur));
    $("price").focus();
  });
  A.onLang(() => { fillConditions(); suggest(); });
  fillConditions();
})();
