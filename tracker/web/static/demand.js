/* Dashboard: demand (CONTRACT §13, the monitor's `demand`): per category the labelled items
   sold (net of refunds), the median days they stood on the shelf, the sell-through (sold
   against sold plus what is still on the shelf at the end) and the wishes the till noted.
   The dashboard hands over each loaded period with the `ambacht:monitor` event. */
"use strict";
window.addWords({
  "dm.title": ["Vraag: wat verkoopt en hoe snel", "Demand: what sells and how fast"],
  "dm.help": [
    "Per categorie: gelabelde items verkocht (min retouren), hoeveel dagen ze in de winkel stonden (mediaan), welk deel van het aanbod verkocht is, en wat klanten vroegen dat er niet was.",
    "Per category: labelled items sold (less refunds), how many days they stood in the shop (median), what share of what was on offer sold, and what customers asked for that was not there.",
  ],
  "dm.sold": ["Verkocht", "Sold"],
  "dm.days": ["Dagen in de winkel (mediaan)", "Days in the shop (median)"],
  "dm.through": ["Doorverkoop", "Sell-through"],
  "dm.wishes": ["Gevraagd", "Asked for"],
  "dm.empty": ["Nog geen verkopen, voorraad of vragen in deze periode.", "No sales, stock or requests in this period yet."],
});
(function () {
  const $ = (id) => document.getElementById(id);
  let last = null;

  function cell(text, value) {
    const td = document.createElement("td");
    td.className = "num";
    td.textContent = text;
    td.dataset.value = value === null || value === undefined ? "" : String(value);
    return td;
  }

  function render() {
    const demand = last && last.doc.demand; // older documents have no demand block
    $("demand").hidden = !demand;
    if (!demand) return;
    const label = (id) => {
      const c = (last.categories || []).find((x) => x.id === id);
      return c ? (A.lang() === "en" ? c.label_en : c.label_nl) : id;
    };
    const rows = Object.entries(demand.by_category)
      .map(([id, f]) => ({ id, ...f, wishes: demand.wishes[id] || 0 }))
      .filter((r) => r.sold || r.sell_through !== null || r.wishes)
      .sort((a, b) => b.sold - a.sold || b.wishes - a.wishes || label(a.id).localeCompare(label(b.id)));
    $("demand-rows").replaceChildren(...rows.map((r) => {
      const tr = document.createElement("tr");
      tr.dataset.category = r.id;
      const name = document.createElement("th");
      name.scope = "row";
      name.textContent = label(r.id);
      tr.append(name, cell(A.num(r.sold), r.sold),
        cell(r.days_on_shelf_median === null ? "–" : A.num(r.days_on_shelf_median, 0, 1), r.days_on_shelf_median),
        cell(r.sell_through === null ? "–" : `${A.num(100 * r.sell_through, 0)} %`, r.sell_through),
        cell(A.num(r.wishes), r.wishes));
      return tr;
    }));
    $("demand-empty").hidden = rows.length > 0;
    $("demand").dataset.drawn = `${last.doc.from}/${last.doc.to}`;
  }

  document.addEventListener("ambacht:monitor", (e) => { last = e.detail; render(); });
  A.onLang(() => setTimeout(render, 0));
})();
