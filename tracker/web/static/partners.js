/* Beheer › Afnemers: the partners what leaves the centre goes to (CONTRACT §10), listed with
   the streams each takes, and added by the admin station (name, kind, municipality; another
   centre of the network names its receiving site). */
"use strict";
window.addWords({
  "partners.title": ["Afnemers", "Partners"],
  "partners.help": [
    "Wie neemt wat de locatie verlaat? Een afnemer neemt de stromen die bij zijn soort horen; bij Afvoeren (op de pagina Inzamelen) kiest de medewerker de afnemer en de stroom.",
    "Who takes what leaves the site? A partner takes the streams of its kind; at Send out (on the intake page) the operator picks the partner and the stream.",
  ],
  "partners.add": ["Afnemer toevoegen", "Add a partner"],
  "partners.name": ["Naam", "Name"],
  "partners.id": ["Korte naam (id, zonder spaties)", "Short name (id, no spaces)"],
  "partners.kind": ["Soort", "Kind"], "partners.kind_pick": ["Kies een soort", "Choose a kind"],
  "partners.municipality": ["Gemeente (optioneel)", "Municipality (optional)"],
  "partners.site": ["Ontvangende locatie (eigen netwerk)", "Receiving site (own network)"],
  "partners.site_pick": ["Kies de locatie", "Choose the site"],
  "partners.takes": ["Neemt", "Takes"], "partners.where": ["Gemeente / locatie", "Municipality / site"],
  "partners.takes_line": ["Deze soort neemt: {streams}.", "This kind takes: {streams}."],
  "partners.save": ["Afnemer toevoegen", "Add partner"],
  "partners.list": ["Alle afnemers", "All partners"],
  "partners.none": ["Nog geen afnemers.", "No partners yet."],
  "partners.need_name": ["Vul de naam van de afnemer in.", "Enter the partner's name."],
  "partners.need_id": [
    "Vul een korte naam in: letters, cijfers, punt, streepje of liggend streepje, zonder spaties.",
    "Enter a short name: letters, digits, point, hyphen or underscore, no spaces.",
  ],
  "partners.need_kind": ["Kies de soort afnemer.", "Choose the kind of partner."],
  "partners.need_site": [
    "Kies de locatie van het andere centrum: daar komen de items binnen.",
    "Choose the other centre's site: the items are booked in there.",
  ],
  "partners.added": ["Toegevoegd: {name} ({kind}).", "Added: {name} ({kind})."],
  "partners.refused": ["Niet toegevoegd: {why} Er is niets veranderd.", "Not added: {why} Nothing has changed."],
  "partners.site_of": ["locatie {site}", "site {site}"],
});
(async function () {
  const station = await A.start(["admin"]);
  if (!station) return;
  const $ = (id) => document.getElementById(id);
  const ID = /^[\w.-]+$/; // what the API takes as a partner's id
  const OTHER_CENTRE = "other_centre";
  const KIND_STREAMS = (window.DOMAIN || {}).partner_streams || {};
  const KINDS = Object.keys(KIND_STREAMS);

  let partners = [];
  let sites = [];
  let idTyped = false; // the id follows the name until someone types one

  const say = (text, kind) => A.say($("partner-message"), text, kind);
  const kindName = (k) => A.t(`partner.${k}`);
  const streamNames = (list) => list.map((s) => A.t(`outflow.${s}`)).join(", ");
  const siteName = (id) => { const s = sites.find((x) => x.id === id); return s && s.name ? s.name : id; };

  /* "Kringloop De Ruil" -> "kringloop-de-ruil": a suggestion, the admin may type another. */
  function slug(name) {
    return name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9.]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 64);
  }

  function renderKinds() {
    const select = $("p-kind");
    const keep = select.value;
    select.replaceChildren(new Option(A.t("partners.kind_pick"), ""),
      ...KINDS.map((k) => new Option(kindName(k), k)));
    A.sortOptions(select);
    select.value = keep;
    renderKindHelp();
  }

  function renderSites() {
    const select = $("p-site");
    const keep = select.value;
    select.replaceChildren(new Option(A.t("partners.site_pick"), ""), ...sites.map((s) => new Option(
      s.name ? `${s.name} (${s.municipality})` : s.id, s.id)));
    select.value = keep;
  }

  function renderKindHelp() {
    const kind = $("p-kind").value;
    $("p-site-field").hidden = kind !== OTHER_CENTRE;
    $("p-streams").textContent = kind ? A.t("partners.takes_line", { streams: streamNames(KIND_STREAMS[kind] || []) }) : "";
  }

  function renderList() {
    $("partners-empty").hidden = partners.length > 0;
    $("partner-table").hidden = partners.length === 0;
    $("partner-rows").replaceChildren(...partners.map((p) => {
      const tr = document.createElement("tr");
      tr.dataset.partner = p.id;
      const cells = [
        p.name, kindName(p.kind), streamNames(p.streams || KIND_STREAMS[p.kind] || []),
        [p.municipality, p.site ? A.t("partners.site_of", { site: siteName(p.site) }) : ""].filter(Boolean).join(" · "),
      ];
      const heads = ["partners.name", "partners.kind", "partners.takes", "partners.where"];
      cells.forEach((text, i) => {
        const td = document.createElement("td");
        td.textContent = text;
        if (i > 0) td.dataset.label = A.t(heads[i]); // a phone shows each row as a card
        if (i === 0) {
          const id = document.createElement("span");
          id.className = "about";
          id.textContent = p.id;
          td.append(id);
        }
        tr.append(td);
      });
      return tr;
    }));
  }

  async function load() {
    try {
      partners = await A.get("/api/partners");
    } catch (err) {
      say(err instanceof A.Offline ? A.t("net.lookup") : err.message, "error");
    }
    renderList();
  }

  /* The new partner, or null after saying (next to the field) what is missing. */
  function form() {
    const missing = (id, key) => { A.fieldError($(id), A.t(key)); $(id).focus(); return null; };
    ["p-name", "p-id", "p-kind", "p-site"].forEach((id) => A.fieldError($(id), ""));
    const name = $("p-name").value.trim();
    if (!name) return missing("p-name", "partners.need_name");
    const id = $("p-id").value.trim();
    if (!ID.test(id)) return missing("p-id", "partners.need_id");
    const kind = $("p-kind").value;
    if (!kind) return missing("p-kind", "partners.need_kind");
    const body = { id, name, kind };
    const municipality = $("p-municipality").value.trim();
    if (municipality) body.municipality = municipality;
    if (kind === OTHER_CENTRE) {
      if (!$("p-site").value) return missing("p-site", "partners.need_site");
      body.site = $("p-site").value;
    }
    return body;
  }

  async function save() {
    const body = form();
    if (!body) { say(""); return; }
    $("p-save").disabled = true;
    try {
      // straight to the server, not through the outbox: the admin sees at once what is stored
      const added = await A.call("POST", "/api/partners", { body, key: A.newKey() });
      partners = [...partners.filter((p) => p.id !== added.id), added]
        .sort((a, b) => a.name.localeCompare(b.name, A.lang()));
      renderList();
      say(A.t("partners.added", { name: added.name, kind: kindName(added.kind) }), "ok");
      ["p-name", "p-id", "p-municipality"].forEach((f) => { $(f).value = ""; });
      $("p-kind").value = "";
      $("p-site").value = "";
      idTyped = false;
      renderKindHelp();
      $("p-name").focus();
    } catch (err) {
      const why = (err instanceof A.Offline ? A.t("net.lookup") : err.message).replace(/([^.!?])$/, "$1.");
      say(A.t("partners.refused", { why }), "error");
    } finally {
      $("p-save").disabled = false;
    }
  }

  $("p-name").addEventListener("input", () => { if (!idTyped) $("p-id").value = slug($("p-name").value); });
  $("p-id").addEventListener("input", () => { idTyped = $("p-id").value !== ""; });
  $("p-kind").addEventListener("change", renderKindHelp);
  $("partner-form").addEventListener("submit", (e) => { e.preventDefault(); save(); });
  A.onLang(() => { renderKinds(); renderSites(); renderList(); });

  try { sites = await A.get("/api/sites"); } catch (err) { sites = []; }
  renderKinds();
  renderSites();
  await load();
  document.body.dataset.ready = "true";
})();
