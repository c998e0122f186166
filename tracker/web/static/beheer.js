/* Beheer: the admin's page (CONTRACT §12). This script starts the page and keeps the sites and
   the stations: a new station's token is shown once, as text and as a QR code of the login
   link (/login#token=...: the part after # never reaches a server), for a tablet to scan.
   beheer_people.js, beheer_goals.js and beheer_rules.js add their sections through
   window.beheerParts. */
"use strict";
window.addWords({
  "beheer.title": ["Beheer", "Admin"],
  "beheer.help": [
    "Alles wat de coördinator instelt: locaties, stations, afnemers, mensen en plaatsen, doelen, categorieën en de regels van de kassa.",
    "Everything the coordinator sets up: sites, stations, partners, people and places, goals, categories and the till's rules.",
  ],
  "beheer.toc": ["Naar onderdeel", "Go to section"],
  "beheer.refused": ["Niet opgeslagen: {why} Er is niets veranderd.", "Not saved: {why} Nothing has changed."],
  "beheer.sites": ["Locaties", "Sites"], "beheer.site_name": ["Naam", "Name"],
  "beheer.municipality": ["Gemeente", "Municipality"],
  "beheer.short_id": ["Korte naam (id, zonder spaties)", "Short name (id, no spaces)"],
  "beheer.site_add": ["Locatie toevoegen", "Add a site"], "beheer.site_save": ["Locatie toevoegen", "Add site"],
  "beheer.site_added": ["Locatie {name} toegevoegd.", "Site {name} added."],
  "beheer.need_site_name": ["Vul de naam van de locatie in.", "Enter the site's name."],
  "beheer.need_id": [
    "Vul een korte naam in: kleine letters, cijfers, punt, streepje of liggend streepje, zonder spaties.",
    "Enter a short name: lower-case letters, digits, point, hyphen or underscore, no spaces.",
  ],
  "beheer.need_municipality": ["Vul de gemeente in.", "Enter the municipality."],
  "beheer.stations": ["Stations", "Stations"],
  "beheer.stations_help": [
    "Elk apparaat (tablet bij de inname, werkbank, kassa, dashboard) meldt zich aan als een station met één rol op één locatie.",
    "Each device (intake tablet, repair bench, till, dashboard) logs in as a station with one role at one site.",
  ],
  "beheer.station": ["Station", "Station"], "beheer.role": ["Rol", "Role"], "beheer.site": ["Locatie", "Site"],
  "beheer.status": ["Status", "Status"], "beheer.active": ["actief", "active"],
  "beheer.revoked": ["ingetrokken {date}", "revoked {date}"],
  "beheer.this_station": ["dit station", "this station"],
  "beheer.revoke": ["Intrekken", "Revoke"], "beheer.revoke_sure": ["Zeker? Intrekken", "Sure? Revoke"],
  "beheer.revoke_ask": [
    "Druk nog een keer om {name} in te trekken: het apparaat wordt binnen een seconde afgemeld. Esc: toch niet.",
    "Press again to revoke {name}: the device is logged out within a second. Esc: cancel.",
  ],
  "beheer.revoked_done": ["{name} is ingetrokken: het token werkt niet meer.", "{name} has been revoked: its token no longer works."],
  "beheer.station_add": ["Station toevoegen", "Add a station"],
  "beheer.station_name": ["Naam (kleine letters, cijfers, - _ .)", "Name (lower-case letters, digits, - _ .)"],
  "beheer.role_pick": ["Kies een rol", "Choose a role"], "beheer.site_pick": ["Kies de locatie", "Choose the site"],
  "beheer.station_save": ["Station toevoegen", "Add station"],
  "beheer.need_station_name": [
    "Vul een naam in: kleine letters, cijfers, punt, streepje of liggend streepje, zonder spaties.",
    "Enter a name: lower-case letters, digits, point, hyphen or underscore, no spaces.",
  ],
  "beheer.need_role": ["Kies de rol van het station.", "Choose the station's role."],
  "beheer.need_site": ["Kies de locatie van het station.", "Choose the station's site."],
  "beheer.new_station": ["Nieuw station: {name} ({role}, {site})", "New station: {name} ({role}, {site})"],
  "beheer.token_once": [
    "Dit token wordt maar één keer getoond. Meld het apparaat nu aan: scan de QR-code met de tablet, of typ het token op de aanmeldpagina.",
    "This token is shown only once. Log the device in now: scan the QR code with the tablet, or type the token on the login page.",
  ],
  "beheer.token": ["Token", "Token"], "beheer.login_link": ["Aanmeldlink", "Login link"],
  "beheer.qr_alt": ["QR-code om een apparaat aan te melden als {name}", "QR code to log a device in as {name}"],
  "beheer.token_done": ["Klaar: token verbergen", "Done: hide the token"],
  "beheer.token_gone": [
    "Het station is al aangemaakt, maar het token is eerder getoond en niet bewaard. Trek het station in en maak een nieuw.",
    "The station was already added, but its token was shown before and is not kept. Revoke the station and add a new one.",
  ],
  "beheer.partners": ["Afnemers", "Partners"],
  "beheer.partners_help": [
    "Wie neemt wat de locatie verlaat (recyclers, textielsorteerders, scholen, andere centra)?",
    "Who takes what leaves the site (recyclers, textile sorters, schools, other centres)?",
  ],
  "beheer.partners_go": ["Afnemers bekijken en toevoegen", "See and add partners"],
  "beheer.people": ["Mensen en plaatsen", "People and places"],
});
window.beheerParts = window.beheerParts || [];
(async function () {
  const station = await A.start(["admin"]);
  if (!station) return;
  const $ = (id) => document.getElementById(id);
  const NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/; // what the API takes as a site's or station's name
  const ROLES = ["intake", "repair", "till", "monitor", "presence", "admin"];
  const ctx = { station, sites: [], refused, siteName, renderSites: () => {} };
  let stations = [];
  let arming = null; // the station whose "Intrekken" was pressed once

  /* The API's refusal as the page says it (also used by the other parts). */
  function refused(err) {
    const why = (err instanceof A.Offline ? A.t("net.lookup") : err.message).replace(/([^.!?])$/, "$1.");
    return A.t("beheer.refused", { why });
  }
  function siteName(id) { const s = ctx.sites.find((x) => x.id === id); return s && s.name ? s.name : id; }
  function slug(name) {
    return name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9.]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 64);
  }
  function cell(text, label) {
    const td = document.createElement("td");
    td.textContent = text;
    if (label) td.dataset.label = A.t(label); // a phone shows each row as a card
    return td;
  }
  const missing = (id, key) => { A.fieldError($(id), A.t(key)); $(id).focus(); return null; };

  // ---- sites ------------------------------------------------------------------------------
  function renderSites() {
    $("site-rows").replaceChildren(...ctx.sites.map((s) => {
      const tr = document.createElement("tr");
      tr.dataset.site = s.id;
      const name = cell(s.name || s.id);
      const id = document.createElement("span");
      id.className = "about";
      id.textContent = s.id;
      name.append(id);
      tr.append(name, cell(s.municipality, "beheer.municipality"));
      return tr;
    }));
    const select = $("st-site");
    const keep = select.value;
    select.replaceChildren(new Option(A.t("beheer.site_pick"), ""),
      ...ctx.sites.map((s) => new Option(s.name ? `${s.name} (${s.municipality})` : s.id, s.id)));
    select.value = keep;
    ctx.renderSites();
  }

  let siteIdTyped = false;
  async function addSite() {
    ["s-name", "s-id", "s-municipality"].forEach((id) => A.fieldError($(id), ""));
    A.say($("site-message"), "");
    const name = $("s-name").value.trim();
    if (!name) return missing("s-name", "beheer.need_site_name");
    const id = $("s-id").value.trim();
    if (!NAME.test(id)) return missing("s-id", "beheer.need_id");
    const municipality = $("s-municipality").value.trim();
    if (!municipality) return missing("s-municipality", "beheer.need_municipality");
    try {
      const site = await A.call("POST", "/api/sites", { body: { id, name, municipality }, key: A.newKey() });
      ctx.sites = [...ctx.sites, site].sort((a, b) => a.id.localeCompare(b.id));
      renderSites();
      A.say($("site-message"), A.t("beheer.site_added", { name: site.name || site.id }), "ok");
      ["s-name", "s-id", "s-municipality"].forEach((f) => { $(f).value = ""; });
      siteIdTyped = false;
      $("s-name").focus();
    } catch (err) {
      A.say($("site-message"), refused(err), "error");
    }
    return null;
  }

  // ---- stations ---------------------------------------------------------------------------
  function renderRoles() {
    const select = $("st-role");
    const keep = select.value;
    select.replaceChildren(new Option(A.t("beheer.role_pick"), ""),
      ...ROLES.map((r) => new Option(A.t(`role.${r}`), r)));
    select.value = keep;
  }

  function renderStations() {
    $("station-rows").replaceChildren(...stations.map((s) => {
      const tr = document.createElement("tr");
      tr.dataset.station = s.name;
      if (s.revoked_at) tr.dataset.revoked = "true";
      const status = s.revoked_at ? A.t("beheer.revoked", { date: A.dateTime(s.revoked_at) })
        : s.name === station.station ? `${A.t("beheer.active")} (${A.t("beheer.this_station")})` : A.t("beheer.active");
      const act = document.createElement("td");
      if (!s.revoked_at && s.name !== station.station) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = arming === s.name ? "bad" : "secondary";
        button.textContent = A.t(arming === s.name ? "beheer.revoke_sure" : "beheer.revoke");
        button.setAttribute("aria-label", `${button.textContent}: ${s.name}`);
        button.addEventListener("click", () => revoke(s.name));
        button.addEventListener("keydown", (e) => { if (e.key === "Escape") disarm(); });
        act.append(button);
      }
      tr.append(cell(s.name), cell(A.t(`role.${s.role}`), "beheer.role"),
        cell(siteName(s.site), "beheer.site"), cell(status, "beheer.status"), act);
      return tr;
    }));
  }

  function focusRevoke(name) {
    const button = document.querySelector(`tr[data-station="${CSS.escape(name)}"] button`);
    if (button) button.focus();
  }
  function disarm() {
    const was = arming;
    arming = null;
    A.say($("station-message"), "");
    renderStations();
    if (was) focusRevoke(was);
  }

  /* Revoking asks twice: the first press arms the button, the second revokes. */
  async function revoke(name) {
    if (arming !== name) {
      arming = name;
      renderStations();
      focusRevoke(name);
      A.say($("station-message"), A.t("beheer.revoke_ask", { name }), "warn");
      return;
    }
    arming = null;
    try {
      const done = await A.call("POST", `/api/stations/${encodeURIComponent(name)}/revoke`, { key: A.newKey() });
      stations = stations.map((s) => (s.name === name ? done : s));
      A.say($("station-message"), A.t("beheer.revoked_done", { name }), "ok");
    } catch (err) {
      A.say($("station-message"), refused(err), "error");
    }
    renderStations();
  }

  async function addStation() {
    ["st-name", "st-role", "st-site"].forEach((id) => A.fieldError($(id), ""));
    A.say($("station-message"), "");
    const name = $("st-name").value.trim();
    if (!NAME.test(name)) return missing("st-name", "beheer.need_station_name");
    const role = $("st-role").value;
    if (!role) return missing("st-role", "beheer.need_role");
    const site = $("st-site").value;
    if (!site) return missing("st-site", "beheer.need_site");
    $("st-save").disabled = true;
    try {
      const made = await A.call("POST", "/api/stations", { body: { name, role, site }, key: A.newKey() });
      stations = [...stations.filter((s) => s.name !== made.name), made].sort((a, b) => a.name.localeCompare(b.name));
      renderStations();
      showToken(made);
      $("st-name").value = "";
    } catch (err) {
      A.say($("station-message"), refused(err), "error");
    } finally {
      $("st-save").disabled = false;
    }
    return null;
  }

  function showToken(made) {
    const box = $("new-station");
    $("new-station-h").textContent = A.t("beheer.new_station", {
      name: made.name, role: A.t(`role.${made.role}`), site: siteName(made.site) });
    if (!made.token) { // a replayed answer: the token is never stored, so it cannot be shown again
      A.say($("station-message"), A.t("beheer.token_gone"), "warn");
      return;
    }
    $("new-token").textContent = made.token;
    $("new-link").textContent = made.login_url;
    const qr = $("new-qr");
    qr.src = made.login_qr;
    qr.dataset.url = made.login_url;
    qr.alt = A.t("beheer.qr_alt", { name: made.name });
    box.hidden = false;
    box.focus();
  }

  function hideToken() {
    $("new-station").hidden = true;
    ["new-token", "new-link"].forEach((id) => { $(id).textContent = ""; });
    $("new-qr").removeAttribute("src");
    delete $("new-qr").dataset.url;
    $("st-name").focus();
  }

  // ---- start --------------------------------------------------------------------------------
  $("s-name").addEventListener("input", () => { if (!siteIdTyped) $("s-id").value = slug($("s-name").value); });
  $("s-id").addEventListener("input", () => { siteIdTyped = $("s-id").value !== ""; });
  $("site-form").addEventListener("submit", (e) => { e.preventDefault(); addSite(); });
  $("station-form").addEventListener("submit", (e) => { e.preventDefault(); addStation(); });
  $("new-done").addEventListener("click", hideToken);
  A.onLang(() => { renderSites(); renderRoles(); renderStations(); });

  try {
    [ctx.sites, stations] = await Promise.all([A.get("/api/sites"), A.get("/api/stations")]);
  } catch (err) {
    A.say($("station-message"), refused(err), "error");
  }
  renderRoles();
  renderSites();
  renderStations();
  await Promise.all(window.beheerParts.map((part) => part(ctx)));
  document.body.dataset.ready = "true";
})();
