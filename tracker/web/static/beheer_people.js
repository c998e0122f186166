/* Beheer › Mensen en plaatsen (CONTRACT §12): people by alias only (GET/POST /api/people), one
   person's end with an outcome, change of group, skills, badge and its card, the AVG export
   and erasure (asked twice; the answer says what stays as counts); places offered per group
   with the place-days offered and filled up to today; the clock-outs forgotten at /aanwezig,
   and each site's closing time (POST /api/sites/{id}). */
"use strict";
window.addWords({
  "pp.help": [
    "Alleen een schuilnaam per persoon: nooit een naam, BSN, adres of geboortedatum.",
    "An alias per person only: never a name, citizen service number, address or birth date.",
  ],
  "pp.privacy": ["Privacyverklaring", "Privacy statement"],
  "pp.list": ["Mensen", "People"], "pp.none": ["Nog niemand ingeschreven.", "Nobody enrolled yet."],
  "pp.alias": ["Schuilnaam", "Alias"], "pp.group": ["Groep", "Group"], "pp.start": ["Start", "Start"],
  "pp.end": ["Einde en uitstroom", "End and outcome"], "pp.badge": ["Badge", "Badge"],
  "pp.choose": ["Kiezen", "Choose"], "pp.choose_one": ["Kiezen: {alias}", "Choose: {alias}"],
  "pp.running": ["loopt", "ongoing"], "pp.no_badge": ["geen", "none"],
  "pp.add": ["Persoon toevoegen", "Add a person"], "pp.add_save": ["Persoon toevoegen", "Add person"],
  "pp.alias_new": ["Schuilnaam (geen echte naam)", "Alias (not a real name)"],
  "pp.group_pick": ["Kies een groep", "Choose a group"],
  "pp.start_when": ["Start (leeg: vandaag)", "Start (empty: today)"],
  "pp.need_alias": [
    "Vul een schuilnaam in: letters, cijfers, punt, streepje of liggend streepje, zonder spaties. Geen echte naam.",
    "Enter an alias: letters, digits, point, hyphen or underscore, no spaces. Not a real name.",
  ],
  "pp.need_group": ["Kies de groep.", "Choose the group."],
  "pp.added": ["{alias} ingeschreven in {group} vanaf {start}.", "{alias} enrolled in {group} from {start}."],
  "pp.one": ["Met één persoon", "With one person"],
  "pp.alias_pick": ["Kies een schuilnaam", "Choose an alias"],
  "pp.need_person": ["Kies eerst een schuilnaam.", "Choose an alias first."],
  "pp.end_h": ["Beëindigen met uitstroom", "End with an outcome"], "pp.outcome": ["Uitstroom", "Outcome"],
  "pp.outcome_pick": ["Kies de uitstroom", "Choose the outcome"],
  "pp.last_day": ["Laatste dag (leeg: vandaag)", "Last day (empty: today)"],
  "pp.end_save": ["Beëindigen", "End"], "pp.need_outcome": ["Kies de uitstroom.", "Choose the outcome."],
  "pp.ended": ["{alias} beëindigd op {date}: {outcome}.", "{alias} ended on {date}: {outcome}."],
  "pp.group_h": ["Andere groep", "Another group"], "pp.group_new": ["Nieuwe groep", "New group"],
  "pp.group_from": ["In de nieuwe groep vanaf (leeg: vandaag)", "In the new group from (empty: today)"],
  "pp.group_save": ["Groep wisselen", "Change group"],
  "pp.moved": ["{alias} zit vanaf {start} in {group}.", "{alias} is in {group} from {start}."],
  "pp.skill_h": ["Vaardigheid geleerd", "Skill learned"], "pp.skill": ["Vaardigheid", "Skill"],
  "pp.certificate": ["Met certificaat (praktijkverklaring)", "With a certificate (praktijkverklaring)"],
  "pp.skill_save": ["Vaardigheid vastleggen", "Record skill"],
  "pp.need_skill": ["Noem de vaardigheid.", "Name the skill."],
  "pp.skill_done": ["Vaardigheid ‘{skill}’ vastgelegd voor {alias}.", "Skill ‘{skill}’ recorded for {alias}."],
  "pp.skill_cert": ["Vaardigheid ‘{skill}’ met certificaat vastgelegd voor {alias}.", "Skill ‘{skill}’ with a certificate recorded for {alias}."],
  "pp.badge_h": ["Badge voor Aanwezig", "Badge for Presence"],
  "pp.badge_help": ["Een nieuwe badge vervangt de oude: die werkt dan niet meer.", "A new badge replaces the old one, which then stops working."],
  "pp.badge_make": ["Badge maken", "Make a badge"],
  "pp.badge_made": ["Nieuwe badge {code} voor {alias}. Print de kaart.", "New badge {code} for {alias}. Print the card."],
  "pp.card_a4": ["Kaart op A4 (PDF)", "Card on A4 (PDF)"],
  "pp.card_label": ["Kaart op de labelprinter", "Card on the label printer"],
  "pp.card_sent": ["De kaart van badge {code} is naar de labelprinter gestuurd.", "Badge {code}'s card was sent to the label printer."],
  "pp.card_pdf": ["Kaart van badge {code} gedownload.", "Badge {code}'s card downloaded."],
  "pp.card_no_printer": [
    "Dit station heeft geen labelprinter: de kaart op labelformaat is als PDF gedownload.",
    "This station has no label printer: the label-size card was downloaded as a PDF.",
  ],
  "pp.avg_h": ["Privacy (AVG)", "Privacy (GDPR)"],
  "pp.export": ["Gegevens downloaden (JSON)", "Download data (JSON)"],
  "pp.exported": ["Alles over {alias} is gedownload ({file}).", "Everything about {alias} was downloaded ({file})."],
  "pp.erase": ["Wissen", "Erase"], "pp.erase_sure": ["Zeker? Wissen", "Sure? Erase"],
  "pp.erase_ask": [
    "Druk nog een keer om {alias} te wissen: de schuilnaam verdwijnt voorgoed en de badge werkt niet meer. Uren, groepen, uitstroom en vaardigheden blijven als anonieme aantallen. Esc: toch niet.",
    "Press again to erase {alias}: the alias is gone for good and the badge stops working. Hours, groups, outcomes and skills stay as anonymous counts. Esc: cancel.",
  ],
  "pp.erased": [
    "{alias} is gewist. Als anonieme aantallen blijven: {enrolments} inschrijving(en), {hours} uur, {skills} vaardigheid/vaardigheden en {work} keer vastgelegd werk.",
    "{alias} has been erased. What stays as anonymous counts: {enrolments} enrolment(s), {hours} hours, {skills} skill(s) and {work} records of work.",
  ],
  "pp.places": ["Plaatsen per groep", "Places per group"],
  "pp.places_help": [
    "Plekken per dag voor een groep op een locatie. Gevuld: de mensen die die dag in de groep ingeschreven zijn, tot het aantal plekken; opgeteld over de dagen tot vandaag (plekdagen).",
    "Places per day for a group at a site. Filled: the people enrolled in the group that day, up to the number of places; added up over the days until today (place-days).",
  ],
  "pp.places_none": ["Nog geen plaatsen.", "No places yet."],
  "pp.count": ["Plekken per dag", "Places per day"], "pp.period": ["Periode", "Period"],
  "pp.offered": ["Aangeboden (plekdagen)", "Offered (place-days)"], "pp.filled": ["Gevuld (plekdagen)", "Filled (place-days)"],
  "pp.to_open": ["Tot en met (leeg: doorlopend)", "Up to and including (empty: ongoing)"],
  "pp.from_on": ["vanaf {from}", "from {from}"],
  "pp.places_save": ["Plaatsen toevoegen", "Add places"],
  "pp.need_count": ["Vul het aantal plekken per dag in.", "Enter the number of places per day."],
  "pp.need_from": ["Vul de eerste dag in.", "Enter the first day."],
  "pp.places_added": ["{count} plek(ken) per dag voor {group} vanaf {from}.", "{count} place(s) a day for {group} from {from}."],
  "pp.flagged": ["Vergeten uit te klokken", "Forgotten clock-outs"],
  "pp.flagged_help": [
    "Hier klokte iemand niet uit: de sessie is op de sluitingstijd van de locatie gesloten. Kijk of de uren kloppen.",
    "Here someone did not clock out: the session was closed at the site's closing time. Check whether the hours are right.",
  ],
  "pp.flagged_none": ["Niets om na te kijken.", "Nothing to look at."],
  "pp.clock_in": ["Ingeklokt", "Clocked in"], "pp.closed_at": ["Gesloten om", "Closed at"],
  "pp.erased_alias": ["(gewist)", "(erased)"],
  "pp.closes": ["Sluitingstijd (uu:mm)", "Closing time (hh:mm)"],
  "pp.closes_save": ["Sluitingstijd opslaan", "Save closing time"],
  "pp.need_closes": ["Schrijf de tijd als 17:00.", "Write the time as 17:00."],
  "pp.closes_set": ["{site} sluit om {closes}: vergeten uitklokken sluiten dan.", "{site} closes at {closes}: forgotten clock-outs close then."],
});
window.beheerParts = window.beheerParts || [];
window.beheerParts.push(async function people(ctx) {
  const $ = (id) => document.getElementById(id);
  const ALIAS = /^[\p{L}\p{N}_.-]{1,64}$/u; // what the API takes (`^[\w.-]+$`)
  const CLOSES = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/; // 17:00, or 17.00 as people write it
  // the domain's groups and ends of an enrolment, in its order (tracker/web/pages.py)
  const GROUPS = window.DOMAIN.target_groups;
  const OUTCOMES = window.DOMAIN.social_outcomes;
  let list = [];
  let places = [];
  let flagged = [];
  let arming = null; // the alias whose "Wissen" was pressed once
  const groupName = (g) => (g ? A.t(`group.${g}`) : "–");
  const outcomeName = (o) => A.t(`exit.${o}`);
  const chosen = () => $("o-alias").value;

  function cell(text, label, cls) {
    const td = document.createElement("td");
    td.textContent = text;
    if (label) td.dataset.label = A.t(label);
    if (cls) td.className = cls;
    return td;
  }
  function need(id, key) { A.fieldError($(id), A.t(key)); $(id).focus(); return null; }
  function clear(ids, message) { ids.forEach((id) => A.fieldError($(id), "")); A.say($(message), ""); }

  /* A typed date as ISO, null when empty; undefined after saying what is wrong. */
  function dateOf(id) {
    const text = $(id).value.trim();
    if (!text) return null;
    const day = A.parseDate(text);
    if (!day) { A.fieldError($(id), A.t("date.bad", { text })); $(id).focus(); return undefined; }
    return day;
  }

  // ---- choices ------------------------------------------------------------------------------
  function options(select, pick, values, name) {
    const keep = select.value;
    select.replaceChildren(...(pick ? [new Option(A.t(pick), "")] : []),
      ...values.map((v) => new Option(name(v), v)));
    select.value = keep;
  }
  function renderChoices() {
    document.querySelectorAll(".pp-group").forEach((s) => options(s, "pp.group_pick", GROUPS, groupName));
    document.querySelectorAll(".pp-outcome").forEach((s) => options(s, "pp.outcome_pick", OUTCOMES, outcomeName));
    document.querySelectorAll(".pp-site").forEach((s) => {
      const had = s.value;
      options(s, null, ctx.sites.map((x) => x.id), (id) => ctx.siteName(id));
      s.value = had || ctx.station.site.id;
    });
    document.querySelectorAll(".pp-date").forEach((el) => { el.placeholder = A.t("date.placeholder"); });
    const site = ctx.sites.find((x) => x.id === $("c-site").value);
    if (site && !$("c-closes").value) $("c-closes").value = site.closes || "";
  }

  // ---- people -------------------------------------------------------------------------------
  function renderPeople() {
    $("people-empty").hidden = list.length > 0;
    $("people-table").hidden = list.length === 0;
    $("people-rows").replaceChildren(...list.map((p) => {
      const tr = document.createElement("tr");
      tr.dataset.person = p.alias;
      const end = p.end ? `${A.dateText(p.end)}: ${outcomeName(p.outcome)}` : A.t("pp.running");
      const act = document.createElement("td");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = A.t("pp.choose");
      button.setAttribute("aria-label", A.t("pp.choose_one", { alias: p.alias }));
      button.addEventListener("click", () => choose(p.alias));
      act.append(button);
      tr.append(cell(p.alias), cell(groupName(p.group), "pp.group"), cell(A.dateText(p.start) || "–", "pp.start"),
        cell(end, "pp.end"), cell(ctx.siteName(p.site), "beheer.site"),
        cell(p.badges.join(", ") || A.t("pp.no_badge"), "pp.badge"), act);
      return tr;
    }));
    const select = $("o-alias");
    const keep = select.value;
    select.replaceChildren(new Option(A.t("pp.alias_pick"), ""), ...list.map((p) => new Option(p.alias, p.alias)));
    select.value = list.some((p) => p.alias === keep) ? keep : "";
  }

  function choose(alias) {
    $("o-alias").value = alias;
    picked();
    $("o-alias").focus();
  }
  function picked() {
    arming = null;
    renderErase();
    A.say($("one-message"), "");
    $("badge-now").hidden = true;
    $("badge-code").textContent = "";
  }

  async function loadPeople() {
    try { list = await A.get("/api/people"); } catch (err) { A.say($("person-message"), ctx.refused(err), "error"); }
    renderPeople();
  }

  async function addPerson() {
    clear(["p-alias", "p-group", "p-start"], "person-message");
    const alias = $("p-alias").value.trim();
    if (!ALIAS.test(alias)) return need("p-alias", "pp.need_alias");
    const group = $("p-group").value;
    if (!group) return need("p-group", "pp.need_group");
    const start = dateOf("p-start");
    if (start === undefined) return null;
    const body = { alias, group, site: $("p-site").value };
    if (start) body.start = start;
    try {
      const made = await A.call("POST", "/api/people", { body, key: A.newKey() });
      A.say($("person-message"), A.t("pp.added", { alias: made.alias, group: groupName(made.group), start: A.dateText(made.start) }), "ok");
      ["p-alias", "p-start"].forEach((id) => { $(id).value = ""; });
      await loadPeople();
      choose(made.alias);
    } catch (err) {
      A.say($("person-message"), ctx.refused(err), "error");
    }
    return null;
  }

  /* One person's action: the chosen alias, or null after asking for one. */
  function person() {
    const alias = chosen();
    if (!alias) { A.say($("one-message"), A.t("pp.need_person"), "error"); $("o-alias").focus(); return null; }
    return alias;
  }
  const path = (alias, what) => `/api/people/${encodeURIComponent(alias)}/${what}`;

  async function post(alias, what, body, done) {
    try {
      const answer = await A.call("POST", path(alias, what), { body, key: A.newKey() });
      A.say($("one-message"), done(answer), "ok");
      await loadPeople();
      return answer;
    } catch (err) {
      A.say($("one-message"), ctx.refused(err), "error");
      return null;
    }
  }

  async function end() {
    clear(["e-outcome", "e-date"], "one-message");
    const alias = person();
    if (!alias) return;
    const outcome = $("e-outcome").value;
    if (!outcome) { need("e-outcome", "pp.need_outcome"); return; }
    const day = dateOf("e-date");
    if (day === undefined) return;
    const body = { outcome };
    if (day) body.date = day;
    if (await post(alias, "end", body, (p) => A.t("pp.ended", { alias, date: A.dateText(p.end), outcome: outcomeName(p.outcome) }))) {
      $("e-date").value = "";
    }
  }

  async function changeGroup() {
    clear(["g-group", "g-from"], "one-message");
    const alias = person();
    if (!alias) return;
    const group = $("g-group").value;
    if (!group) { need("g-group", "pp.need_group"); return; }
    const from = dateOf("g-from");
    if (from === undefined) return;
    const body = { group };
    if (from) body.from = from;
    if (await post(alias, "group", body, (p) => A.t("pp.moved", { alias, group: groupName(p.group), start: A.dateText(p.start) }))) {
      $("g-from").value = "";
    }
  }

  async function addSkill() {
    clear(["k-skill"], "one-message");
    const alias = person();
    if (!alias) return;
    const skill = $("k-skill").value.trim();
    if (!skill) { need("k-skill", "pp.need_skill"); return; }
    const certificate = $("k-cert").checked;
    if (await post(alias, "skills", { skill, certificate }, (s) => A.t(s.certificate ? "pp.skill_cert" : "pp.skill_done", { alias, skill: s.skill }))) {
      $("k-skill").value = "";
      $("k-cert").checked = false;
    }
  }

  async function makeBadge() {
    A.say($("one-message"), "");
    const alias = person();
    if (!alias) return;
    const made = await post(alias, "badges", undefined, (b) => {
      $("badge-code").textContent = b.code; // shown with the message, not after it
      $("badge-code").dataset.qr = b.qr;
      $("badge-now").hidden = false;
      return A.t("pp.badge_made", { alias, code: b.code });
    });
    if (made) $("b-a4").focus();
  }

  async function save(url, name) {
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  async function card(paper) {
    const code = $("badge-code").textContent;
    if (!code) return;
    const say = (text, kind) => A.say($("one-message"), text, kind);
    try {
      if (paper === "label" && ctx.station.printer) {
        await A.call("POST", `/api/badges/${encodeURIComponent(code)}/print`, { key: A.newKey() });
        say(A.t("pp.card_sent", { code }), "ok");
        return;
      }
      const query = paper === "a4" ? "?paper=a4" : "";
      const file = `badge-${code.replace(/[^A-Za-z0-9-]/g, "")}${paper === "a4" ? "-a4" : ""}.pdf`; // no * or $ in a file name
      await save(await A.blobUrl(`/api/badges/${encodeURIComponent(code)}/card.pdf${query}`), file);
      say(A.t(paper === "a4" ? "pp.card_pdf" : "pp.card_no_printer", { code }), paper === "a4" ? "ok" : "warn");
    } catch (err) {
      say(ctx.refused(err), "error");
    }
  }

  async function exportAlias() {
    A.say($("one-message"), "");
    const alias = person();
    if (!alias) return;
    try {
      const data = await A.get(path(alias, "export"));
      const file = `ambacht-${alias}.json`;
      await save(URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" })), file);
      A.say($("one-message"), A.t("pp.exported", { alias, file }), "ok");
    } catch (err) {
      A.say($("one-message"), err instanceof A.Offline ? A.t("net.lookup") : err.message, "error");
    }
  }

  function renderErase() {
    const button = $("x-erase");
    button.className = arming ? "bad" : "secondary";
    button.textContent = A.t(arming ? "pp.erase_sure" : "pp.erase");
  }
  function disarm() {
    if (!arming) return;
    arming = null;
    renderErase();
    A.say($("one-message"), "");
  }

  /* Erasing asks twice: the first press arms the button, the second erases. */
  async function erase() {
    const alias = person();
    if (!alias) return;
    if (arming !== alias) {
      arming = alias;
      renderErase();
      A.say($("one-message"), A.t("pp.erase_ask", { alias }), "warn");
      return;
    }
    arming = null;
    renderErase();
    const gone = await post(alias, "erase", undefined, (e) => A.t("pp.erased", {
      alias, enrolments: e.kept.enrolments, hours: A.num(e.kept.hours, 0, 2), skills: e.kept.skills, work: e.kept.work }));
    if (gone) {
      $("badge-now").hidden = true;
      await loadFlagged();
    }
  }

  // ---- places -------------------------------------------------------------------------------
  function renderPlaces() {
    $("places-empty").hidden = places.length > 0;
    $("places-table").hidden = places.length === 0;
    $("places-rows").replaceChildren(...places.map((p) => {
      const tr = document.createElement("tr");
      tr.dataset.places = String(p.id);
      tr.dataset.offered = String(p.offered_days);
      tr.dataset.filled = String(p.filled_days);
      const period = p.to ? `${A.dateText(p.from)} – ${A.dateText(p.to)}` : A.t("pp.from_on", { from: A.dateText(p.from) });
      const pct = p.offered_days ? ` (${A.num((100 * p.filled_days) / p.offered_days, 0)} %)` : "";
      tr.append(cell(groupName(p.group)), cell(ctx.siteName(p.site), "beheer.site"), cell(A.num(p.count), "pp.count", "num"),
        cell(period, "pp.period"), cell(A.num(p.offered_days), "pp.offered", "num"),
        cell(`${A.num(p.filled_days)}${pct}`, "pp.filled", "num"));
      return tr;
    }));
  }

  async function loadPlaces() {
    try { places = await A.get("/api/places"); } catch (err) { A.say($("places-message"), ctx.refused(err), "error"); }
    renderPlaces();
  }

  async function addPlaces() {
    clear(["pl-group", "pl-count", "pl-from", "pl-to"], "places-message");
    try {
      const group = $("pl-group").value;
      if (!group) { need("pl-group", "pp.need_group"); return; }
      const count = A.readNumber($("pl-count"), { required: "pp.need_count" });
      const from = dateOf("pl-from");
      if (from === undefined) return;
      if (from === null) { need("pl-from", "pp.need_from"); return; }
      const to = dateOf("pl-to");
      if (to === undefined) return;
      const body = { group, count, from, site: $("pl-site").value };
      if (to) body.to = to;
      const made = await A.call("POST", "/api/places", { body, key: A.newKey() });
      A.say($("places-message"), A.t("pp.places_added", { count: made.count, group: groupName(made.group), from: A.dateText(made.from) }), "ok");
      ["pl-count", "pl-from", "pl-to"].forEach((id) => { $(id).value = ""; });
      await loadPlaces();
    } catch (err) {
      if (err instanceof A.FieldError) return;
      A.say($("places-message"), ctx.refused(err), "error");
    }
  }

  // ---- forgotten clock-outs and closing times -----------------------------------------------
  function renderFlagged() {
    $("flagged-empty").hidden = flagged.length > 0;
    $("flagged-table").hidden = flagged.length === 0;
    $("flagged-rows").replaceChildren(...flagged.map((f) => {
      const tr = document.createElement("tr");
      tr.dataset.flagged = f.alias || "";
      tr.dataset.closedAt = f.clock_out || "";
      tr.append(cell(f.alias || A.t("pp.erased_alias")), cell(ctx.siteName(f.site), "beheer.site"),
        cell(A.dateTime(f.clock_in), "pp.clock_in"), cell(f.clock_out ? A.dateTime(f.clock_out) : "–", "pp.closed_at"));
      return tr;
    }));
  }

  async function loadFlagged() {
    try { flagged = await A.get("/api/presence/flagged"); } catch (err) { A.say($("closes-message"), ctx.refused(err), "error"); }
    renderFlagged();
  }

  async function setCloses() {
    clear(["c-closes"], "closes-message");
    const hit = $("c-closes").value.trim().match(CLOSES);
    if (!hit) { need("c-closes", "pp.need_closes"); return; }
    const closes = `${hit[1].padStart(2, "0")}:${hit[2]}`;
    const id = $("c-site").value;
    try {
      const site = await A.call("POST", `/api/sites/${encodeURIComponent(id)}`, { body: { closes }, key: A.newKey() });
      ctx.sites = ctx.sites.map((s) => (s.id === site.id ? site : s));
      $("c-closes").value = site.closes;
      A.say($("closes-message"), A.t("pp.closes_set", { site: ctx.siteName(site.id), closes: site.closes }), "ok");
    } catch (err) {
      A.say($("closes-message"), ctx.refused(err), "error");
    }
  }

  // ---- start --------------------------------------------------------------------------------
  const on = (id, fn) => $(id).addEventListener("submit", (e) => { e.preventDefault(); fn(); });
  on("person-form", addPerson);
  on("end-form", end);
  on("group-form", changeGroup);
  on("skill-form", addSkill);
  on("places-form", addPlaces);
  on("closes-form", setCloses);
  $("o-alias").addEventListener("change", picked);
  $("b-make").addEventListener("click", makeBadge);
  $("b-a4").addEventListener("click", () => card("a4"));
  $("b-label").addEventListener("click", () => card("label"));
  $("x-export").addEventListener("click", exportAlias);
  $("x-erase").addEventListener("click", erase);
  $("x-erase").addEventListener("keydown", (e) => { if (e.key === "Escape") disarm(); });
  $("x-erase").addEventListener("blur", () => setTimeout(() => { if (document.activeElement !== $("x-erase")) disarm(); }, 0));
  $("c-site").addEventListener("change", () => {
    const site = ctx.sites.find((x) => x.id === $("c-site").value);
    $("c-closes").value = site ? site.closes || "" : "";
  });
  const before = ctx.renderSites;
  ctx.renderSites = () => { before(); renderChoices(); };
  A.onLang(() => { renderChoices(); renderPeople(); renderPlaces(); renderFlagged(); renderErase(); });
  renderChoices();
  await Promise.all([loadPeople(), loadPlaces(), loadFlagged()]);
});
