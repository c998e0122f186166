/* Kassa: a hand scanner types the label's text and Enter into the focused field; everything
   works from the keyboard (F8 Contant, F9 Pin, F2 Retour, Esc). */
"use strict";
(async function () {
  const station = await A.start(["till"]);
  if (!station) return;
  const $ = (id) => document.getElementById(id);
  const CLEAR_CONFIRM_MS = 3000; // a second Esc within this time empties the cart
  const LINE_DEFAULT_CATEGORY = "boeken"; // what is sold by the kilo, mostly

  let categories = [];
  let cart = []; // {code, category, description, price_eur, weight_kg, offline}
  let lines = []; // unlabelled goods: {category, weight_kg, price_eur}
  let returning = false;
  let paying = false;
  let clearArmed = 0;

  const catLabel = (id) => {
    const c = categories.find((x) => x.id === id);
    return c ? (A.lang() === "en" ? c.label_en : c.label_nl) : id;
  };
  const message = (text, kind) => A.say($("scan-message"), text, kind);
  const focusScan = () => $("scan").focus();
  const count = (n) => (n === 1 ? A.t("lines.one") : A.t("lines.many", { n }));

  // ---- the cart -----------------------------------------------------------------------------
  function total() {
    return cart.reduce((s, c) => s + (c.price_eur || 0), 0) + lines.reduce((s, l) => s + l.price_eur, 0);
  }

  /* A cart row: what it is (code or "by weight", and below it category and description), its
     price, and a button that takes it off. */
  function row({ what, code, about, price }, onRemove, removeLabel) {
    const tr = document.createElement("tr");
    const item = document.createElement("td");
    const head = document.createElement("span");
    head.textContent = code || what;
    if (code) head.className = "code";
    const sub = document.createElement("span");
    sub.className = "about";
    sub.textContent = about;
    item.append(head, sub);
    const cost = document.createElement("td");
    cost.className = "num";
    cost.textContent = price;
    tr.append(item, cost);
    const td = document.createElement("td");
    const b = document.createElement("button");
    b.type = "button";
    b.className = "secondary";
    b.textContent = "×";
    b.setAttribute("aria-label", removeLabel);
    b.addEventListener("click", () => { onRemove(); render(); focusScan(); });
    td.append(b);
    tr.append(td);
    return tr;
  }

  function render() {
    const rows = cart.map((c, i) => {
      const about = c.offline ? A.t("till.unknown_item")
        : [catLabel(c.category), c.description].filter(Boolean).join(" · ");
      const price = c.offline ? A.t("till.price_later") : A.eur(c.price_eur);
      const tr = row({ code: c.code, about, price }, () => cart.splice(i, 1), `${A.t("remove")} ${c.code}`);
      tr.dataset.code = c.code;
      return tr;
    });
    lines.forEach((l, i) => rows.push(row({
      what: A.t("till.by_weight", { kg: A.num(l.weight_kg) }), about: catLabel(l.category),
      price: A.eur(l.price_eur),
    }, () => lines.splice(i, 1), A.t("remove"))));
    $("cart-body").replaceChildren(...rows);
    $("cart-empty").hidden = rows.length > 0;
    $("total").textContent = A.eur(total());
    $("total").dataset.eur = total().toFixed(2);
    const unknown = cart.filter((c) => c.offline).length;
    $("total-note").hidden = unknown === 0;
    $("total-note").textContent = A.t("till.total_later", { n: unknown });
    showChange();
  }

  // ---- cash: what the customer gives, and the change to give back -------------------------
  const cents = (eur) => Math.round(eur * 100);

  /* The change for the amount typed in "Klant geeft", shown big while the cashier counts. */
  function showChange() {
    const out = $("change");
    const got = A.parseNumber($("given").value, "eur");
    const known = !cart.some((c) => c.offline);
    if (got.empty || got.error || !known || (!cart.length && !lines.length)) {
      out.hidden = true;
      delete out.dataset.eur;
      return;
    }
    const rest = cents(got.value) - cents(total());
    out.hidden = false;
    out.dataset.state = rest >= 0 ? "change" : "short";
    out.dataset.eur = (rest / 100).toFixed(2);
    out.textContent = rest >= 0 ? A.t("till.change", { eur: A.eur(rest / 100) })
      : A.t("till.short", { eur: A.eur(-rest / 100) });
  }

  /* The amount given in cash, or null when none was typed; refuses too little (FieldError). */
  function given() {
    const value = A.readNumber($("given"));
    if (value !== null && !cart.some((c) => c.offline) && cents(value) < cents(total())) {
      const why = A.t("till.short", { eur: A.eur((cents(total()) - cents(value)) / 100) });
      A.fieldError($("given"), why);
      $("given").focus();
      throw new A.FieldError(why);
    }
    return value;
  }

  /* A new customer's cart starts clean: the last receipt goes, the forms are empty again. */
  function newCart() {
    if (!$("receipt").hidden) {
      $("receipt").hidden = true;
      delete $("receipt").dataset.key;
    }
  }

  function resetForms() {
    A.setNumber($("given"), null);
    A.setNumber($("line-weight"), null);
    A.setNumber($("line-price"), null);
    $("line-category").value = LINE_DEFAULT_CATEGORY;
    $("line-form").open = false;
  }

  /* Why an item cannot be sold, in the words a cashier can say to a customer. */
  function notForSale(item) {
    const key = {
      collected: "why.collected", in_repair: "why.in_repair", sold: "why.sold",
      recycled: "why.gone", disposed: "why.gone", upcycled: "why.upcycled",
      returned_to_owner: "why.gone",
    }[item.state] || "why.other";
    return A.t(key, { code: item.code, state: A.t(`state.${item.state}`) });
  }

  async function scan(text) {
    const code = A.parseCode(text);
    if (!code) { message(A.t("scan.invalid", { text: text.trim() }), "error"); return; }
    const shown = A.showCode(code);
    if (returning) { await giveBack(shown); return; }
    if (cart.some((c) => c.code === shown)) { message(A.t("till.twice", { code: shown }), "error"); return; }
    let item;
    try {
      item = await A.get(`/api/scan?q=${code}`);
    } catch (err) {
      if (err instanceof A.Offline) {
        // The sale is checked by the server when it is sent; the price is known there.
        newCart();
        cart.push({ code: shown, category: null, price_eur: null, offline: true });
        render();
        message(A.t("till.offline_scan", { code: shown }), "warn");
        return;
      }
      message(err.status === 404 ? A.t("till.unknown", { code: shown }) : err.message, "error");
      return;
    }
    if (item.state !== "ready_for_sale") { message(notForSale(item), "error"); return; }
    if (cart.some((c) => c.code === item.code)) return; // scanned twice while the first was on its way
    newCart();
    cart.push({
      code: item.code, category: item.category, description: item.description,
      price_eur: item.price_eur, weight_kg: item.weight_kg,
    });
    render();
    message("", "ok");
  }

  // Scans still on their way: paying waits for them, so a quick F8 after a scan keeps the item.
  const pending = new Set();
  function track(promise) {
    pending.add(promise);
    promise.finally(() => pending.delete(promise));
  }

  $("scan-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("scan").value;
    $("scan").value = "";
    if (text.trim()) track(scan(text));
  });
  A.camera($("camera"), $("camera-view"), (text, err) => {
    if (text) track(scan(text));
    else message(A.t("camera.failed", { detail: err ? err.message : "" }), "error");
  });

  $("line").addEventListener("submit", (e) => {
    e.preventDefault();
    let weight; let price;
    try {
      weight = A.readNumber($("line-weight"), { required: "need.weight" });
      price = A.readNumber($("line-price"), { required: "need.price" });
    } catch (err) {
      if (err instanceof A.FieldError) return; // said next to the field, which has the focus
      throw err;
    }
    newCart();
    lines.push({ category: $("line-category").value, weight_kg: weight, price_eur: price });
    A.setNumber($("line-weight"), null);
    A.setNumber($("line-price"), null);
    render();
    focusScan();
  });
  $("given").addEventListener("input", showChange);
  $("cash-form").addEventListener("submit", (e) => { e.preventDefault(); pay("cash"); });

  // ---- paying -------------------------------------------------------------------------------
  async function pay(payment) {
    if (paying) return;
    paying = true;
    await Promise.all([...pending]);
    paying = false;
    if (!cart.length && !lines.length) { message(A.t("till.empty"), "error"); focusScan(); return; }
    let cash = null;
    if (payment === "cash") {
      try { cash = given(); } catch (err) {
        if (err instanceof A.FieldError) return;
        throw err;
      }
    }
    paying = true;
    ["pay-cash", "pay-pin"].forEach((id) => { $(id).disabled = true; });
    const body = { items: cart.map((c) => c.code), lines, payment };
    const sum = total();
    // offline-scanned items have no known price yet: the server prices them when it gets the sale
    const sumText = cart.some((c) => c.offline) ? A.t("till.total_unknown") : A.eur(sum);
    const label = A.t("outbox.sale", { lines: count(cart.length + lines.length), total: sumText });
    try {
      const res = await A.send("/api/sales", body, label);
      const receipt = $("receipt");
      receipt.hidden = false;
      receipt.dataset.key = res.key;
      if (res.queued) {
        receipt.dataset.state = "queued";
        delete receipt.dataset.sale;
        $("receipt-text").textContent = A.t("till.queued", { lines: count(cart.length + lines.length), total: sumText, pay: A.t(`pay.${payment}`) });
      } else {
        showSold(res.data);
      }
      const change = cash === null || cart.some((c) => c.offline) ? null : (cents(cash) - cents(sum)) / 100;
      $("receipt-change").hidden = change === null;
      $("receipt-change").textContent = change === null ? "" : A.t("till.change", { eur: A.eur(change) });
      receipt.dataset.change = change === null ? "" : change.toFixed(2);
      cart = [];
      lines = [];
      resetForms();
      message("", "ok");
    } catch (err) {
      if (err.code === "not_ready_for_sale" && err.items.length) {
        // Nothing was sold: take the offending items off, say why, and let the cashier pay again.
        const bad = new Set(err.items.map((i) => i.code));
        cart = cart.filter((c) => !bad.has(c.code));
        message(err.items.map((i) => notForSale(i)).join(" ") + " " + A.t("till.removed"), "error");
      } else {
        message(err.message, "error");
      }
    } finally {
      paying = false;
      ["pay-cash", "pay-pin"].forEach((id) => { $(id).disabled = false; });
      render();
      focusScan();
    }
  }

  /* The receipt of a sale the server has stored. */
  function showSold(sale) {
    const receipt = $("receipt");
    receipt.dataset.state = "sold";
    receipt.dataset.sale = sale.sale_id;
    $("receipt-text").textContent = A.t("till.sold", {
      total: A.eur(sale.total_eur), pay: A.t(`pay.${sale.payment}`),
      lines: count(sale.items.length + sale.lines.length),
    });
  }

  // ---- returns ------------------------------------------------------------------------------
  function setReturning(on) {
    returning = on;
    $("till").classList.toggle("returning", on);
    $("mode").hidden = !on;
    $("scan-label").textContent = A.t(on ? "till.return_scan" : "till.scan");
    $("return-mode").setAttribute("aria-pressed", String(on));
    message("", "ok");
    focusScan();
  }

  async function giveBack(code) {
    try {
      const res = await A.send(`/api/items/${code}/return`, {}, `${A.t("return")} ${code}`);
      if (res.queued) message(A.t("queued.action"), "warn");
      else message(A.t("till.returned", { code: res.data.code, n: res.data.cycle }), "ok");
    } catch (err) {
      message(err.status === 409 ? A.t("till.not_sold", { code }) : err.message, "error");
    }
  }

  function clearCart() {
    if (!cart.length && !lines.length) return;
    if (Date.now() - clearArmed > CLEAR_CONFIRM_MS) {
      clearArmed = Date.now();
      message(A.t("till.clear_confirm"), "warn");
      return;
    }
    cart = [];
    lines = [];
    clearArmed = 0;
    A.setNumber($("given"), null);
    render();
    message("", "ok");
  }

  // A sale kept while offline has reached the tracker (possibly after a page reload).
  document.addEventListener("ambacht:sent", (e) => {
    if (e.detail.entry.path !== "/api/sales") return;
    message(A.t("till.sent", { total: A.eur(e.detail.data.total_eur) }), "ok");
    // the receipt on screen said "wordt verstuurd": now it is stored, and says so
    if (!$("receipt").hidden && $("receipt").dataset.key === e.detail.entry.key) showSold(e.detail.data);
  });

  $("pay-cash").addEventListener("click", () => pay("cash"));
  $("pay-pin").addEventListener("click", () => pay("pin"));
  $("return-mode").addEventListener("click", () => setReturning(!returning));
  $("clear").addEventListener("click", () => { clearCart(); focusScan(); });
  document.addEventListener("keydown", (e) => {
    if (e.key === "F8") { e.preventDefault(); pay("cash"); } else if (e.key === "F9") { e.preventDefault(); pay("pin"); } else if (e.key === "F2") { e.preventDefault(); setReturning(!returning); } else if (e.key === "Escape") {
      e.preventDefault();
      if ($("scan").value) $("scan").value = "";
      else if (returning) setReturning(false);
      else clearCart();
    }
  });

  try {
    categories = await A.get("/api/categories");
    localStorage.setItem("ambacht.categories", JSON.stringify(categories));
  } catch (err) {
    categories = JSON.parse(localStorage.getItem("ambacht.categories") || "[]");
  }
  const fillLineCategories = () => {
    const keep = $("line-category").value || "boeken";
    $("line-category").replaceChildren(...categories.map((c) => new Option(catLabel(c.id), c.id)));
    $("line-category").value = keep;
  };
  fillLineCategories();
  A.onLang(() => { fillLineCategories(); render(); $("scan-label").textContent = A.t(returning ? "till.return_scan" : "till.scan"); });
  render();
  focusScan();
  document.body.dataset.ready = "true";
})();
