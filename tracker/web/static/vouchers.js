/* Tegoedbonnen at the till (CONTRACT §11): recognising a voucher's code or its QR's /v/ URL
   (never an item's), looking up its balance, issuing one (F3), and a voucher on screen with
   its printing. till.js pays with them (F7) and refunds onto them. */
"use strict";
window.addWords({
  "voucher.pay": ["Tegoedbon: scan of typ de code", "Voucher: scan or type the code"],
  "voucher.used": ["Tegoedbon {code}: {eur} (saldo {balance})", "Voucher {code}: {eur} (balance {balance})"],
  "voucher.applied": [
    "Tegoedbon {code} staat op de bon: saldo {balance}. Nog te betalen: {rest} (F8 contant, F9 pin).",
    "Voucher {code} is on the receipt: balance {balance}. Still to pay: {rest} (F8 cash, F9 card).",
  ],
  "voucher.covers": [
    "Tegoedbon {code} staat op de bon: saldo {balance}, genoeg voor alles. F8 rekent af.",
    "Voucher {code} is on the receipt: balance {balance}, enough for everything. F8 checks out.",
  ],
  "voucher.twice": ["Tegoedbon {code} staat al op de bon.", "Voucher {code} is already on the receipt."],
  "voucher.empty": ["Tegoedbon {code} is al helemaal gebruikt.", "Voucher {code} has been used up."],
  "voucher.unknown": ["Tegoedbon {code} kennen we niet.", "We do not know voucher {code}."],
  "voucher.invalid": [
    "‘{text}’ is geen geldige tegoedbon: kijk de code na.",
    "‘{text}’ is not a valid voucher: check the code.",
  ],
  "voucher.offline": [
    "Geen verbinding: een tegoedbon kan alleen met verbinding (het saldo staat op de server).",
    "No connection: a voucher needs the connection (its balance is on the server).",
  ],
  "voucher.first_items": ["Scan eerst wat de klant koopt.", "Scan what the customer buys first."],
  "voucher.issue": ["Tegoedbon uitgeven", "Issue a voucher"],
  "voucher.amount": ["Bedrag (€)", "Amount (€)"],
  "voucher.reason": ["Reden", "Reason"],
  "voucher.reason_default": ["cadeaubon", "gift voucher"],
  "voucher.paid": ["Betaald", "Paid"],
  "voucher.not_paid": ["Niet betaald (geschonken)", "Not paid (given)"],
  "voucher.issue_go": ["Uitgeven", "Issue"],
  "voucher.made": ["Tegoedbon {code}: {eur}", "Voucher {code}: {eur}"],
  "voucher.made_later": [
    "De tegoedbon wordt gemaakt zodra er verbinding is; de code volgt dan.",
    "The voucher is made once there is a connection; its code follows then.",
  ],
  "voucher.print": ["Tegoedbon printen", "Print voucher"],
  "voucher.printed": ["Geprint op {printer}.", "Printed on {printer}."],
  "voucher.need_amount": ["Vul een bedrag in.", "Fill in an amount."],
  "voucher.need_reason": ["Vul een reden in.", "Fill in a reason."],
  "refund.give_voucher": ["Op tegoedbon: {eur}", "Onto a voucher: {eur}"],
});

window.Vouchers = (function () {
  const SYMBOLS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const CHECK = SYMBOLS + "*~$=U";
  const DATA = 12; // symbols of data; a voucher is 12 + 1 check (an item code: 8 + 1)
  const PREFIX = "TB";
  const URL = /\/v\/([^/?#]+)\/?(?:[?#].*)?$/;

  /* The canonical code of a scanned or typed voucher, or null (an item's code is never one). */
  function parse(text) {
    let s = String(text || "").trim();
    const url = s.match(URL);
    if (url) s = decodeURIComponent(url[1]);
    let c = s.replace(/[\s-]+/g, "").toUpperCase();
    if (c.length === PREFIX.length + DATA + 1 && c.startsWith(PREFIX)) c = c.slice(PREFIX.length);
    c = c.replace(/[IL]/g, "1").replace(/O/g, "0");
    if (c.length !== DATA + 1) return null;
    let rest = 0; // the value mod 37, symbol by symbol: 2^60 is too big for a double
    for (const ch of c.slice(0, DATA)) {
      const v = SYMBOLS.indexOf(ch);
      if (v < 0) return null;
      rest = (rest * 32 + v) % 37;
    }
    return CHECK[rest] === c[DATA] ? c : null;
  }
  const show = (c) => `${PREFIX}-${c.slice(0, 4)}-${c.slice(4, 8)}-${c.slice(8, 12)}-${c.slice(12)}`;
  /* Whether scanned text is meant as a voucher (its URL, or a code of a voucher's length). */
  function looks(text) {
    const s = String(text || "").trim();
    if (URL.test(s)) return true;
    const c = s.replace(/[\s-]+/g, "").toUpperCase();
    return c.length === DATA + 1 || (c.length === PREFIX.length + DATA + 1 && c.startsWith(PREFIX));
  }

  /* The voucher behind scanned text: {code, balance_eur}; throws Error with the sentence. */
  async function lookup(text) {
    const code = parse(text);
    if (!code) throw new Error(A.t("voucher.invalid", { text: String(text).trim() }));
    const shown = show(code);
    let found;
    try {
      found = await A.get(`/api/vouchers/${shown}`);
    } catch (err) {
      if (err instanceof A.Offline) throw new Error(A.t("voucher.offline"));
      if (err.status === 404) throw new Error(A.t("voucher.unknown", { code: shown }));
      throw err;
    }
    if (found.balance_eur <= 0) throw new Error(A.t("voucher.empty", { code: shown }));
    return found;
  }

  /* A voucher on screen in `box`: its code and amount, and a button that prints it (on the
     till's receipt printer, else its PDF in the browser). */
  function render(box, code, eur) {
    box.hidden = false;
    box.dataset.code = code;
    const text = document.createElement("p");
    text.className = "voucher-code";
    const [before, after] = A.t("voucher.made", { code: "\u0000", eur: A.eur(eur) }).split("\u0000");
    const shown = document.createElement("span");
    shown.className = "code";
    shown.textContent = code;
    text.append(before, shown, after);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = A.t("voucher.print");
    const said = document.createElement("p");
    said.className = "muted";
    button.addEventListener("click", () => print(code, said));
    box.replaceChildren(text, button, said);
  }

  async function print(code, said) {
    const me = A.me() || {};
    try {
      if (me.receipt_printer) {
        const res = await A.call("POST", `/api/vouchers/${code}/print`, { key: A.newKey() });
        A.say(said, A.t("voucher.printed", { printer: res.printer }), "ok");
      } else {
        window.open(await A.blobUrl(`/api/vouchers/${code}/voucher.pdf`), "_blank");
      }
    } catch (err) {
      A.say(said, err instanceof A.Offline ? A.t("voucher.offline") : err.message, "error");
    }
  }

  /* Tegoedbon uitgeven (F3): amount, reason, how it was paid; the new code on screen, then
     `done` (the till: back to the scan field). */
  function issueForm(done) {
    const $ = (id) => document.getElementById(id);
    const details = $("voucher-issue");
    if (!details) return { open() {} };
    $("voucher-reason").value = A.t("voucher.reason_default");
    $("voucher-new").addEventListener("submit", async (e) => {
      e.preventDefault();
      let eur;
      try {
        eur = A.readNumber($("voucher-amount"), { required: "voucher.need_amount" });
      } catch (err) {
        if (err instanceof A.FieldError) return;
        throw err;
      }
      const reason = $("voucher-reason").value.trim();
      if (!reason) { A.fieldError($("voucher-reason"), A.t("voucher.need_reason")); $("voucher-reason").focus(); return; }
      A.fieldError($("voucher-reason"), "");
      const body = { amount_eur: eur, reason };
      if ($("voucher-payment").value) body.payment = $("voucher-payment").value;
      try {
        const res = await A.send("/api/vouchers", body, A.t("voucher.made", { code: "…", eur: A.eur(eur) }));
        if (res.queued) {
          $("voucher-made").hidden = false;
          $("voucher-made").textContent = A.t("voucher.made_later");
        } else {
          render($("voucher-made"), res.data.code, res.data.balance_eur);
        }
        A.setNumber($("voucher-amount"), null);
        if (done) done();
      } catch (err) {
        if (!(err instanceof A.ApiError)) throw err;
        A.fieldError($("voucher-amount"), err.message);
        $("voucher-amount").focus();
      }
    });
    return {
      open() {
        details.open = true;
        $("voucher-made").hidden = true;
        $("voucher-amount").focus();
      },
    };
  }

  return { parse, show, looks, lookup, render, issueForm };
})();
