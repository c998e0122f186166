/* Kassa: a hand scanner types the label's text and Enter into the focused field; everything
   works from the keyboard (F8 Contant, F9 Pin, F4 Korting, F2 Retour, F7 Tegoedbon, F3
   Tegoedbon uitgeven, Esc). Money follows
   CONTRACT §11: a markdown rule lowers a price by itself (shown on the cart line), a discount
   is on a line or the whole receipt with a reason, cash is rounded to 5 cents, a part may be
   paid by card (split), and a card payment waits for the cashier to confirm the terminal's
   approval. Retour is a refund (CONTRACT
   §9): the money goes back and the item back on the shelf; a sold item given back as a
   donation is taken in at intake instead ("Teruggebracht"). The till keeps a copy of the shelf
   with prices, so a scan while the network is gone still shows what the customer pays. */
"use strict";
(async function () {
  const station = await A.start(["till"]);
  if (!station) return;
  const day = window.TillDay(station); // till_day.js: no sale without an open day
  const $ = (id) => document.getElementById(id);
  const CLEAR_CONFIRM_MS = 3000; // a second Esc within this time empties the cart
  const LINE_DEFAULT_CATEGORY = "boeken"; // what is sold by the kilo, mostly
  const SHELF = "ambacht.shelf";
  // Prices change a few times a day at the bench; a copy at most this old is good enough, and
  // an unchanged shelf costs one small 304.
  const SHELF_REFRESH_MS = 3 * 60 * 1000;
  // localStorage holds about 5 M characters per site and the outbox (the sales waiting to be
  // sent) must always fit beside the copy: a shelf bigger than this (some 30,000 items) is not
  // kept, and an offline scan then says that the price follows.
  const SHELF_MAX_CHARS = 1500000;
  // A receipt's QR holds /r/{sale_id} (CONTRACT §11); a sale id typed by hand is the same text.
  const RECEIPT = /\/r\/([A-Za-z0-9_-]{1,64})\/?(?:[?#].*)?$/;
  const SALE_ID = /^[A-Za-z0-9_-]{10,64}$/;
  const REASONS = "ambacht.discount_reasons";
  const CASH_STEP = 5; // cents: Dutch shops round a cash amount to 5 cents (1, 2 down; 3, 4 up)

  let categories = [];
  let cart = []; // {code, category, description, price_eur, weight_kg, offline, shelf}
  let lines = []; // unlabelled goods: {category, weight_kg, price_eur}
  let discounts = []; // {on: "i:CODE" | "l:INDEX" | "receipt", eur | pct, reason}
  let reasons = [];
  let refunding = false; // Retour (F2): scans find a sale to refund
  let refundSale = null; // the sale on screen (GET /api/sales/{id})
  let picked = new Set(); // what of it comes back: "i:CODE" and "l:INDEX"
  let paying = false;
  let clearArmed = 0;
  let usedVouchers = []; // tegoedbonnen on this receipt: {code, balance_eur} (vouchers.js)

  const catLabel = (id) => {
    const c = categories.find((x) => x.id === id);
    return c ? (A.lang() === "en" ? c.label_en : c.label_nl) : id;
  };
  const message = (text, kind) => A.say($("scan-message"), text, kind);
  const focusScan = () => $("scan").focus();
  const count = (n) => (n === 1 ? A.t("lines.one") : A.t("lines.many", { n }));

  // ---- the cart -----------------------------------------------------------------------------
  const cents = (eur) => Math.round(eur * 100);
  const cashRounded = (c) => Math.floor((c + Math.floor(CASH_STEP / 2)) / CASH_STEP) * CASH_STEP;
  const off = (d, c) => (d.pct !== undefined ? Math.round((c * d.pct) / 100) : cents(d.eur));

  /* Each row's price in cents after its markdown and discounts (as the server reckons them),
     and the total after the receipt's discounts. */
  function priced() {
    const rows = {};
    cart.forEach((c) => { rows[`i:${c.code}`] = cents(c.marked_eur ?? c.price_eur ?? 0); });
    lines.forEach((l, i) => { rows[`l:${i}`] = cents(l.price_eur); });
    discounts.filter((d) => d.on !== "receipt").forEach((d) => { rows[d.on] -= off(d, rows[d.on]); });
    let sum = Object.values(rows).reduce((a, b) => a + b, 0);
    discounts.filter((d) => d.on === "receipt").forEach((d) => { sum -= off(d, sum); });
    return { rows, total: sum };
  }

  function total() {
    return priced().total / 100;
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
      const marked = c.marked_eur != null
        ? A.t("till.marked_down", { pct: A.num(c.markdown_pct), eur: A.eur(c.price_eur) }) : "";
      const about = c.offline ? A.t("till.unknown_item")
        : [catLabel(c.category), c.description, marked, ...discountWords(`i:${c.code}`),
          c.shelf ? A.t("till.from_shelf") : ""].filter(Boolean).join(" · ");
      const price = c.offline ? A.t("till.price_later") : A.eur(priced().rows[`i:${c.code}`] / 100);
      const tr = row({ code: c.code, about, price }, () => { dropDiscounts(`i:${c.code}`); cart.splice(i, 1); },
        `${A.t("remove")} ${c.code}`);
      tr.dataset.code = c.code;
      if (c.marked_eur != null) tr.dataset.markdown = String(c.markdown_pct);
      if (c.shelf) tr.dataset.source = "shelf";
      return tr;
    });
    lines.forEach((l, i) => rows.push(row({
      what: A.t("till.by_weight", { kg: A.num(l.weight_kg) }),
      about: [catLabel(l.category), ...discountWords(`l:${i}`)].join(" · "),
      price: A.eur(priced().rows[`l:${i}`] / 100),
    }, () => { dropLine(i); lines.splice(i, 1); }, A.t("remove"))));
    $("cart-body").replaceChildren(...rows);
    $("cart-empty").hidden = rows.length > 0;
    $("total").textContent = A.eur(total());
    $("total").dataset.eur = total().toFixed(2);
    const unknown = cart.filter((c) => c.offline).length;
    $("total-note").hidden = unknown === 0;
    $("total-note").textContent = A.t("till.total_later", { n: unknown });
    const onReceipt = discounts.filter((d) => d.on === "receipt");
    $("discount-list").hidden = onReceipt.length === 0;
    $("discount-list").textContent = onReceipt.map((d) => A.t("till.receipt_discount", {
      eur: d.pct !== undefined ? `${A.num(d.pct)}%` : A.eur(d.eur), reason: reasonLabel(d.reason),
    })).join(" ");
    fillDiscountTargets();
    $("voucher-list").hidden = !usedVouchers.length;
    $("voucher-list").textContent = voucherParts().map((v) => A.t("voucher.used", {
      code: v.code, eur: A.eur(v.take / 100), balance: A.eur(v.balance_eur),
    })).join(" ");
    showChange();
  }

  // ---- discounts (F4): on a line or the whole receipt, € or %, with a reason ----------------
  const reasonLabel = (r) => (window.WORDS.nl[`discount.${r}`] ? A.t(`discount.${r}`) : r);
  const discountWords = (on) => discounts.filter((d) => d.on === on).map((d) => A.t("till.discounted", {
    eur: d.pct !== undefined ? `${A.num(d.pct)}%` : A.eur(d.eur), reason: reasonLabel(d.reason),
  }));
  const dropDiscounts = (on) => { discounts = discounts.filter((d) => d.on !== on); };
  function dropLine(index) { // the lines after it move up one place
    dropDiscounts(`l:${index}`);
    discounts = discounts.map((d) => {
      const m = d.on.match(/^l:(\d+)$/);
      return m && Number(m[1]) > index ? { ...d, on: `l:${Number(m[1]) - 1}` } : d;
    });
  }

  function fillDiscountTargets() {
    const keep = $("discount-on").value;
    const options = [new Option(A.t("till.discount_receipt"), "receipt"),
      ...cart.filter((c) => !c.offline).map((c) => new Option(c.code, `i:${c.code}`)),
      ...lines.map((l, i) => new Option(A.t("till.by_weight", { kg: A.num(l.weight_kg) }), `l:${i}`))];
    $("discount-on").replaceChildren(...options);
    if (options.some((o) => o.value === keep)) $("discount-on").value = keep;
  }

  function fillReasons() {
    $("discount-reason").replaceChildren(...reasons.map((r) => new Option(reasonLabel(r), r)));
  }

  function openDiscount() {
    if (refunding) return;
    fillDiscountTargets();
    const last = cart.length ? `i:${cart[cart.length - 1].code}` : "receipt";
    if (!cart.length || !cart[cart.length - 1].offline) $("discount-on").value = last;
    $("discount-form").open = true;
    $("discount-amount").focus();
  }

  function addDiscount() {
    const input = $("discount-amount");
    const text = input.value.trim();
    const isPct = text.endsWith("%");
    const got = A.parseNumber(text.replace(/%$/, ""), "eur");
    const on = $("discount-on").value;
    const bad = (why) => { A.fieldError(input, A.t(why)); input.focus(); };
    if (got.empty || got.error || got.value <= 0 || (isPct && got.value > 100)) { bad("till.discount_bad"); return; }
    const d = isPct ? { on, pct: got.value, reason: $("discount-reason").value }
      : { on, eur: got.value, reason: $("discount-reason").value };
    const before = priced();
    const left = on === "receipt" ? before.total : before.rows[on];
    if (left === undefined || off(d, left) > left) { bad("till.discount_over"); return; }
    A.fieldError(input, "");
    discounts.push(d);
    input.value = "";
    $("discount-form").open = false;
    render();
    focusScan();
  }

  /* The discounts as the API takes them. */
  const discountBody = () => discounts.map((d) => ({
    ...(d.on.startsWith("i:") ? { item: d.on.slice(2) } : {}),
    ...(d.on.startsWith("l:") ? { line: Number(d.on.slice(2)) } : {}),
    ...(d.pct !== undefined ? { pct: d.pct } : { eur: d.eur }), reason: d.reason,
  }));

  // ---- cash: what the customer gives, and the change to give back -------------------------
  /* The part paid by card (split), in cents: 0 when none was typed. */
  function pinPart() {
    const got = A.parseNumber($("pin-part").value, "eur");
    return got.empty || got.error ? 0 : cents(got.value);
  }

  // ---- tegoedbonnen (F7, or scanned): after the card part, each pays what it can --------
  /* What each voucher pays (cents): at most its balance; the rest stays on it (no change). */
  function voucherParts() {
    let due = Math.max(priced().total - pinPart(), 0);
    return usedVouchers.map((v) => {
      const take = Math.min(cents(v.balance_eur), due);
      due -= take;
      return { ...v, take };
    });
  }
  const voucherPaid = () => voucherParts().reduce((sum, v) => sum + v.take, 0);

  async function useVoucher(text) {
    if (!cart.length && !lines.length) { message(A.t("voucher.first_items"), "error"); return; }
    if (cart.some((c) => c.offline)) { message(A.t("voucher.offline"), "error"); return; }
    let found;
    try { found = await Vouchers.lookup(text); } catch (err) { message(err.message, "error"); return; }
    if (usedVouchers.some((v) => v.code === found.code)) { message(A.t("voucher.twice", { code: found.code }), "error"); return; }
    usedVouchers.push({ code: found.code, balance_eur: found.balance_eur });
    render();
    const rest = Math.max(priced().total - pinPart() - voucherPaid(), 0);
    message(A.t(rest ? "voucher.applied" : "voucher.covers", {
      code: found.code, balance: A.eur(found.balance_eur), rest: A.eur(rest / 100),
    }), "ok");
  }

  /* What is left to pay in cash, rounded to 5 cents. */
  const cashDue = () => cashRounded(Math.max(priced().total - pinPart() - voucherPaid(), 0));

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
    const rest = cents(got.value) - cashDue();
    out.hidden = false;
    out.dataset.state = rest >= 0 ? "change" : "short";
    out.dataset.eur = (rest / 100).toFixed(2);
    out.textContent = rest >= 0 ? A.t("till.change", { eur: A.eur(rest / 100) })
      : A.t("till.short", { eur: A.eur(-rest / 100) });
  }

  /* The amount given in cash, or null when none was typed; refuses too little (FieldError). */
  function given() {
    const value = A.readNumber($("given"));
    if (value !== null && !cart.some((c) => c.offline) && cents(value) < cashDue()) {
      const why = A.t("till.short", { eur: A.eur((cashDue() - cents(value)) / 100) });
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
    usedVouchers = [];
    A.setNumber($("given"), null);
    A.setNumber($("pin-part"), null);
    discounts = [];
    $("discount-form").open = false;
    A.setNumber($("line-weight"), null);
    A.setNumber($("line-price"), null);
    $("line-category").value = LINE_DEFAULT_CATEGORY;
    $("line-form").open = false;
  }

  /* Why an item cannot be sold, in the words a cashier can say to a customer. */
  function notForSale(item) {
    return A.t(`why.${item.state}`, { code: item.code, state: A.t(`state.${item.state}`) });
  }

  async function scan(text) {
    if (Vouchers.looks(text)) { await useVoucher(text); return; } // a voucher's QR or code
    const code = A.parseCode(text);
    if (!code) { message(A.t("scan.invalid", { text: text.trim() }), "error"); return; }
    const shown = A.showCode(code);
    if (cart.some((c) => c.code === shown)) { message(A.t("till.twice", { code: shown }), "error"); return; }
    let item;
    try {
      item = await A.get(`/api/scan?q=${code}`);
    } catch (err) {
      if (err instanceof A.Offline) {
        // Priced from the copy of the shelf; the server still checks the sale when it is sent.
        const known = onShelf(code);
        newCart();
        if (known) {
          cart.push({ code: shown, ...known, shelf: true });
          message(A.t("till.offline_priced", { code: shown, eur: A.eur(known.marked_eur ?? known.price_eur) }), "warn");
        } else {
          cart.push({ code: shown, category: null, price_eur: null, offline: true });
          message(A.t("till.offline_scan", { code: shown }), "warn");
        }
        render();
        return;
      }
      message(err.status === 404 ? A.t("till.unknown", { code: shown }) : err.message, "error");
      return;
    }
    if (item.state !== "ready_for_sale") { message(notForSale(item), "error"); return; }
    if (item.reserved_until && !(await TillShop.sellReserved(item))) return; // till_shop.js
    if (cart.some((c) => c.code === item.code)) return; // scanned twice while the first was on its way
    newCart();
    cart.push({
      code: item.code, category: item.category, description: item.description,
      price_eur: item.price_eur, weight_kg: item.weight_kg,
      marked_eur: item.marked_down_eur ?? null, markdown_pct: item.markdown_pct ?? null,
    });
    render();
    message("", "ok");
  }

  // Scans are handled one after another, in the order they were made: the receipt keeps that
  // order (F4 is on the line scanned last) and a voucher sees every item scanned before it.
  // Paying waits for those still on their way, so a quick F8 after a scan keeps the item.
  const pending = new Set();
  let lastScan = Promise.resolve();
  function track(work) {
    const promise = lastScan.then(work, work);
    lastScan = promise.catch(() => {});
    pending.add(promise);
    promise.finally(() => pending.delete(promise));
  }

  const scanned = (text) => (refunding ? findSale(text) : scan(text));
  $("scan-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("scan").value;
    $("scan").value = "";
    if (text.trim()) track(() => scanned(text));
  });
  A.camera($("camera"), $("camera-view"), (text, err) => {
    if (text) track(() => scanned(text));
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
  $("pin-part").addEventListener("input", showChange);
  // Enter after the card's part: on to what the customer gives in cash
  $("split-form").addEventListener("submit", (e) => { e.preventDefault(); $("given").focus(); });
  $("discount").addEventListener("submit", (e) => { e.preventDefault(); addDiscount(); });
  $("cash-form").addEventListener("submit", (e) => { e.preventDefault(); pay("cash"); });
  $("voucher-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("voucher-code").value;
    $("voucher-code").value = "";
    if (text.trim()) track(() => useVoucher(text).then(focusScan));
  });
  const issuing = Vouchers.issueForm(focusScan);

  // ---- paying -------------------------------------------------------------------------------
  async function pay(payment) {
    if (refunding) { // in Retour, F8 and F9 pay back in cash or by card
      document.querySelector(`input[name=refund-method][value=${payment}]`).checked = true;
      await Promise.all([...pending]); // a scan still on its way ticks its item first
      refund();
      return;
    }
    if (paying || !day.open()) return;
    paying = true;
    await Promise.all([...pending]);
    paying = false;
    if (!cart.length && !lines.length) { message(A.t("till.empty"), "error"); focusScan(); return; }
    const offline = cart.some((c) => c.offline);
    const pin = payment === "cash" ? pinPart() : 0;
    let cash = null;
    if (payment === "cash") {
      try { cash = given(); } catch (err) {
        if (err instanceof A.FieldError) return;
        throw err;
      }
    }
    if (pin && offline) { message(A.t("till.split_offline"), "error"); return; }
    if (pin > priced().total) { message(A.t("till.pin_too_much"), "error"); $("pin-part").focus(); return; }
    const fromVouchers = voucherParts().filter((v) => v.take > 0);
    const rest = priced().total - pin - voucherPaid(); // cents left after card part and vouchers
    if ((payment === "pin" && (rest > 0 || offline)) || pin) { // the cashier confirms the terminal's approval first
      const card = payment === "pin" ? (offline ? null : rest / 100) : pin / 100;
      if (!(await confirmPin(card))) { message(A.t("till.pin_cancelled"), "warn"); focusScan(); return; }
    }
    paying = true;
    ["pay-cash", "pay-pin"].forEach((id) => { $(id).disabled = true; });
    const body = { items: cart.map((c) => c.code), lines };
    if (discounts.length) body.discounts = discountBody();
    if (fromVouchers.length) {
      body.payments = fromVouchers.map((v) => ({ method: "voucher", amount_eur: v.take / 100, voucher: v.code }));
      if (pin) body.payments.push({ method: "pin", amount_eur: pin / 100 });
      if (payment === "pin" && !pin && rest > 0) body.payments.push({ method: "pin", amount_eur: rest / 100 });
      else if (payment === "cash" && (rest > 0 || cash !== null)) {
        body.payments.push({ method: "cash", amount_eur: (cash === null ? cashRounded(rest) : cents(cash)) / 100 });
      }
    } else if (pin) {
      body.payments = [{ method: "pin", amount_eur: pin / 100 },
        { method: "cash", amount_eur: (cash === null ? cashDue() : cents(cash)) / 100 }];
    } else if (cash !== null && !offline) {
      body.payments = [{ method: "cash", amount_eur: cash }];
    } else {
      body.payment = payment;
    }
    const methods = new Set(body.payments ? body.payments.map((p) => p.method) : [payment]);
    const payName = methods.size > 1 ? "split" : [...methods][0];
    // the prices the customer saw from the copy of the shelf: the server books the sale at
    // those (the money was taken) and keeps any difference for the coordinator
    const shownPrices = Object.fromEntries(cart.filter((c) => c.shelf).map((c) => [c.code, c.price_eur]));
    if (Object.keys(shownPrices).length) body.shown_prices = shownPrices;
    const sum = total();
    // offline-scanned items have no known price yet: the server prices them when it gets the sale
    const sumText = cart.some((c) => c.offline) ? A.t("till.total_unknown") : A.eur(sum);
    const label = A.t("outbox.sale", { lines: count(cart.length + lines.length), total: sumText, pay: A.t(`pay.${payName}`) });
    try {
      const res = await A.send("/api/sales", body, label, A.t("till.sale_refused"));
      const receipt = $("receipt");
      receipt.hidden = false;
      receipt.dataset.key = res.key;
      if (res.queued) {
        receipt.dataset.state = "queued";
        delete receipt.dataset.sale;
        $("receipt-text").textContent = A.t("till.queued", { lines: count(cart.length + lines.length), total: sumText, pay: A.t(`pay.${payName}`) });
      } else {
        showSold(res.data);
      }
      // the change the server reckoned (cash rounded to 5 cents), or the page's own while offline
      const change = cash === null || offline ? null
        : (res.queued ? (cents(cash) - cashDue()) / 100 : res.data.change_eur);
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
        if (String(err.code).startsWith("voucher")) usedVouchers = []; // scan it again once put right
        message(err.message, "error");
      }
    } finally {
      paying = false;
      ["pay-cash", "pay-pin"].forEach((id) => { $(id).disabled = false; });
      render();
      focusScan();
    }
  }

  /* Wait for the cashier to confirm the card terminal's approval (Enter) or not (Esc). */
  let pinAnswer = null;
  function confirmPin(eur) {
    $("pin-ask").textContent = A.t("till.pin_ask", { eur: eur === null ? A.t("till.total_unknown") : A.eur(eur) });
    $("pin-confirm").hidden = false;
    $("pin-ok").focus();
    return new Promise((resolve) => { pinAnswer = resolve; });
  }
  function answerPin(ok) {
    if (!pinAnswer) return;
    const resolve = pinAnswer;
    pinAnswer = null;
    $("pin-confirm").hidden = true;
    resolve(ok);
  }
  $("pin-ok").addEventListener("click", () => answerPin(true));
  $("pin-cancel").addEventListener("click", () => answerPin(false));

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

  // ---- Retour: a refund of (part of) a sale ------------------------------------------------
  function setRefunding(on) {
    refunding = on;
    $("till").classList.toggle("refunding", on);
    $("mode").hidden = !on;
    $("scan-label").textContent = A.t(on ? "till.refund_scan" : "till.scan");
    $("return-mode").setAttribute("aria-pressed", String(on));
    $("scan-go").dataset.t = on ? "scan.find" : "add";
    $("scan-go").textContent = A.t($("scan-go").dataset.t);
    if (!on) showSale(null);
    message("", "ok");
    focusScan();
  }

  /* What was scanned or typed in Retour: an item of the sale, the receipt's /r/{id} or its id. */
  async function findSale(text) {
    const s = text.trim();
    const receipt = s.match(RECEIPT);
    let saleId = receipt ? receipt[1] : null;
    let code = null;
    if (!saleId) {
      code = A.parseCode(s);
      if (code) {
        code = A.showCode(code);
        if (refundSale && refundSale.items.some((i) => i.code === code)) { pick(code); return; }
        saleId = await saleOf(code);
        if (!saleId) return;
      } else if (SALE_ID.test(s) && s.replace(/-/g, "").length !== 9) {
        saleId = s;
      } else {
        message(A.t("refund.invalid", { text: s }), "error");
        return;
      }
    }
    try {
      showSale(await A.get(`/api/sales/${encodeURIComponent(saleId)}`), code);
    } catch (err) {
      if (err instanceof A.Offline) message(A.t("refund.offline"), "error");
      else message(err.status === 404 ? A.t("refund.no_sale", { id: saleId }) : err.message, "error");
    }
  }

  /* The sale an item was last sold in (its newest `sold` event), or null after saying why. */
  async function saleOf(code) {
    let events;
    try {
      events = await A.get(`/api/items/${code}/events`);
    } catch (err) {
      if (err instanceof A.Offline) message(A.t("refund.offline"), "error");
      else message(err.status === 404 ? A.t("till.unknown", { code }) : err.message, "error");
      return null;
    }
    const sold = events.filter((e) => e.type === "sold").pop();
    if (!sold || !sold.data.sale_id) { message(A.t("refund.never_sold", { code }), "error"); return null; }
    return sold.data.sale_id;
  }

  /* Put a sale on screen (null: none), with the scanned item ticked. */
  function showSale(sale, code) {
    refundSale = sale;
    picked = new Set();
    $("refund-faulty").checked = false;
    $("refund-result").hidden = true;
    $("refund-voucher").hidden = true;
    $("refund-note").hidden = true;
    if (sale) {
      const method = ["pin", "voucher"].includes(sale.payment) ? sale.payment : "cash";
      document.querySelector(`input[name=refund-method][value=${method}]`).checked = true;
      const item = code && sale.items.find((i) => i.code === code);
      if (item && !item.refunded) picked.add(`i:${code}`);
      if (item && item.refunded) message(A.t("refund.already", { code }), "warn");
      else message("", "ok");
    }
    renderRefund();
  }

  function pick(code) {
    const item = refundSale.items.find((i) => i.code === code);
    if (item.refunded) { message(A.t("refund.already", { code }), "warn"); return; }
    picked.add(`i:${code}`);
    message("", "ok");
    renderRefund();
  }

  const refundRows = () => (refundSale ? [
    ...refundSale.items.map((i) => ({ key: `i:${i.code}`, code: i.code, about: catLabel(i.category), ...i })),
    ...refundSale.lines.map((l) => ({
      key: `l:${l.index}`, about: `${A.t("till.by_weight", { kg: A.num(l.weight_kg) })} · ${catLabel(l.category)}`, ...l,
    })),
  ] : []);

  const refundSum = () => refundRows().filter((r) => picked.has(r.key))
    .reduce((sum, r) => sum + cents(r.price_eur || 0), 0) / 100;

  function renderRefund() {
    $("refund-none").hidden = Boolean(refundSale);
    $("refund-sale").hidden = !refundSale;
    $("refund-total").textContent = A.eur(refundSum());
    $("refund-total").dataset.eur = refundSum().toFixed(2);
    if (!refundSale) { $("refund-lines").replaceChildren(); return; }
    $("refund-about").textContent = A.t("refund.sale", {
      when: A.dateTime(refundSale.at), total: A.eur(refundSale.total_eur),
      pay: A.t(`pay.${refundSale.payment}`), id: refundSale.sale_id,
    });
    $("refund-lines").replaceChildren(...refundRows().map((r) => {
      const li = document.createElement("li");
      li.dataset.key = r.key;
      if (r.code) li.dataset.code = r.code;
      const label = document.createElement("label");
      label.className = "inline";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = picked.has(r.key);
      box.disabled = r.refunded;
      box.addEventListener("change", () => {
        if (box.checked) picked.add(r.key); else picked.delete(r.key);
        renderRefund();
      });
      const what = document.createElement("span");
      what.className = "what";
      if (r.code) {
        const code = document.createElement("span");
        code.className = "code";
        code.textContent = r.code;
        what.append(code, " ");
      }
      const about = document.createElement("span");
      about.className = "about";
      about.textContent = r.refunded ? `${r.about} · ${A.t("refund.done_before")}` : r.about;
      what.append(about);
      const price = document.createElement("span");
      price.className = "num";
      price.textContent = A.eur(r.price_eur);
      label.append(box, what, price);
      li.append(label);
      if (r.refunded) li.dataset.refunded = "true";
      return li;
    }));
  }

  async function refund() {
    if ($("refund-go").disabled || !day.open()) return; // one at a time: F8 twice pays once
    if (!refundSale) { message(A.t("refund.none"), "error"); focusScan(); return; }
    if (!picked.size) { message(A.t("refund.none_picked"), "error"); return; }
    const sale = refundSale;
    const method = document.querySelector("input[name=refund-method]:checked").value;
    const sum = refundSum();
    const body = {
      items: [...picked].filter((k) => k.startsWith("i:")).map((k) => k.slice(2)),
      lines: [...picked].filter((k) => k.startsWith("l:")).map((k) => Number(k.slice(2))),
      method, faulty: $("refund-faulty").checked,
    };
    const label = A.t("outbox.refund", { total: A.eur(sum), pay: A.t(`pay.${method}`) });
    $("refund-go").disabled = true;
    try {
      const res = await A.send(`/api/sales/${encodeURIComponent(sale.sale_id)}/refund`, body, label,
        A.t("refund.refused_later"));
      try { // what of the sale is refunded now
        showSale(await A.get(`/api/sales/${encodeURIComponent(sale.sale_id)}`));
      } catch (err) {
        if (!(err instanceof A.Offline)) throw err;
        showSale(null);
      }
      payBack(res.queued ? sum : res.data.amount_eur, method, res.queued, res.queued ? null : res.data.voucher);
    } catch (err) {
      if (!(err instanceof A.ApiError)) throw err;
      try { // show what is true now (refunded at another till meanwhile?)
        showSale(await A.get(`/api/sales/${encodeURIComponent(sale.sale_id)}`));
      } catch (again) {
        if (!(again instanceof A.ApiError || again instanceof A.Offline)) throw again;
      }
      const why = err.items.length ? err.items.map((i) => i.detail).join("; ") : err.message;
      message(A.t("refund.refused", { why }), "error");
    } finally {
      $("refund-go").disabled = false;
    }
  }

  /* The amount to give back, big: the cashier reads it while counting out the money. */
  function payBack(eur, method, queued, voucher) {
    if (voucher) Vouchers.render($("refund-voucher"), voucher, eur); // the new tegoedbon's code
    const out = $("refund-result");
    out.hidden = false;
    out.dataset.eur = eur.toFixed(2);
    out.dataset.method = method;
    out.textContent = A.t(`refund.give_${method}`, { eur: A.eur(eur) });
    $("refund-note").hidden = !queued;
    $("refund-note").textContent = queued ? A.t("refund.queued") : "";
    message("", "ok");
    focusScan();
  }

  // ---- the copy of the shelf, for prices while offline ----------------------------------------
  let shelfCopy; // parsed once: {etag, items: {CODE: [price_eur, category, description]}}
  function readShelf() {
    if (shelfCopy === undefined) {
      try { shelfCopy = JSON.parse(localStorage.getItem(SHELF) || "null"); } catch { shelfCopy = null; }
    }
    return shelfCopy;
  }

  /* The item as the copy of the shelf knows it, or null. */
  function onShelf(code) {
    const kept = readShelf();
    const hit = kept && kept.items[code];
    return hit ? {
      price_eur: hit[0], category: hit[1], description: hit[2] || null,
      marked_eur: hit[3] ?? null, markdown_pct: hit[4] ?? null,
    } : null;
  }

  async function refreshShelf() {
    const kept = readShelf();
    let res;
    try {
      res = await A.call("GET", "/api/shelf", {
        raw: true, timeout: 30000, headers: kept && kept.etag ? { "If-None-Match": kept.etag } : {},
      });
    } catch (err) {
      if (err instanceof A.Offline || err instanceof A.ApiError) return; // the old copy stays
      throw err;
    }
    if (res.status === 304) { document.body.dataset.shelf = "kept"; return; }
    const body = await res.json();
    const items = {};
    body.items.forEach((i) => {
      const code = i.code.replace(/-/g, "");
      items[code] = i.marked_down_eur != null
        ? [i.price_eur, i.category, i.description || null, i.marked_down_eur, i.markdown_pct]
        : i.description ? [i.price_eur, i.category, i.description] : [i.price_eur, i.category];
    });
    const fresh = { etag: res.headers.get("ETag"), items };
    const text = JSON.stringify(fresh);
    try {
      if (text.length > SHELF_MAX_CHARS) throw new Error("too big");
      localStorage.setItem(SHELF, text);
      shelfCopy = fresh;
      document.body.dataset.shelf = "fresh";
    } catch (err) { // too big, or the storage is full: keep none rather than crowd the outbox
      localStorage.removeItem(SHELF);
      shelfCopy = null;
      document.body.dataset.shelf = "none";
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
    discounts = [];
    usedVouchers = [];
    clearArmed = 0;
    A.setNumber($("given"), null);
    A.setNumber($("pin-part"), null);
    render();
    message("", "ok");
  }

  // A sale or refund kept while offline has reached the tracker (possibly after a reload).
  document.addEventListener("ambacht:sent", (e) => {
    const { entry, data } = e.detail;
    if (entry.path.endsWith("/refund")) {
      message(A.t("refund.sent", { eur: A.eur(data.amount_eur) }), "ok");
      if (data.voucher) Vouchers.render($("refund-voucher"), data.voucher, data.amount_eur);
      return;
    }
    if (entry.path !== "/api/sales") return;
    message(A.t("till.sent", { total: A.eur(data.total_eur) }), "ok");
    // the receipt on screen said "wordt verstuurd": now it is stored, and says so
    if (!$("receipt").hidden && $("receipt").dataset.key === entry.key) showSold(data);
  });
  // ...or the server refused it on the resend (the list at the top says why): the receipt on
  // screen no longer says it is on its way
  document.addEventListener("ambacht:refused", (e) => {
    const receipt = $("receipt");
    if (receipt.hidden || receipt.dataset.key !== e.detail.entry.key) return;
    receipt.dataset.state = "refused";
    $("receipt-text").textContent = A.t("till.refused_receipt");
    $("receipt-change").hidden = true;
  });

  $("pay-cash").addEventListener("click", () => pay("cash"));
  $("pay-pin").addEventListener("click", () => pay("pin"));
  $("return-mode").addEventListener("click", () => setRefunding(!refunding));
  $("refund-form").addEventListener("submit", (e) => { e.preventDefault(); refund(); });
  $("clear").addEventListener("click", () => { clearCart(); focusScan(); });
  document.addEventListener("keydown", (e) => {
    if (pinAnswer) { // the card step: Enter on "Akkoord" confirms, Esc says it failed
      if (e.key === "Escape") { e.preventDefault(); answerPin(false); }
      if (["F2", "F3", "F4", "F7", "F8", "F9"].includes(e.key)) e.preventDefault();
      return;
    }
    if (e.key === "F4") { e.preventDefault(); openDiscount(); return; }
    if (e.key === "F7") { // a tegoedbon: pays (its field), or in Retour the money goes onto one
      e.preventDefault();
      if (refunding) pay("voucher"); else $("voucher-code").focus();
      return;
    }
    if (e.key === "F3") { e.preventDefault(); if (!refunding) issuing.open(); return; }
    if (e.key === "F8") { e.preventDefault(); pay("cash"); } else if (e.key === "F9") { e.preventDefault(); pay("pin"); } else if (e.key === "F2") { e.preventDefault(); setRefunding(!refunding); } else if (e.key === "Escape") {
      e.preventDefault();
      if ($("scan").value) $("scan").value = "";
      else if (refunding) setRefunding(false);
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
  try {
    reasons = (await A.get("/api/discount-reasons")).reasons;
    localStorage.setItem(REASONS, JSON.stringify(reasons));
  } catch (err) {
    reasons = JSON.parse(localStorage.getItem(REASONS) || "[]");
  }
  fillReasons();
  A.onLang(() => {
    fillLineCategories();
    fillReasons();
    render();
    renderRefund();
    $("scan-label").textContent = A.t(refunding ? "till.refund_scan" : "till.scan");
  });
  render();
  renderRefund();
  focusScan();
  await day.start();
  refreshShelf();
  setInterval(refreshShelf, SHELF_REFRESH_MS);
  document.body.dataset.ready = "true";
})();
