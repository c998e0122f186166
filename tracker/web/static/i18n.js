/* The words of the station pages: Dutch as the people at a centre say it (CONTRACT §8),
   English for whoever prefers it. Keys are used by data-t attributes and A.t(). Each key has
   its Dutch and its English text side by side, so that neither language can miss one.
   The domain's words (states, outcomes, streams, barriers, payments, roles, figures, ORDS
   categories, error codes) are not here: the server puts its one table of them
   (tracker/domain/words.py) in the page as JSON, read below. */
"use strict";
window.WORDS = { nl: {}, en: {} };

/* Adds {key: [Dutch, English]} to both languages (goals.js adds its words the same way). */
window.addWords = function (pairs) {
  for (const [key, [nl, en]] of Object.entries(pairs)) {
    window.WORDS.nl[key] = nl;
    window.WORDS.en[key] = en;
  }
};

/* The domain's words, from the server (templates/layout.html): state.sold, outcome.fixed...;
   and the ORDS barriers in their order (the repair bench's buttons). */
window.DOMAIN = JSON.parse(document.getElementById("domain-words").textContent);
window.addWords(window.DOMAIN.words);

window.addWords({
  "title.login": ["Aanmelden · Ambacht", "Log in · Ambacht"],
  "title.intake": ["Inzamelen · Ambacht", "Intake · Ambacht"],
  "title.repair": ["Klaar voor verkoop maken · Ambacht", "Repair bench · Ambacht"],
  "title.till": ["Kassa · Ambacht", "Till · Ambacht"],
  "title.dashboard": ["Dashboard · Ambacht", "Dashboard · Ambacht"],
  "nav.intake": ["Inzamelen", "Intake"], "nav.repair": ["Klaar voor verkoop maken", "Repair bench"],
  "nav.till": ["Kassa", "Till"],
  "nav.dashboard": ["Dashboard", "Dashboard"],
  "nav.partners": ["Beheer › Afnemers", "Admin › Partners"],
  "nav.beheer": ["Beheer", "Admin"], "title.beheer": ["Beheer · Ambacht", "Admin · Ambacht"],
  "title.partners": ["Afnemers · Ambacht", "Partners · Ambacht"],
  logout: ["Afmelden", "Log out"],
  "net.down": [
    "Geen verbinding met de server. Wat je doet wordt op dit apparaat bewaard en verstuurd zodra de verbinding terug is.",
    "No connection to the server. What you do is kept on this device and sent as soon as the connection is back.",
  ],
  "net.lookup": [
    "Geen verbinding met de server: probeer het zo weer.",
    "No connection to the server: try again in a moment.",
  ],
  "outbox.count": ["{n} wachten op verzending", "{n} waiting to be sent"],
  "outbox.failed": [
    "Na het terugkomen van de verbinding geweigerd door de server:",
    "Refused by the server after the connection came back:",
  ],
  "outbox.seen": ["Gezien", "Seen"],
  "outbox.item": ["Inzamelen {category}", "Intake {category}"],
  "outbox.bulk": ["Bulk {category}", "Bulk {category}"],
  "outbox.visit": ["Nieuwe bezoeker", "New visitor"],
  "outbox.sale": ["Verkoop: {lines}, {total} {pay}", "Sale: {lines}, {total} {pay}"],
  wrong_role: [
    "Dit station ({role}) hoort niet bij deze pagina. Kies hierboven een pagina van dit station.",
    "This station ({role}) does not belong on this page. Pick one of its pages above.",
  ],
  "camera.failed": ["De camera werkt niet: {detail}", "The camera does not work: {detail}"],

  "login.title": ["Aanmelden", "Log in"],
  "login.help": [
    "Meld dit apparaat één keer aan met het token van het station (van de beheerder). Het token blijft op dit apparaat bewaard.",
    "Log this device in once with the station's token (from the administrator). The token stays on this device.",
  ],
  "login.token": ["Stationtoken", "Station token"], "login.submit": ["Aanmelden", "Log in"],
  "login.as": ["Aangemeld als {station} ({role}) · {site}", "Logged in as {station} ({role}) · {site}"],
  "login.bad": [
    "Dit token kennen we niet, of het is ingetrokken.",
    "This token is unknown or has been revoked.",
  ],
  "login.waiting": [
    "{n} acties wachten op dit apparaat. Ze worden verstuurd zodra een station hier is aangemeld.",
    "{n} actions are waiting on this device. They are sent as soon as a station is logged in here.",
  ],
  "relogin.text": [
    "Dit apparaat is afgemeld: de server weigert het token van dit station (ingetrokken of onbekend). Meld opnieuw aan om verder te werken. Wat wacht op verzending ({n}) blijft op dit apparaat en wordt na het aanmelden verstuurd.",
    "This device has been logged out: the server refuses this station's token (revoked or unknown). Log in again to carry on. What is waiting to be sent ({n}) stays on this device and is sent after you log in.",
  ],
  "relogin.button": ["Opnieuw aanmelden", "Log in again"],

  scale: ["Weegschaal", "Scale"], stable: ["Stabiel", "Stable"], moving: ["Beweegt", "Moving"],
  "scale.offline": [
    "Weegschaal offline: vul het gewicht met de hand in.",
    "Scale offline: enter the weight by hand.",
  ],
  "scale.behind": [
    "Let op: {why}. Weeg gewoon door (niets gaat verloren) en meld het aan de beheerder.",
    "Note: {why}. Keep weighing (nothing is lost) and tell the administrator.",
  ],
  "scale.state_offline": ["Offline", "Offline"], "scale.state_error": ["Storing", "Fault"],
  "scale.waiting": ["Wachten op weegschaal…", "Waiting for the scale…"],
  "scale.overload": ["Te zwaar", "Overload"], "scale.underload": ["Onder nul", "Below zero"],
  "scale.error": ["Storing", "Fault"],
  "scale.last": ["Laatste weging: {kg} kg om {time}", "Last weighing: {kg} kg at {time}"],
  "scale.will_bind": [
    "Inzamelen gebruikt de weging van {kg} kg om {time}.",
    "Take in uses the weighing of {kg} kg at {time}.",
  ],
  "scale.used": [
    "De weging van {kg} kg is gebruikt voor {code}. Haal het van de weegschaal: die moet eerst terug naar nul voor het volgende voorwerp.",
    "The weighing of {kg} kg was used for {code}. Take it off the scale: it must go back to zero before the next object.",
  ],
  category: ["Categorie", "Category"],
  manual: ["Gewicht met de hand (weegschaal werkt niet)", "Weight by hand (scale not working)"],
  weight_kg: ["Gewicht (kg)", "Weight (kg)"],
  description: ["Omschrijving (optioneel)", "Description (optional)"],
  ords: ["ORDS-productcategorie", "ORDS product category"], serial: ["Serienummer", "Serial number"],
  "collect.button": ["Inzamelen", "Take in"],
  "bulk.button": ["Bulk zonder label (op gewicht)", "Bulk without label (by weight)"],
  visitor: ["Nieuwe bezoeker", "New visitor"], "label.print": ["Label printen", "Print label"],
  "label.sent": ["Label {code} is naar de printer gestuurd.", "Label {code} was sent to the printer."],
  "label.pdf": ["Label als PDF", "Label as PDF"],
  "label.of": ["Label van {code}", "Label of {code}"], recent: ["Net ingezameld", "Just taken in"],
  "need.weight": ["Vul het gewicht in kilo's in.", "Enter the weight in kilograms."],
  "need.scale": [
    "Er is geen weegschaal: vul het gewicht met de hand in.",
    "There is no scale: enter the weight by hand.",
  ],
  "need.category": ["Kies eerst een categorie.", "Choose a category first."],
  "need.price": ["Vul eerst een prijs in.", "Enter a price first."],
  "queued.item": [
    "Bewaard op dit apparaat: het wordt verstuurd zodra er verbinding is. Het label print je daarna vanuit ‘Net ingezameld’.",
    "Kept on this device: it is sent as soon as there is a connection. Print the label from ‘Just taken in’ after that.",
  ],
  "queued.action": [
    "Bewaard op dit apparaat: het wordt verstuurd zodra er verbinding is.",
    "Kept on this device: it is sent as soon as there is a connection.",
  ],
  "collected.title": ["{code} · {category} · {kg} kg", "{code} · {category} · {kg} kg"],
  "sent.item": [
    "Verstuurd: {code} is opgeslagen. Print nu het label.",
    "Sent: {code} is stored. Print its label now.",
  ],
  "bulk.done": ["Bulk ingezameld: {category}, {kg} kg.", "Bulk taken in: {category}, {kg} kg."],
  "correct.button": ["Corrigeren", "Correct"],
  "correct.title": ["Corrigeren: {code} · {category} · {kg} kg", "Correct: {code} · {category} · {kg} kg"],
  "correct.weight": ["Juiste gewicht in kg", "Right weight in kg"],
  "correct.reweigh": [
    "Opnieuw wegen: leg het op de weegschaal en wacht op ‘Stabiel’",
    "Weigh again: put it on the scale and wait for ‘Stable’",
  ],
  "correct.will_bind": [
    "De correctie gebruikt de weging van {kg} kg om {time}.",
    "The correction uses the weighing of {kg} kg at {time}.",
  ],
  "correct.reason": ["Waarom? (verplicht)", "Why? (required)"],
  "correct.save": ["Correctie opslaan", "Save correction"],
  "correct.need_reason": [
    "Zeg kort waarom: dat blijft bij het item bewaard.",
    "Say briefly why: it is kept with the item.",
  ],
  "correct.nothing": [
    "Er verandert niets: typ het juiste gewicht, weeg opnieuw of kies een andere categorie.",
    "Nothing changes: type the right weight, weigh again or choose another category.",
  ],
  "correct.done": [
    "Gecorrigeerd: {code} is nu {kg} kg, {category}. De cijfers tellen het zo vanaf de dag van inzamelen.",
    "Corrected: {code} is now {kg} kg, {category}. The figures count it so from the day it was taken in.",
  ],
  "correct.mark": ["gecorrigeerd", "corrected"],
  "outbox.correct": ["Correctie {code}", "Correction {code}"],
  "back.title": ["Teruggebracht (nieuw leven)", "Brought back (a new life)"],
  "back.help": [
    "Iemand brengt een item dat bij ons gekocht is terug als gift: scan of typ de code. Het begint een nieuw leven en telt als ingezameld. Wil de klant geld terug? Dat is Retour aan de kassa.",
    "Someone gives back an item bought here as a donation: scan or type its code. It starts a new life and counts as taken in. Does the customer want money back? That is Refund at the till.",
  ],
  "back.scan": ["Code van het teruggebrachte item, dan Enter", "Code of the item brought back, then Enter"],
  "back.button": ["Teruggebracht", "Brought back"],
  "back.done": [
    "Teruggebracht: {code} ({category}) begint een nieuw leven en telt als ingezameld. Het gaat nu naar de keuring.",
    "Brought back: {code} ({category}) starts a new life and counts as taken in. It now goes to be inspected.",
  ],
  "back.mark": ["teruggebracht", "brought back"],
  "back.not_sold": [
    "{code} is niet verkocht, dus het kan niet als teruggebracht worden ingezameld. Nieuw binnen? Gebruik Inzamelen.",
    "{code} has not been sold, so it cannot be taken in as brought back. New to us? Use Take in.",
  ],
  "back.unknown": ["{code} kennen we niet.", "We do not know {code}."],
  "outbox.back": ["Teruggebracht {code}", "Brought back {code}"],

  "tab.item": ["Keuren en repareren", "Inspect and repair"], "tab.upcycle": ["Upcyclen", "Upcycle"],
  "tab.own": ["Reparatie voor bewoner", "Repair for a resident"],
  "scan.label": ["Scan of typ een code", "Scan or type a code"],
  "scan.upcycle": ["Scan de items voor het nieuwe item", "Scan the items for the new item"],
  "scan.find": ["Zoek", "Find"], camera: ["Camera", "Camera"],
  "scan.invalid": [
    "‘{text}’ is geen geldige code. Scan opnieuw of typ de code over.",
    "‘{text}’ is not a valid code. Scan again or type the code.",
  ],
  price: ["Prijs", "Price"], price_eur: ["Prijs (€)", "Price (€)"],
  minutes: ["Minuten gewerkt (optioneel)", "Minutes worked (optional)"],
  inspect: ["Keuren", "Inspect"],
  repair: ["Repareren", "Repair"],
  own_use: ["Voor bewoners", "For residents"],
  "price.save": ["Prijs opslaan", "Save price"],
  "barrier.title": ["Waarom niet te repareren? (optioneel)", "Why can it not be repaired? (optional)"],
  "stream.title": ["Waar gaat het heen?", "Where does it go?"],
  cancel: ["Annuleren", "Cancel"], history: ["Geschiedenis", "History"],
  "barrier.if_eol": ["Barrière (bij niet te repareren)", "Barrier (for end of life)"],
  weight: ["Gewicht", "Weight"], lives: ["Levens", "Lives"],
  "description.short": ["Omschrijving", "Description"], made_from: ["Gemaakt van", "Made from"],
  "ev.collected": ["Ingezameld", "Collected"],
  "ev.made": ["Gemaakt van {n} items (upcyclen)", "Made from {n} items (upcycled)"],
  "ev.sold": ["Verkocht", "Sold"],
  "ev.returned": ["Teruggebracht (nieuw leven)", "Brought back (a new life)"],
  "ev.refunded": ["Terugbetaald aan de kassa", "Refunded at the till"],
  "ev.refunded_faulty": ["Terugbetaald aan de kassa: defect, naar de werkbank", "Refunded at the till: faulty, to the bench"],
  "ev.corrected": ["Gecorrigeerd: {what} ({reason})", "Corrected: {what} ({reason})"],
  "ev.upcycled": ["Geüpcycled tot {code}", "Upcycled into {code}"],
  "item.nothing": [
    "Dit item is {state}: hier is niets meer mee te doen.",
    "This item is {state}: nothing more to do here.",
  ],
  saved: ["Opgeslagen: nu {state}.", "Saved: now {state}."], remove: ["Verwijderen", "Remove"],
  "upcycle.title": [
    "Upcyclen: van oude items iets nieuws maken",
    "Upcycle: make something new from old items",
  ],
  "upcycle.help": [
    "Scan alle items die samen het nieuwe item worden.",
    "Scan every item that goes into the new one.",
  ],
  weight_kg_opt: ["Gewicht (kg; leeg = samen)", "Weight (kg; empty = their sum)"],
  price_eur_opt: ["Prijs (€, optioneel)", "Price (€, optional)"],
  "upcycle.button": ["Upcyclen", "Upcycle"],
  "upcycle.none": ["Scan eerst de items die erin gaan.", "Scan the items that go into it first."],
  "upcycle.twice": ["{code} staat al in de lijst.", "{code} is already in the list."],
  "upcycle.not": [
    "{code} kan niet geüpcycled worden: het is {state}.",
    "{code} cannot be upcycled: it is {state}.",
  ],
  "upcycle.done": ["Nieuw item {code} gemaakt van {n} items.", "New item {code} made from {n} items."],
  "own.title": [
    "Reparatie voor een bewoner (gaat weer mee naar huis)",
    "Repair for a resident (goes back home)",
  ],
  brand: ["Merk", "Brand"], problem: ["Probleem", "Problem"],
  "brand.unknown": ["Merk onbekend", "Brand unknown"],
  "need.brand": [
    "Vul het merk in, of vink ‘Merk onbekend’ aan.",
    "Enter the brand, or tick ‘Brand unknown’.",
  ],
  "need.problem": ["Beschrijf kort wat er mis was.", "Describe briefly what was wrong."],
  "own.done": ["Reparatie vastgelegd: {outcome}.", "Repair recorded: {outcome}."],

  "till.refund_mode": [
    "Retour: de klant krijgt geld terug (Esc stopt)",
    "Refund: the customer gets money back (Esc stops)",
  ],
  "till.scan": ["Scan een label of typ de code, dan Enter", "Scan a label or type the code, then Enter"],
  "till.refund_scan": [
    "Scan een item van de verkoop of de bon (of typ het bonnummer), dan Enter",
    "Scan an item of the sale or the receipt (or type the receipt number), then Enter",
  ],
  add: ["Toevoegen", "Add"], "till.cart": ["Bon", "Receipt"], item: ["Item", "Item"],
  "till.empty": ["De bon is leeg.", "The receipt is empty."],
  "till.unlabelled": ["Zonder label (op gewicht)", "Without label (by weight)"], total: ["Totaal", "Total"],
  checkout: ["Afrekenen", "Check out"],
  return: ["Retour", "Refund"],
  "till.clear": ["Bon leeg", "Clear receipt"],
  "till.given": ["Klant geeft (contant)", "Customer gives (cash)"],
  "till.change": ["Wisselgeld: {eur}", "Change: {eur}"],
  "till.discount": ["Korting", "Discount"],
  "till.discount_on": ["Op", "On"],
  "till.discount_reason": ["Reden", "Reason"],
  "till.discount_amount": ["Korting (€, of % erachter)", "Discount (€, or % after it)"],
  "till.discount_receipt": ["Hele bon", "Whole receipt"],
  "till.discount_bad": [
    "Typ een bedrag (2,50) of een percentage (10%) boven 0.",
    "Type an amount (2.50) or a percentage (10%) above 0.",
  ],
  "till.discount_over": ["De korting is hoger dan de prijs.", "The discount is higher than the price."],
  "till.discounted": ["korting {eur} ({reason})", "discount {eur} ({reason})"],
  "till.receipt_discount": ["Korting op de bon: {eur} ({reason})", "Discount on the receipt: {eur} ({reason})"],
  "till.marked_down": ["afgeprijsd {pct}% (was {eur})", "marked down {pct}% (was {eur})"],
  "till.pin_part": ["Deel met pin (gesplitst)", "Part by card (split)"],
  "till.pin_ask": ["Pin {eur}: wacht op ‘Akkoord’ van de terminal.", "Card {eur}: wait for ‘Approved’ on the terminal."],
  "till.pin_ok": ["Akkoord op de terminal", "Approved on the terminal"],
  "till.pin_cancel": ["Niet gelukt", "Not approved"],
  "till.pin_cancelled": ["Pin niet gelukt: niets afgerekend.", "Card not approved: nothing checked out."],
  "till.pin_too_much": ["Het pin-deel is meer dan het totaal.", "The card part is more than the total."],
  "till.split_offline": [
    "Gesplitst betalen kan pas als alle prijzen bekend zijn.",
    "A split payment needs every price to be known.",
  ],
  "till.short": ["Te weinig: nog {eur}", "Not enough: {eur} more"],
  "till.unknown_item": ["(offline gescand)", "(scanned offline)"], "till.price_later": ["volgt", "later"],
  "till.from_shelf": ["prijs van dit apparaat", "price kept on this device"],
  "till.total_unknown": ["prijs volgt", "price follows"],
  "till.by_weight": ["Zonder label, {kg} kg", "Without label, {kg} kg"],
  "till.total_later": [
    "Plus de prijs van {n} offline gescande items: die rekent de server.",
    "Plus the price of {n} items scanned offline: the server adds it.",
  ],
  "till.twice": ["{code} staat al op de bon.", "{code} is already on the receipt."],
  "till.offline_scan": [
    "Geen verbinding: {code} staat op de bon, de prijs volgt bij verzending.",
    "No connection: {code} is on the receipt, its price follows when sent.",
  ],
  "till.offline_priced": [
    "Geen verbinding: {code} staat op de bon voor {eur}, de prijs die dit apparaat kent. De verkoop wordt verstuurd zodra er verbinding is.",
    "No connection: {code} is on the receipt at {eur}, the price this device knows. The sale is sent as soon as there is a connection.",
  ],
  "till.unknown": ["{code} kennen we niet.", "We do not know {code}."],
  "till.queued": [
    "Verkoop bewaard op dit apparaat ({lines}, {total} {pay}); wordt verstuurd zodra er verbinding is.",
    "Sale kept on this device ({lines}, {total} {pay}); it is sent as soon as there is a connection.",
  ],
  "till.sold": ["Afgerekend: {total} {pay} ({lines}).", "Paid: {total} {pay} ({lines})."],
  "lines.one": ["1 regel", "1 line"],
  "lines.many": ["{n} regels", "{n} lines"],
  "till.sent": [
    "Offline verkoop verstuurd en opgeslagen: {total}.",
    "Offline sale sent and stored: {total}.",
  ],
  "till.removed": [
    "Niets verkocht; die items zijn van de bon gehaald. Reken opnieuw af.",
    "Nothing was sold; those items were taken off the receipt. Check out again.",
  ],
  "till.sale_refused": [
    "Niets van deze verkoop is opgeslagen, ook de andere items niet. Het geld is wel ontvangen: meld het bij de coördinator.",
    "Nothing of this sale was stored, not the other items either. The money was taken: tell the coordinator.",
  ],
  "till.refused_receipt": [
    "Deze verkoop is geweigerd: zie de melding bovenaan.",
    "This sale was refused: see the message at the top.",
  ],
  "refund.title": ["Terugbetalen", "Refund"],
  "refund.help": [
    "Scan een item dat terugkomt, of de bon: dan verschijnt hier de verkoop.",
    "Scan an item that comes back, or the receipt: the sale then shows here.",
  ],
  "refund.pick": ["Vink aan wat terugkomt.", "Tick what comes back."],
  "refund.faulty": ["Defect (naar de werkbank)", "Faulty (to the repair bench)"],
  "refund.total": ["Terug", "To pay back"],
  "refund.method": ["Hoe gaat het geld terug?", "How does the money go back?"],
  "refund.button": ["Terugbetalen", "Pay back"],
  "refund.sale": [
    "Verkoop van {when}: {total} {pay} (bon {id})",
    "Sale of {when}: {total} {pay} (receipt {id})",
  ],
  "refund.done_before": ["al terugbetaald", "already refunded"],
  "refund.give_cash": ["Geef terug: {eur} contant", "Give back: {eur} in cash"],
  "refund.give_pin": ["Geef terug: {eur} via de pin", "Give back: {eur} by card"],
  "refund.queued": [
    "Bewaard op dit apparaat: de terugbetaling wordt verstuurd zodra er verbinding is.",
    "Kept on this device: the refund is sent as soon as there is a connection.",
  ],
  "refund.sent": [
    "Terugbetaling verstuurd en opgeslagen: {eur}.",
    "Refund sent and stored: {eur}.",
  ],
  "refund.refused_later": [
    "Deze terugbetaling is niet opgeslagen: meld het bij de coördinator.",
    "This refund was not stored: tell the coordinator.",
  ],
  "refund.refused": [
    "Niet terugbetaald: {why}. Er is niets veranderd.",
    "Not refunded: {why}. Nothing has changed.",
  ],
  "refund.already": [
    "{code} is al terugbetaald: daar gaat geen geld meer voor terug.",
    "{code} has already been refunded: no more money goes back for it.",
  ],
  "refund.never_sold": [
    "{code} is niet verkocht: er is geen geld terug te geven. Brengt iemand het als gift? Dat gaat bij Inzamelen (Teruggebracht).",
    "{code} has not been sold: there is no money to give back. Is someone giving it as a donation? That is done at intake (Brought back).",
  ],
  "refund.no_sale": [
    "Verkoop ‘{id}’ kennen we niet. Scan een item van de verkoop, of typ het bonnummer over.",
    "We do not know sale ‘{id}’. Scan an item of the sale, or type the receipt number.",
  ],
  "refund.invalid": [
    "‘{text}’ is geen geldige code of bonnummer. Scan opnieuw.",
    "‘{text}’ is not a valid code or receipt number. Scan again.",
  ],
  "refund.offline": [
    "Geen verbinding met de server: de verkoop is nu niet op te zoeken. Probeer het zo weer.",
    "No connection to the server: the sale cannot be looked up now. Try again in a moment.",
  ],
  "refund.none": ["Scan eerst een item van de verkoop of de bon.", "Scan an item of the sale or the receipt first."],
  "refund.none_picked": ["Vink eerst aan wat terugkomt.", "Tick what comes back first."],
  "outbox.refund": ["Terugbetaling: {total} {pay}", "Refund: {total} {pay}"],
  "till.clear_confirm": [
    "Nog een keer Esc (of Bon leeg) maakt de bon leeg.",
    "Press Esc (or Clear receipt) once more to empty the receipt.",
  ],

  from: ["Van", "From"], to: ["Tot en met", "To (inclusive)"], site: ["Locatie", "Site"],
  "site.all": ["Alle locaties", "All sites"], show: ["Toon", "Show"],
  "quick.8w": ["8 weken", "8 weeks"], "quick.month": ["Deze maand", "This month"],
  "quick.lastmonth": ["Vorige maand", "Last month"], "quick.year": ["Dit jaar", "This year"],
  bulk: ["bulk", "bulk"],
  "bulk.label": ["Bulk zonder label", "Bulk without label"],
  days: ["dagen", "days"],
  "chart.inflow": ["Instroom per categorie (kg)", "Inflow by category (kg)"],
  "chart.outflow": ["Verkocht per categorie (kg)", "Sold by category (kg)"],
  "chart.reuse": ["Hergebruikt (%)", "Reused (%)"], "chart.co2": ["CO2 bespaard (kg)", "CO2 avoided (kg)"],
  "chart.repairs": ["Reparaties per uitkomst", "Repairs by outcome"],
  "chart.stock": ["Voorraad per fase (items)", "Stock by phase (items)"],
  "chart.lead": ["Tijd tot verkoop (dagen)", "Time to sale (days)"], median: ["mediaan", "median"],
  downloads: ["Downloads", "Downloads"], "dl.monitor": ["Monitor (CSV)", "Monitor (CSV)"],
  "dl.monitor_json": ["Monitor (JSON)", "Monitor (JSON)"],
  "dl.ords": ["Reparaties (ORDS)", "Repairs (ORDS)"],
  "dl.register": ["Opkopersregister", "Second-hand register"],
  "dash.bad_period": [
    "Kies een begin- en einddatum (begin vóór einde).",
    "Choose a start and end date (start before end).",
  ],
  "dash.loading": ["Cijfers laden…", "Loading figures…"],
  "dash.empty": ["Geen gegevens in deze periode", "No data in this period"],
  "dash.running": ["{label} (lopend)", "{label} (so far)"],
  "dash.partial": ["{label} (deels)", "{label} (part)"],
  "date.placeholder": ["dd-mm-jjjj", "dd/mm/yyyy"],
});
