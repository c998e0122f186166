/* Shared by every station page: the station's token, the words in two languages, API calls,
   and the outbox that keeps actions on the device while the server cannot be reached.
   Plain script (no build step); everything public hangs on window.A. */
"use strict";
(function () {
  const STORE = {
    token: "ambacht.token", me: "ambacht.me", lang: "ambacht.lang",
    outbox: "ambacht.outbox", failed: "ambacht.failed",
  };
  // A waiting action is tried again this often while the server is away: quick enough that
  // the count drops soon after the Wi-Fi is back, rare enough not to drain a tablet battery.
  const RETRY_MS = 4000;
  // No answer by then counts as "server away"; the idempotency key makes the resend safe.
  const TIMEOUT_MS = 8000;
  // 502-504 come from the proxy in front of a tracker that is restarting: wait and resend.
  const TRANSIENT = new Set([0, 429, 500, 502, 503, 504]);
  const PAGES = ["intake", "repair", "till", "dashboard"];
  const ROLE_PAGES = {
    intake: ["intake"], repair: ["repair"], till: ["till"], monitor: ["dashboard"],
    presence: ["presence"], admin: [...PAGES, "beheer", "partners"],
  };
  // Pages whose address is not their name: the admin's own pages live under /beheer.
  const PAGE_PATHS = { partners: "/beheer/afnemers", presence: "/aanwezig" };
  const pagePath = (p) => PAGE_PATHS[p] || `/${p}`;

  // ---- words -------------------------------------------------------------------------------
  let lang = localStorage.getItem(STORE.lang) === "en" ? "en" : "nl";

  function t(key, vars) {
    const words = window.WORDS[lang] || {};
    let text = words[key] ?? window.WORDS.nl[key] ?? key;
    if (vars) text = text.replace(/\{(\w+)\}/g, (_, k) => (vars[k] ?? ""));
    return text;
  }

  function translate(root) {
    (root || document).querySelectorAll("[data-t]").forEach((el) => {
      el.textContent = t(el.dataset.t);
    });
    document.documentElement.lang = lang;
    const other = document.getElementById("lang");
    if (other) {
      other.textContent = lang === "nl" ? "English" : "Nederlands";
      other.lang = lang === "nl" ? "en" : "nl";
    }
  }

  const listeners = [];
  function setLang(next) {
    lang = next;
    localStorage.setItem(STORE.lang, next);
    translate();
    renderOutbox();
    listeners.forEach((fn) => fn(next));
  }

  const locale = () => (lang === "nl" ? "nl-NL" : "en-GB");
  function eur(value) {
    if (value === null || value === undefined) return "–";
    return new Intl.NumberFormat(locale(), { style: "currency", currency: "EUR" }).format(value);
  }
  /* A number in the page's language: `digits` decimals (default: as many as needed, up to 3,
     the grams a scale shows), or between `digits` and `most`. */
  function num(value, digits, most) {
    if (value === null || value === undefined) return "–";
    return new Intl.NumberFormat(locale(), {
      minimumFractionDigits: digits ?? 0, maximumFractionDigits: most ?? digits ?? 3,
    }).format(value);
  }
  function kg(value) { return value === null || value === undefined ? "–" : `${num(value, 1)} kg`; }
  function dateTime(iso) {
    return new Date(iso).toLocaleString(locale(), { dateStyle: "medium", timeStyle: "short" });
  }
  function time(iso) {
    return new Date(iso).toLocaleTimeString(locale(), { hour: "2-digit", minute: "2-digit" });
  }

  // ---- item codes (CONTRACT §3), to validate a scan before any network ------------------
  const SYMBOLS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const CHECK = SYMBOLS + "*~$=U";

  function parseCode(text) {
    let s = String(text || "").trim();
    const url = s.match(/\/i\/([^/?#]+)\/?(?:[?#].*)?$/);
    if (url) s = decodeURIComponent(url[1]);
    const c = s.replace(/[\s-]+/g, "").toUpperCase().replace(/[IL]/g, "1").replace(/O/g, "0");
    if (c.length !== 9) return null;
    let n = 0;
    for (const ch of c.slice(0, 8)) {
      const v = SYMBOLS.indexOf(ch);
      if (v < 0) return null;
      n = n * 32 + v; // at most 2^40: exact in a double
    }
    return CHECK[n % 37] === c[8] ? c : null;
  }
  const showCode = (c) => `${c.slice(0, 4)}-${c.slice(4, 8)}-${c.slice(8)}`;

  // ---- the station --------------------------------------------------------------------------
  // The token lives in one place only, localStorage["ambacht.token"]: waiting actions do not
  // carry it (they take the current one when they are sent), so logging out or a revoked
  // token leaves no copy behind, and after a new login the waiting actions go with the new one.
  const token = () => localStorage.getItem(STORE.token);
  function me() {
    try { return JSON.parse(localStorage.getItem(STORE.me) || "null"); } catch { return null; }
  }
  /* Forget the station on this device. Waiting actions stay: they belong to the device and
     are sent after the next login. */
  function forget() {
    localStorage.removeItem(STORE.token);
    localStorage.removeItem(STORE.me);
    scrubOutbox();
  }
  function logout() {
    forget();
    location.href = "/login";
  }
  const loginPath = () => `/login?next=${encodeURIComponent(location.pathname)}`;

  /* The server refused `used` (revoked or unknown): forget it, hold the outbox and say so.
     A token that was replaced meanwhile (a login in another tab) is left alone. */
  function needLogin(used) {
    if (used && token() && token() !== used) return;
    forget();
    renderRelogin();
  }

  function renderRelogin() {
    const box = document.getElementById("relogin");
    if (!box) return;
    box.hidden = Boolean(token());
    if (box.hidden) { box.replaceChildren(); return; }
    const text = document.createElement("p");
    text.textContent = t("relogin.text", { n: outbox().length });
    const link = document.createElement("a");
    link.className = "button primary";
    link.href = loginPath();
    link.textContent = t("relogin.button");
    box.replaceChildren(text, link);
  }
  function pagesFor(role) { return ROLE_PAGES[role] || []; }

  // ---- HTTP ---------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, body) {
      // an answer without a sentence (a proxy's) still says what its code means
      super((body && body.detail) || (body && body.code && window.WORDS[lang][`error.${body.code}`])
        || `HTTP ${status}`);
      this.status = status;
      this.code = body && body.code;
      this.items = (body && body.items) || [];
    }
  }
  class Offline extends Error {}

  let online = true;
  function setOnline(up) {
    if (up === online) return;
    online = up;
    const net = document.getElementById("net");
    if (net) {
      net.hidden = up;
      net.textContent = up ? "" : t("net.down");
    }
    if (up) flush();
  }

  async function call(method, path, opts) {
    const o = opts || {};
    const used = o.token || token() || "";
    const headers = {
      Authorization: `Bearer ${used}`,
      "Accept-Language": lang, // the server words its refusals in the page's language
    };
    if (o.body !== undefined) headers["Content-Type"] = "application/json";
    if (o.key) headers["Idempotency-Key"] = o.key;
    Object.assign(headers, o.headers || {});
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), o.timeout || TIMEOUT_MS);
    let res;
    try {
      res = await fetch(path, {
        method, headers, cache: "no-store", signal: ctrl.signal,
        body: o.body === undefined ? undefined : JSON.stringify(o.body),
      });
    } catch (err) {
      setOnline(false);
      throw new Offline(String(err));
    } finally {
      clearTimeout(timer);
    }
    if (res.status >= 502 && res.status <= 504) {
      setOnline(false);
      throw new Offline(`HTTP ${res.status}`);
    }
    setOnline(true);
    if (o.raw && res.status === 304) return res; // "unchanged" for a conditional GET (If-None-Match)
    if (!res.ok) {
      let body = null;
      try { body = await res.json(); } catch { body = null; }
      if (res.status === 401 && !o.token) needLogin(used);
      throw new ApiError(res.status, body);
    }
    if (o.raw) return res;
    return res.status === 204 ? null : res.json();
  }
  const get = (path, opts) => call("GET", path, opts);

  async function blobUrl(path) {
    const res = await call("GET", path, { raw: true, timeout: 30000 });
    return URL.createObjectURL(await res.blob());
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    // crypto.randomUUID needs a secure context; a shop's LAN page over http may not be one
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // ---- the outbox ---------------------------------------------------------------------------
  // Every intake, repair-bench and till action is written here (with its Idempotency-Key)
  // BEFORE it is sent, and removed only when the server has answered. A Wi-Fi drop, a closed
  // tab or a crash in between leaves it here, to be sent again with the same key: the server
  // then replays its first answer, so nothing is lost and nothing is counted twice.
  function readList(name) {
    try { return JSON.parse(localStorage.getItem(name) || "[]"); } catch { return []; }
  }
  function writeList(name, list) {
    localStorage.setItem(name, JSON.stringify(list));
    renderOutbox();
  }
  const outbox = () => readList(STORE.outbox);
  function removeEntry(key) { writeList(STORE.outbox, outbox().filter((e) => e.key !== key)); }
  /* Entries queued by an older release carried the token: take it out (they are sent with
     the current one). */
  function scrubOutbox() {
    const list = outbox();
    if (list.some((e) => "token" in e)) {
      writeList(STORE.outbox, list.map(({ token: _, ...rest }) => rest));
    }
  }

  const results = new Map(); // key -> {ok, data} | {ok: false, error}
  const waiting = new Set(); // keys whose page is waiting for the answer right now
  let draining = null;

  function flush() {
    if (!draining) {
      const run = () => drain();
      const locked = navigator.locks ? navigator.locks.request("ambacht-outbox", run) : run();
      draining = locked.finally(() => { draining = null; });
    }
    return draining;
  }

  async function drain() {
    for (;;) {
      const entry = outbox()[0];
      // logged out: everything waits for the next login (renderRelogin says so)
      if (!entry || !token()) return;
      let outcome;
      // Sent later than when it was done (a resend, or after a reload): the server is told
      // when, so the till books such a sale into its open or next day (CONTRACT §11).
      const later = entry.tried || !waiting.has(entry.key);
      if (!entry.tried) writeList(STORE.outbox, outbox().map((e) => (e.key === entry.key ? { ...e, tried: true } : e)));
      try {
        const data = await call("POST", entry.path, {
          body: entry.body, key: entry.key, headers: later ? { "Ambacht-Queued-At": entry.at } : {},
        });
        outcome = { ok: true, data };
      } catch (err) {
        // 401: call() has forgotten the token and asked for a new login; the entry waits.
        if (err instanceof Offline || TRANSIENT.has(err.status) || err.status === 401) return;
        outcome = { ok: false, error: err };
      }
      removeEntry(entry.key);
      results.set(entry.key, outcome);
      if (!waiting.has(entry.key)) {
        if (outcome.ok) {
          document.dispatchEvent(new CustomEvent("ambacht:sent", { detail: { entry, data: outcome.data } }));
        } else {
          // the list at the top of the page says it; `note` tells what follows from it
          const said = outcome.error.message.replace(/([^.!?])$/, "$1.");
          const detail = [said, entry.note].filter(Boolean).join(" ");
          const failed = readList(STORE.failed);
          failed.push({ label: entry.label, detail, at: entry.at });
          writeList(STORE.failed, failed);
          document.dispatchEvent(new CustomEvent("ambacht:refused", { detail: { entry, error: outcome.error } }));
        }
      }
    }
  }

  /* POST through the outbox. Resolves {data} when the server answered, {queued: true} when it
     is kept for later; rejects with ApiError when the server refused it (4xx). `note` is added
     to the refusal when it comes only later, on a resend (what the operator should do then). */
  async function send(path, body, label, note) {
    const entry = { key: newKey(), path, body: body ?? {}, label, at: new Date().toISOString() };
    if (note) entry.note = note;
    writeList(STORE.outbox, [...outbox(), entry]);
    // Known to be away (or logged out): keep it at once (the retry timer or the next login
    // sends it) instead of making the operator wait for a request that cannot succeed.
    if (!online || !token()) return { queued: true, key: entry.key };
    waiting.add(entry.key);
    try {
      for (let round = 0; round < 2 && !results.has(entry.key); round += 1) {
        await flush(); // a drain that had just finished may have missed this entry: once more
        if (!online) break;
      }
    } finally {
      waiting.delete(entry.key);
    }
    const outcome = results.get(entry.key);
    results.delete(entry.key);
    if (!outcome) return { queued: true, key: entry.key };
    if (!outcome.ok) throw outcome.error;
    return { data: outcome.data, key: entry.key };
  }

  function renderOutbox() {
    renderRelogin();
    const button = document.getElementById("outbox");
    if (button) {
      const n = outbox().length;
      button.hidden = n === 0;
      button.textContent = t("outbox.count", { n });
      button.dataset.count = String(n);
      button.title = outbox().map((e) => e.label).join("\n");
    }
    const box = document.getElementById("failed");
    if (!box) return;
    const failed = readList(STORE.failed);
    box.hidden = failed.length === 0;
    box.replaceChildren();
    if (!failed.length) return;
    const head = document.createElement("strong");
    head.textContent = t("outbox.failed");
    const list = document.createElement("ul");
    failed.forEach((f) => {
      const li = document.createElement("li");
      li.textContent = `${f.label}: ${f.detail}`;
      list.append(li);
    });
    const ok = document.createElement("button");
    ok.type = "button";
    ok.className = "secondary";
    ok.textContent = t("outbox.seen");
    ok.addEventListener("click", () => writeList(STORE.failed, []));
    box.append(head, list, ok);
  }

  scrubOutbox();

  // ---- page chrome --------------------------------------------------------------------------
  function say(el, text, kind) {
    if (!el) return;
    el.textContent = text || "";
    el.className = kind === "ok" ? "notice" : kind === "warn" ? "pending" : "error";
    el.hidden = !text;
  }

  function renderHeader(station) {
    const page = document.body.dataset.page;
    const nav = document.getElementById("nav");
    nav.replaceChildren();
    if (station) {
      pagesFor(station.role).forEach((p) => {
        const a = document.createElement("a");
        a.href = pagePath(p);
        a.dataset.t = `nav.${p}`;
        a.textContent = t(`nav.${p}`);
        if (p === page) a.setAttribute("aria-current", "page");
        nav.append(a);
      });
      document.getElementById("who-station").textContent = station.station;
      const role = document.getElementById("who-role");
      role.dataset.t = `role.${station.role}`;
      role.textContent = t(`role.${station.role}`);
      const site = station.site || {};
      document.getElementById("who-site").textContent =
        [site.name || site.id, site.municipality].filter(Boolean).join(", ");
      document.getElementById("who").hidden = false;
      document.getElementById("logout").hidden = false;
    }
  }

  /* Start a station page: words, header, login check. Resolves the station, or null when this
     station may not use the page (the page then says so and does nothing). */
  async function start(roles) {
    translate();
    document.getElementById("lang").addEventListener("click", () => setLang(lang === "nl" ? "en" : "nl"));
    document.getElementById("logout").addEventListener("click", logout);
    document.getElementById("outbox").addEventListener("click", () => flush());
    window.addEventListener("online", () => flush());
    window.addEventListener("storage", (e) => {
      if (e.key === STORE.outbox || e.key === STORE.failed) renderOutbox();
      if (e.key === STORE.token || e.key === null) { // logged in or out in another tab
        renderRelogin();
        if (token()) flush();
      }
    });
    setInterval(() => { if (outbox().length && token()) flush(); }, RETRY_MS);
    renderOutbox();
    // keeps the pages on the device (secure contexts only: https, or localhost)
    if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => {});
    if (!token()) {
      location.replace(`/login?next=${encodeURIComponent(location.pathname)}`);
      return null;
    }
    let station = me();
    try {
      station = await get("/api/me");
      localStorage.setItem(STORE.me, JSON.stringify(station));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null; // renderRelogin says so
      if (!(err instanceof Offline)) throw err;
    }
    renderHeader(station);
    if (outbox().length) flush();
    if (station && roles && station.role !== "admin" && !roles.includes(station.role)) {
      const main = document.getElementById("main");
      const p = document.createElement("p");
      p.className = "warning";
      p.textContent = t("wrong_role", { role: t(`role.${station.role}`) });
      main.replaceChildren(p);
      return null;
    }
    return station;
  }

  /* "Label printen": on the station's own label printer when it has one (the server sends
     the ZPL there, `ambacht station printer`), else through the browser's print dialog. */
  async function printLabel(code, messageEl) {
    const station = me();
    if (station && station.printer) {
      try {
        await call("POST", `/api/items/${code}/print`);
        say(messageEl, t("label.sent", { code }), "ok");
      } catch (err) {
        say(messageEl, err instanceof Offline ? t("net.lookup") : err.message, "error");
      }
      return;
    }
    const url = await blobUrl(`/api/items/${code}/label.png`);
    const img = new Image();
    img.src = url;
    img.alt = code;
    document.getElementById("print-area").replaceChildren(img);
    await img.decode().catch(() => {});
    window.print();
  }

  // ---- camera scanning where the browser has a barcode detector -----------------------------
  function camera(button, video, onText) {
    if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return;
    button.hidden = false;
    let stream = null;
    const stop = () => {
      if (stream) stream.getTracks().forEach((tr) => tr.stop());
      stream = null;
      video.hidden = true;
    };
    button.addEventListener("click", async () => {
      if (stream) { stop(); return; }
      try {
        const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
        video.srcObject = stream;
        video.hidden = false;
        await video.play();
        const look = async () => {
          if (!stream) return;
          const found = await detector.detect(video).catch(() => []);
          if (found.length) { stop(); onText(found[0].rawValue); return; }
          setTimeout(look, 200); // five looks a second: quick, and light on a tablet's CPU
        };
        look();
      } catch (err) {
        stop();
        onText(null, err);
      }
    });
  }

  window.A = {
    t, translate, setLang, onLang: (fn) => listeners.push(fn), lang: () => lang,
    eur, num, kg, dateTime, time, parseCode, showCode,
    token, me, logout, needLogin, pagesFor, pagePath, STORE,
    call, get, send, flush, blobUrl, newKey, outbox, ApiError, Offline, isOnline: () => online,
    say, start, camera, renderHeader, printLabel,
  };
})();

/* ---- numbers and dates people type, in any browser language -------------------------------
   Every weight, price, amount and minutes field is <input type="text" inputmode="decimal"
   data-number="kg|eur|minutes">: a type="number" field in an English browser never hands a
   comma to the page (2,5 became 25). One rule for all of them, the same in Dutch and English:
   - a single "," or "." is the decimal separator: 2,5 = 2.5; 1,234 kg = 1.234 kg;
   - a thousands separator is read only before a decimal separator of the other kind, in groups
     of three: 1.234,50 (Dutch) and 1,234.50 (English) are both 1234.5;
   - anything else is refused with a message next to the field: 2.5.1, 12,5,0, 1.234.567, 2a;
   - a euro sign before or after (€ 12,50, 12,50 €) and "kg" or "min" after are allowed;
   - at most 3 decimals for kg, 2 for euros, none for minutes (what the API stores).
   Amounts are shown back in the page's language: 12,50 in Dutch, 12.50 in English.
   Dates: dd-mm-jjjj in Dutch (12-10-2026), dd/mm/yyyy in English, ISO 2026-10-12 in both;
   never month first. */
(function () {
  const A = window.A;
  const KINDS = {
    kg: { places: 3, unit: /\s*kg$/i, example: 2.5 },
    eur: { places: 2, unit: /^(€|eur)\s*|\s*(€|eur)$/gi, example: 12.5 },
    minutes: { places: 0, unit: /\s*(min|minuten|minutes)$/i, example: 35 },
    pct: { places: 2, unit: /\s*%$/, example: 21 }, // a percentage: Beheer's VAT, markdowns
    factor: { places: 3, unit: /(?!)/, example: 1.1 }, // a CO2 factor, a target's value
  };
  const THOUSANDS = { ",": /^\d{1,3}(\.\d{3})+$/, ".": /^\d{1,3}(,\d{3})+$/ };

  /* The canonical "1234.5" of a typed number, or null when it is not one by the rule above. */
  function canonical(text) {
    const s = text.replace(/^-/, "");
    if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return null;
    const cut = Math.max(s.lastIndexOf(","), s.lastIndexOf("."));
    if (cut < 0) return s;
    const mark = s[cut];
    let whole = s.slice(0, cut);
    const frac = s.slice(cut + 1);
    if (!/^\d+$/.test(frac) || whole.includes(mark)) return null;
    if (/[.,]/.test(whole)) {
      if (!THOUSANDS[mark].test(whole)) return null;
      whole = whole.replace(/[.,]/g, "");
    }
    return `${whole || "0"}.${frac}`;
  }

  /* Parse what was typed in a field of `kind`: {empty: true}, {value} or {error, vars}. */
  function parseNumber(text, kind) {
    const spec = KINDS[kind];
    const raw = String(text ?? "").replace(/[\s\u00a0\u202f]+/g, " ").trim();
    const s = raw.replace(spec.unit, "").trim();
    if (s === "") return { empty: true };
    const c = canonical(s);
    if (c === null) return { error: "number.bad", vars: { text: raw, example: numberText(spec.example, kind) } };
    const places = c.includes(".") ? c.split(".")[1].length : 0;
    if (kind === "eur" && places === 3 && /^\d{1,3}\.\d{3}$/.test(s)) {
      return { error: "number.grouped", vars: { text: raw, whole: c.replace(".", "") } };
    }
    if (places > spec.places) {
      return spec.places
        ? { error: "number.places", vars: { n: spec.places } }
        : { error: "number.whole", vars: { example: numberText(spec.example, kind) } };
    }
    const value = Number(c) * (s.startsWith("-") ? -1 : 1);
    return { value: Object.is(value, -0) ? 0 : value };
  }

  /* A number as a field shows it: the page's decimal mark, no grouping (12,50 or 12.50). */
  function numberText(value, kind) {
    if (value === null || value === undefined || value === "") return "";
    const places = KINDS[kind].places;
    return new Intl.NumberFormat(A.lang() === "nl" ? "nl-NL" : "en-GB", {
      minimumFractionDigits: kind === "eur" && !Number.isInteger(value) ? 2 : 0,
      maximumFractionDigits: places, useGrouping: false,
    }).format(value);
  }

  class FieldError extends Error {}

  function errorBox(input) {
    let box = document.getElementById(`${input.id}-error`);
    if (!box) {
      box = document.createElement("small");
      box.id = `${input.id}-error`;
      box.className = "field-error";
      box.setAttribute("role", "alert");
      box.hidden = true;
      input.insertAdjacentElement("afterend", box);
      input.setAttribute("aria-describedby", box.id);
    }
    return box;
  }

  /* Show `text` next to the field (or clear it with ""). */
  function fieldError(input, text) {
    const box = errorBox(input);
    box.textContent = text || "";
    box.hidden = !text;
    if (text) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  const shown = (value, kind) => (kind === "eur" ? A.eur(value) : A.num(value));

  /* The number in a data-number field: null when empty and allowed to be; otherwise shows why
     not next to the field, focuses it and throws FieldError. `required` is the words' key. */
  function readNumber(input, opts) {
    const o = opts || {};
    const kind = input.dataset.number;
    const got = parseNumber(input.value, kind);
    let why = null;
    if (got.empty) {
      if (!o.required) { fieldError(input, ""); return null; }
      why = A.t(o.required);
    } else if (got.error) {
      why = A.t(got.error, got.vars);
    } else {
      const min = input.dataset.min === undefined ? null : Number(input.dataset.min);
      const max = input.dataset.max === undefined ? null : Number(input.dataset.max);
      if ("above" in input.dataset && !(got.value > Number(input.dataset.above))) {
        why = A.t("number.above", { n: shown(Number(input.dataset.above), kind) });
      } else if (min !== null && got.value < min) {
        why = A.t("number.min", { n: shown(min, kind) });
      } else if (max !== null && got.value > max) {
        why = A.t("number.max", { n: shown(max, kind) });
      }
    }
    if (why) {
      fieldError(input, why);
      input.focus();
      throw new FieldError(why);
    }
    fieldError(input, "");
    return got.value;
  }

  /* Put a stored number into a field, in the page's notation; clears an old message. */
  function setNumber(input, value) {
    input.value = numberText(value, input.dataset.number);
    fieldError(input, "");
  }

  /* Options (after a leading empty one) in the alphabetical order of the page's language. */
  function sortOptions(select) {
    const keep = select.value;
    const [first, ...rest] = [...select.options];
    const lead = first && first.value === "" ? [first] : [];
    const others = lead.length ? rest : [first, ...rest].filter(Boolean);
    others.sort((a, b) => a.text.localeCompare(b.text, A.lang()));
    select.replaceChildren(...lead, ...others);
    select.value = keep;
  }

  // ---- dates ------------------------------------------------------------------------------
  const pad = (n) => String(n).padStart(2, "0");

  /* "2026-10-12" from 12-10-2026, 12/10/2026, 12.10.2026, 2026-10-12; null when not a date. */
  function parseDate(text) {
    const s = String(text || "").trim();
    let y; let m; let d;
    let hit = s.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
    if (hit) [, y, m, d] = hit.map(Number);
    else if ((hit = s.match(/^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/))) [, d, m, y] = hit.map(Number);
    else return null;
    const day = new Date(y, m - 1, d);
    if (day.getFullYear() !== y || day.getMonth() !== m - 1 || day.getDate() !== d) return null;
    return `${y}-${pad(m)}-${pad(d)}`;
  }

  /* An ISO date as a person in the page's language writes it: 12-10-2026 or 12/10/2026. */
  function dateText(isoDate) {
    if (!isoDate) return "";
    const [y, m, d] = isoDate.split("-");
    return A.lang() === "nl" ? `${d}-${m}-${y}` : `${d}/${m}/${y}`;
  }

  // A message next to a field goes as soon as the field is changed: no stale errors.
  document.addEventListener("input", (e) => {
    const el = e.target;
    if (el instanceof HTMLElement && el.getAttribute("aria-invalid") === "true") fieldError(el, "");
  });

  window.addWords({
    "number.bad": [
      "‘{text}’ is geen getal. Schrijf bijvoorbeeld {example}.",
      "‘{text}’ is not a number. Write for example {example}.",
    ],
    "number.places": ["Hoogstens {n} cijfers achter de komma.", "At most {n} digits after the decimal point."],
    "number.whole": ["Alleen hele getallen, bijvoorbeeld {example}.", "Whole numbers only, for example {example}."],
    "number.grouped": [
      "‘{text}’: een punt alleen is een decimaalteken. Bedoel je {whole} euro? Schrijf {whole} of {whole},00.",
      "‘{text}’: a point alone is a decimal point. Did you mean {whole} euros? Write {whole} or {whole}.00.",
    ],
    "number.above": ["Moet meer dan {n} zijn.", "Must be more than {n}."],
    "number.min": ["Moet minstens {n} zijn.", "Must be at least {n}."],
    "number.max": ["Mag hoogstens {n} zijn: tikfout?", "Must be at most {n}: a typo?"],
    "date.bad": [
      "‘{text}’ is geen datum: schrijf dd-mm-jjjj, bijvoorbeeld 12-10-2026.",
      "‘{text}’ is not a date: write dd/mm/yyyy, for example 12/10/2026.",
    ],
  });

  Object.assign(window.A, {
    parseNumber, numberText, readNumber, setNumber, fieldError, FieldError, parseDate, dateText,
    sortOptions,
  });
})();
