"""The domain's words, Dutch and English side by side (CONTRACT §8): item states, phases,
outcomes, streams, barriers, payments, roles, figures, ORDS categories and error codes.

The one place these words live: the server's sentences, the public item page and the station
pages (given the table as JSON in their layout) all read them here. A new state, outcome,
figure or error code gets its words in this file; tests/unit/tracker/test_words.py names what
is missing. Pure: standard library only."""

from __future__ import annotations

from collections.abc import Mapping

Pair = tuple[str, str]  # (Dutch, English)
LANGUAGES = ("nl", "en")

# An item state as said inside a sentence ("dit item is {state}"); pages show it capitalised.
STATES: dict[str, Pair] = {
    "collected": ("ingezameld", "collected"),
    "in_repair": ("in reparatie", "in repair"),
    "ready_for_sale": ("klaar voor verkoop", "ready for sale"),
    "sold": ("verkocht", "sold"),
    "recycled": ("gerecycled", "recycled"),
    "disposed": ("restafval", "residual waste"),
    "upcycled": ("geüpcycled", "upcycled"),
    "returned_to_owner": ("terug naar eigenaar", "back with its owner"),
    "given_away": ("weggegeven", "given away"),
}
# Staat (CONTRACT §13): how good an item is, set at the repair bench (items.CONDITIONS).
CONDITIONS: dict[str, Pair] = {
    "as_new": ("als nieuw", "as new"),
    "good": ("goed", "good"),
    "fair": ("redelijk", "fair"),
    "for_parts": ("voor onderdelen", "for parts"),
}
# What the public item page (behind the QR label) tells a customer about each state.
STATE_STORIES: dict[str, Pair] = {
    "collected": ("Net binnengekomen: het wordt binnenkort gekeurd.",
                  "Just came in: it will be checked soon."),
    "in_repair": ("Het wordt gerepareerd in onze werkplaats.",
                  "It is being repaired in our workshop."),
    "ready_for_sale": ("Te koop in de kringloopwinkel.", "For sale in the thrift store."),
    "sold": ("Verkocht: het heeft een nieuwe eigenaar.", "Sold: it has a new owner."),
    "recycled": ("Niet meer bruikbaar: de materialen worden gerecycled.",
                 "No longer usable: its materials are recycled."),
    "disposed": ("Niet meer bruikbaar: afgevoerd als restafval.",
                 "No longer usable: disposed of as residual waste."),
    "upcycled": ("Gebruikt als materiaal voor iets nieuws.", "Used as material for something new."),
    "returned_to_owner": ("Gerepareerd en terug naar de eigenaar.",
                          "Repaired and back with its owner."),
    "given_away": ("Weggegeven voor hergebruik: een school, maker of partner gebruikt het weer.",
                   "Given away for reuse: a school, maker or partner uses it again."),
}
# Why an item cannot be sold, after its code: the server's refusal of a sale. A state without
# its own reason says "is {state}".
NOT_FOR_SALE: dict[str, Pair] = {
    "sold": ("is al verkocht", "has already been sold"),
    "collected": ("is nog niet gekeurd en geprijsd", "has not been inspected and priced yet"),
    "in_repair": ("is nog in reparatie", "is still in repair"),
}
_GONE: Pair = ("{code} is afgekeurd ({state}): niet te koop.",
               "{code} was rejected ({state}): not for sale.")
# What the till says when a scanned item is not for sale ({code}, {state}): every state but
# ready_for_sale.
SCANNED_NOT_FOR_SALE: dict[str, Pair] = {
    "collected": ("{code} is nog niet gekeurd en heeft nog geen prijs: niet te koop. Breng het "
                  "naar de werkplaats.",
                  "{code} has not been inspected or priced yet: not for sale. Take it to the "
                  "workshop."),
    "in_repair": ("{code} is nog in reparatie: niet te koop.",
                  "{code} is still being repaired: not for sale."),
    "sold": ("{code} is al verkocht.", "{code} has already been sold."),
    "recycled": _GONE,
    "disposed": _GONE,
    "upcycled": ("{code} is gebruikt om iets nieuws te maken: niet te koop.",
                 "{code} was used to make something new: not for sale."),
    "returned_to_owner": _GONE,
    "given_away": ("{code} is weggegeven voor hergebruik: niet te koop.",
                   "{code} was given away for reuse: not for sale."),
}
# The phases of an item's life (items.PHASE) as the public page names them.
PHASES: dict[str, Pair] = {
    "collect": ("Inzamelen", "Collected"),
    "prepare": ("Klaar voor verkoop maken", "Made ready for sale"),
    "sell": ("Verkopen", "Sold"),
    "exit": ("Uit de kringloop", "Left the cycle"),
}
# Inspect and repair outcomes (items.INSPECT_OUTCOMES, items.REPAIR_OUTCOMES).
OUTCOMES: dict[str, Pair] = {
    "sellable": ("Verkoopbaar", "Sellable"),
    "needs_repair": ("Moet gerepareerd", "Needs repair"),
    "unusable": ("Onbruikbaar", "Unusable"),
    "fixed": ("Gerepareerd", "Fixed"),
    "repairable": ("Repareerbaar – wacht op onderdeel", "Repairable – waiting for a part"),
    "end_of_life": ("Niet te repareren", "End of life"),
}
# Where an unusable item goes (items.STREAMS).
STREAMS: dict[str, Pair] = {
    "recycle": ("Recyclen", "Recycle"),
    "residual": ("Restafval", "Residual waste"),
}
# What leaves the centre in an outflow batch (domain/outflows.OUTFLOW_STREAMS): Afvoeren.
OUTFLOW_STREAMS: dict[str, Pair] = {
    "reuse": ("Hergebruik", "Reuse"),
    "recycle": ("Recyclen", "Recycle"),
    "residual": ("Restafval", "Residual waste"),
}
# Kinds of partner (afnemer) an outflow goes to (domain/outflows.PARTNER_KINDS).
PARTNER_KINDS: dict[str, Pair] = {
    "recycler": ("Recyclebedrijf", "Recycler"),
    "textile_sorter": ("Textielsorteerder", "Textile sorter"),
    "scrap_metal": ("Oud ijzer", "Scrap metal"),
    "reuse_partner": ("Hergebruikpartner", "Reuse partner"),
    "school": ("School", "School"),
    "maker": ("Maker", "Maker"),
    "other_centre": ("Ander centrum (eigen netwerk)", "Other centre (own network)"),
    "waste_processor": ("Afvalverwerker", "Waste processor"),
}
# ORDS v0.3 repair barriers (items.BARRIERS, in its order: the API and exports keep ORDS's English).
BARRIERS: dict[str, Pair] = {
    "Spare parts not available": ("Onderdelen niet te krijgen", "Spare parts not available"),
    "Spare parts too expensive": ("Onderdelen te duur", "Spare parts too expensive"),
    "No way to open product": ("Niet open te krijgen", "No way to open it"),
    "Repair information not available": ("Geen reparatie-informatie", "No repair information"),
    "Lack of equipment": ("Gereedschap ontbreekt", "Lack of equipment"),
    "Item too worn out": ("Te versleten", "Too worn out"),
}
# How a sale is paid or a refund paid back, on the till's buttons...
PAYMENTS: dict[str, Pair] = {
    "cash": ("Contant", "Cash"), "pin": ("Pin", "Card"), "voucher": ("Tegoedbon", "Voucher"),
    "other": ("Anders", "Other"),
    "split": ("Gesplitst", "Split"),
}
# Why a cashier gives a discount (domain/till.DISCOUNT_REASONS) or a markdown rule did.
DISCOUNT_REASONS: dict[str, Pair] = {
    "beschadigd": ("Beschadigd", "Damaged"), "stadspas": ("Stadspas", "City pass"),
    "vrijwilliger": ("Vrijwilliger", "Volunteer"), "markdown": ("Afgeprijsd", "Marked down"),
}
# ...and inside a sentence ("12,50 € contant").
PAID: dict[str, Pair] = {
    "cash": ("contant", "cash"), "pin": ("pin", "by card"),
    "other": ("anders betaald", "paid otherwise"), "split": ("gesplitst", "split"),
    "voucher": ("op tegoedbon", "on a voucher"),
}
# The fixed texts of a receipt (receipts/layout.py), printed, as text, PDF and at /r/{id}.
RECEIPT: dict[str, Pair] = {
    "receipt": ("Bon", "Receipt"), "total": ("Totaal", "Total"), "vat": ("Btw", "VAT"),
    "vat_over": ("over", "on"), "discount": ("Korting", "Discount"),
    "change": ("Wisselgeld", "Change"), "rounding": ("Afronding", "Rounding"),
    "refunded": ("Terugbetaald", "Refunded"), "eur": ("EUR", "EUR"),
    "scan": ("Scan de QR-code voor je digitale bon", "Scan the QR code for your digital receipt"),
    "title": ("Kassabon", "Receipt"),
    "paid": ("Betaald", "Paid"),
    "not_found": ("Deze bon kennen we niet.", "We do not know this receipt."),
    "invalid": ("Dit bonnummer klopt niet.", "This receipt number is not right."),
    "invalid.more": ("Scan de QR-code op de bon opnieuw of vraag het aan de kassa.",
                     "Scan the QR code on the receipt again or ask at the till."),
    "about": ("Een digitale kopie van je kassabon. Er staat niets over jou op.",
              "A digital copy of your receipt. It holds nothing about you."),
}
# The fixed texts of a tegoedbon (receipts/voucher.py) and of its public page /v/{code}.
VOUCHER: dict[str, Pair] = {
    "title": ("Tegoedbon", "Voucher"), "credit": ("Tegoed", "Credit"),
    "balance": ("Saldo", "Balance"), "eur": ("EUR", "EUR"),
    "keep": ("Bewaar deze bon goed: wie de code heeft, kan het tegoed gebruiken.",
             "Keep this voucher safe: whoever has the code can spend it."),
    "scan": ("Scan de QR-code voor het saldo", "Scan the QR code for the balance"),
    "issued": ("Uitgegeven", "Issued"), "spent": ("Helemaal gebruikt", "Used up"),
    "use": ("Te besteden in onze winkel: laat de code aan de kassa zien.",
            "To spend in our shop: show the code at the till."),
    "not_found": ("Deze tegoedbon kennen we niet.", "We do not know this voucher."),
    "invalid": ("Deze tegoedboncode klopt niet.", "This voucher code is not right."),
    "invalid.more": ("Scan de QR-code op de bon opnieuw of vraag het aan de kassa.",
                     "Scan the QR code on the voucher again or ask at the till."),
}
# The Z-report of a till's day (services/day_report.py): on screen, PDF and printed.
DAY_REPORT: dict[str, Pair] = {
    "z": ("Z-rapport", "Z report"), "open": ("Dag geopend", "Day opened"),
    "till": ("kassa", "till"), "day": ("dag", "day"),
    "opened": ("Geopend", "Opened"), "closed": ("Gesloten", "Closed"),
    "sales": ("Verkopen", "Sales"), "revenue": ("Omzet", "Revenue"),
    "refunds": ("Terugbetalingen", "Refunds"), "refunded": ("Terugbetaald", "Refunded"),
    "net": ("Netto omzet", "Net revenue"), "discounts": ("Korting", "Discounts"),
    "vat": ("Btw", "VAT"), "vat_over": ("over", "on"),
    "payments": ("Betalingen", "Payments"), "rounding": ("Afronding", "Rounding"),
    "cash": ("Kas", "Cash"), "float": ("Wisselgeld begin", "Float"),
    "cash_in": ("Contant ontvangen", "Cash taken"),
    "cash_out": ("Contant terugbetaald", "Cash paid back"),
    "refunds_paid": ("Terugbetaald per betaalwijze", "Refunded by method"),
    "expected": ("Verwacht", "Expected"),
    "counted": ("Geteld", "Counted"), "difference": ("Verschil", "Difference"),
}
# Station roles (services/stations.ROLES).
ROLES: dict[str, Pair] = {
    "intake": ("inzameling", "intake"), "repair": ("werkplaats", "repair bench"),
    "till": ("kassa", "till"), "monitor": ("monitor", "monitor"), "admin": ("beheer", "admin"),
    "presence": ("aanwezigheid", "presence"),
}
# Who works at the centre (domain/monitor.PEOPLE_ROLES), as the council report names them.
PEOPLE: dict[str, Pair] = {
    "employee": ("medewerkers", "employees"), "volunteer": ("vrijwilligers", "volunteers"),
    "participant": ("deelnemers (leerwerkplek, re-integratie)",
                    "participants (learning places, re-integration)"),
    "student": ("leerlingen en stagiairs", "pupils and interns"),
}
# Kinds of activity (domain/activities.KINDS).
ACTIVITIES: dict[str, Pair] = {
    "course": ("cursussen", "courses"), "school_visit": ("schoolbezoeken", "school visits"),
    "repair_cafe": ("repaircafés", "repair cafés"), "workshop": ("workshops", "workshops"),
    "tour": ("rondleidingen", "tours"),
}
# Figures a centre sets goals on (domain/goals.FIGURES), as the dashboard names them.
GOAL_FIGURES: dict[str, Pair] = {
    "collected_kg": ("Ingezameld (kg)", "Collected (kg)"),
    "collected_items": ("Ingezameld (items)", "Collected (items)"),
    "sold_kg": ("Verkocht (kg)", "Sold (kg)"),
    "sold_items": ("Verkocht (items)", "Sold (items)"),
    "revenue_eur": ("Omzet", "Revenue"),
    "repairs": ("Reparaties", "Repairs"),
    "repairs_fixed": ("Gerepareerd", "Fixed"),
    "reuse_rate": ("Hergebruikt", "Reused"),
    "co2_avoided_kg": ("CO2 bespaard (kg)", "CO2 avoided (kg)"),
    "visitors": ("Bezoekers samen", "Visitors together"),
    "activity_participants": ("Deelnemers activiteiten", "Activity participants"),
    "activity_sessions": ("Activiteiten", "Activities"),
    "skills_learned": ("Vaardigheid geleerd", "Learned a skill"),
    "people_learning": ("Mensen op een leerwerkplek", "People in learning places"),
    "volunteer_hours": ("Uren vrijwilligers", "Volunteer hours"),
    "social_hours": ("Uren (mensen aan het werk en leren)", "Hours (people at work and learning)"),
    "places_filled_days": ("Plekken gevuld (dagen)", "Places filled (days)"),
    "moved_on": ("Uitgestroomd naar werk of opleiding", "Moved on to work or education"),
}
# Target groups of people at work and learning (domain/social.GROUPS), as /beheer and the
# dashboard's Mensen name them.
TARGET_GROUPS: dict[str, Pair] = {
    "employee": ("Medewerkers", "Employees"), "volunteer": ("Vrijwilligers", "Volunteers"),
    "participatiewet": ("Participatiewet", "Participation Act"),
    "wsw": ("Wsw (sociale werkvoorziening)", "Wsw (sheltered work)"),
    "dagbesteding": ("Dagbesteding", "Day activities"),
    "re_integration": ("Re-integratie", "Re-integration"),
    "intern": ("Stage of leerwerkplek", "Internship or learning place"),
    "work_experience": ("Werkervaringsplek", "Work experience place"),
}
# How an enrolment ended (domain/social.OUTCOMES).
SOCIAL_OUTCOMES: dict[str, Pair] = {
    "paid_work": ("Betaald werk", "Paid work"), "education": ("Opleiding", "Education"),
    "other_programme": ("Ander traject", "Another programme"), "stopped": ("Gestopt", "Stopped"),
    "unknown": ("Onbekend", "Unknown"),
}
# Why a scale's gateway falls behind (`behind` in GET /api/scales); {n}: weighings waiting.
BEHIND: dict[str, Pair] = {
    "outbox_backlog": ("{n} wegingen wachten nog op de Pi van de weegschaal",
                       "{n} weighings are still waiting on the scale's Pi"),
    "weighing_not_received": ("de laatste weging van de Pi is hier niet aangekomen",
                              "the Pi's last weighing has not arrived here"),
    "status_stale": ("de Pi van de weegschaal meldt zich al minuten niet",
                     "the scale's Pi has not reported for minutes"),
}
# The dashboard's tiles: figures of the monitor document.
DASHBOARD_FIGURES: dict[str, Pair] = {
    "inflow": ("Ingezameld (items)", "Collected (items)"),
    "sold": ("Verkocht (items)", "Sold (items)"),
    "reuse": ("Hergebruikt", "Reused"),
    "reuse_sub": ("van wat de deur uit ging (kg)", "of what left the centre (kg)"),
    "co2": ("CO2 bespaard", "CO2 avoided"),
    "repairs": ("Reparaties", "Repairs"),
    "fixed": ("gerepareerd", "fixed"),
    "own_use": ("voor bewoners", "for residents"),
    "stock": ("Voorraad (items)", "Stock (items)"),
    "lead": ("Tijd tot verkoop (mediaan)", "Time to sale (median)"),
    "visitors": ("Bezoekers inzameling", "Drop-off visitors"),
    "sales": ("verkopen", "sales"),
}
# ORDS product categories in Dutch (domain/ords.PRODUCT_CATEGORIES holds ORDS's English names,
# which the API and exports keep).
ORDS_CATEGORIES_NL: dict[int, str] = {
    1: "Airco/luchtontvochtiger", 2: "Batterij/oplader/adapter",
    3: "Sfeer- of veiligheidsverlichting", 4: "Desktopcomputer", 5: "Digitale compactcamera",
    6: "Spiegelreflex- of videocamera", 7: "Ventilator", 8: "Flatscreen",
    9: "Haar- en verzorgingsapparaat", 10: "Draagbaar spel- of mediaspeler", 11: "Koptelefoon",
    12: "Hifi-set (geïntegreerd)", 13: "Hifi-losse componenten", 14: "Waterkoker", 15: "Lamp",
    16: "Laptop", 17: "Groot huishoudelijk apparaat", 18: "Overig", 19: "Mobiele telefoon",
    20: "Muziekinstrument", 21: "Papierversnipperaar", 22: "Computeraccessoire",
    23: "Draagbare radio", 24: "Elektrisch gereedschap", 25: "Printer/scanner",
    26: "Beamer/projector", 27: "Naaimachine", 28: "Klein huishoudelijk apparaat",
    29: "Klein keukenapparaat", 30: "Tablet", 31: "Broodrooster", 32: "Speelgoed",
    33: "Tv- en game-accessoires", 34: "Stofzuiger", 35: "Horloge/klok", 36: "Koffiezetapparaat",
    37: "Keukenmachine", 38: "Spelcomputer", 39: "Föhn", 40: "Strijkijzer",
}
# Every error code an answer can carry, in a sentence a person understands. The error itself
# carries the precise sentence (its `detail`, with `en=`); a page uses these where it words a
# code itself, or when an answer came without a sentence.
ERRORS: dict[str, Pair] = {
    "error": ("Er ging iets mis.", "Something went wrong."),
    "invalid_input": ("Iets in de invoer klopt niet.", "Something in the input is not right."),
    "invalid_code": ("Deze code klopt niet.", "This code is not right."),
    "not_found": ("Dat kennen we niet.", "We do not know that."),
    "forbidden": ("Dit station mag dat niet.", "This station may not do that."),
    "unauthorized": ("Meld dit apparaat aan met het token van het station.",
                     "Log this device in with the station's token."),
    "invalid_condition": ("Kies een staat: als nieuw, goed, redelijk of voor onderdelen.",
                          "Choose a condition: as new, good, fair or for parts."),
    "not_on_the_shelf": ("Alleen wat in de winkel staat kan gereserveerd worden.",
                         "Only what is on the shelf can be reserved."),
    "note_too_long": ("De notitie is te lang.", "The note is too long."),
    "not_in_stock": ("Dit item is niet meer in het centrum.",
                     "This item is no longer in the centre."),
    "not_an_image": ("Dit is geen foto die we kunnen lezen.", "This is not a photo we can read."),
    "heic_not_supported": ("HEIC-foto's kan deze server niet lezen.",
                           "This server cannot read HEIC photos."),
    "photo_too_large": ("De foto is te groot.", "The photo is too large."),
    "image_too_many_pixels": ("De foto heeft te veel pixels.", "The photo has too many pixels."),
    "image_damaged": ("De foto is beschadigd.", "The photo is damaged."),
    "photo_not_found": ("Deze foto bestaat niet.", "This photo does not exist."),
    "transition_not_allowed": ("Dat kan niet in de toestand waarin het nu is.",
                               "That is not possible in its current state."),
    "concurrent_change": ("Iemand anders veranderde het tegelijk: probeer het opnieuw.",
                          "Someone else changed it at the same moment: try again."),
    "idempotency_key_reused": ("Deze handeling is al eens met andere gegevens verstuurd.",
                               "This action was already sent once with other data."),
    "invalid_idempotency_key": ("De sleutel van deze handeling klopt niet.",
                                "This action's key is not right."),
    "database_unavailable": ("De database is even niet bereikbaar; er is niets veranderd.",
                             "The database cannot be reached for a moment; nothing changed."),
    "no_database": ("Er is geen database ingesteld.", "No database is set up."),
    "schema_too_new": ("De database is van een nieuwere versie van Ambacht.",
                       "The database belongs to a newer version of Ambacht."),
    "unsafe_for_production": ("Deze instellingen zijn niet veilig voor gebruik.",
                              "These settings are not safe to use."),
    "payload_too_large": ("Dit verzoek is te groot.", "This request is too large."),
    "method_not_allowed": ("Dat kan op dit adres niet.", "That is not possible at this address."),
    "http_error": ("De server weigerde het verzoek.", "The server refused the request."),
    "busy": ("De server is bezig met andere grote bestanden; probeer het zo weer.",
             "The server is busy with other large files; try again shortly."),
    # items and their states
    "item_not_found": ("Dit item kennen we niet.", "We do not know this item."),
    "invalid_outcome": ("Onbekende uitkomst.", "Unknown outcome."),
    "invalid_barrier": ("Onbekende barrière.", "Unknown barrier."),
    "price_required": ("Vul een prijs in.", "Enter a price."),
    "invalid_price": ("Deze prijs klopt niet.", "This price is not right."),
    "stream_required": ("Kies waar het heen gaat: Recyclen of Restafval.",
                        "Choose where it goes: Recycle or Residual waste."),
    "inputs_required": ("Scan minstens één item om te upcyclen.",
                        "Scan at least one item to upcycle."),
    "duplicate_item": ("Een item staat dubbel in de lijst.", "An item is in the list twice."),
    "too_many_items": ("Te veel items in één keer.", "Too many items at once."),
    "unknown_category": ("Deze categorie kennen we niet.", "We do not know this category."),
    "invalid_ords_category": ("De ORDS-productcategorie moet tussen 1 en 40 liggen.",
                              "The ORDS product category must be between 1 and 40."),
    "not_a_repair_cafe": ("Deze locatie heeft geen Repair Café.",
                          "This site has no Repair Café."),
    "malformed_ords_file": ("Dit ORDS-bestand is niet te lezen.",
                            "This ORDS file cannot be read."),
    # visitors' origin
    "invalid_postcode": ("Geef alleen de 4 cijfers van de postcode (bijv. 3511).",
                         "Give only the 4 digits of the postcode (e.g. 3511)."),
    "postcode_and_municipality": ("Geef een postcode of een gemeente, niet allebei.",
                                  "Give a postcode or a municipality, not both."),
    "unknown_municipality": ("Deze gemeente kennen we niet.", "We do not know this municipality."),
    "postcode_file": ("Dit postcodebestand van het CBS is niet te lezen.",
                      "This CBS postcode file cannot be read."),
    # weighing and intake
    "invalid_weight": ("Dit gewicht klopt niet.", "This weight is not right."),
    "weight_required": ("Vul het gewicht in of gebruik de weegschaal.",
                        "Enter the weight or use the scale."),
    "no_fresh_weighing": (
        "Geen verse weging: leg het op de weegschaal en wacht op ‘Stabiel’, of vul het gewicht "
        "met de hand in.",
        "No fresh weighing: put it on the scale and wait for ‘Stable’, or enter the weight by "
        "hand."),
    "weighing_used": (
        "Die weging is al gebruikt. Zet het voorwerp op de weegschaal (eerst terug naar nul) en "
        "wacht op ‘Stabiel’, of vul het gewicht met de hand in.",
        "That weighing has already been used. Put the object on the scale (back to zero first) "
        "and wait for ‘Stable’, or enter the weight by hand."),
    "weighing_not_found": ("Deze weging kennen we niet.", "We do not know this weighing."),
    "weighing_unusable": ("Deze weging is niet te gebruiken.", "This weighing cannot be used."),
    "scale_of_another_site": ("Die weegschaal staat op een andere locatie.",
                              "That scale is at another site."),
    "correction_too_late": (
        "Corrigeren kan hier niet meer: dit item is meer dan 24 uur geleden ingezameld. De "
        "coördinator (beheer) kan het nog corrigeren.",
        "This can no longer be corrected here: the item was taken in more than 24 hours ago. "
        "The coordinator (admin) can still correct it."),
    "correction_not_allowed": (
        "Corrigeren kan hier niet: dit item is op een andere locatie ingezameld. De coördinator "
        "(beheer) kan het corrigeren.",
        "This cannot be corrected here: the item was taken in at another site. The coordinator "
        "(admin) can correct it."),
    "nothing_to_correct": ("Er verandert niets.", "Nothing changes."),
    "reason_required": ("Zeg kort waarom.", "Say briefly why."),
    # partners and outflow batches (Afvoeren)
    "partner_exists": ("Deze afnemer bestaat al.", "This partner already exists."),
    "unknown_partner": ("Deze afnemer kennen we niet.", "We do not know this partner."),
    "invalid_partner_kind": ("Onbekend soort afnemer.", "Unknown kind of partner."),
    "partner_site_required": ("Kies de locatie van het andere centrum.",
                              "Choose the other centre's site."),
    "partner_site_not_allowed": ("Alleen een ander centrum heeft een locatie.",
                                 "Only another centre has a site."),
    "invalid_stream": ("Onbekende stroom.", "Unknown stream."),
    "stream_not_for_partner": ("Deze afnemer neemt deze stroom niet.",
                               "This partner does not take this stream."),
    "transfer_to_same_site": ("Overbrengen kan alleen naar een andere locatie.",
                              "A transfer goes to another site only."),
    "item_cannot_leave": ("Niet alle items kunnen mee in deze afvoer; er is niets afgevoerd.",
                          "Not every item can go in this outflow; nothing was booked."),
    # the till
    "empty_sale": ("De bon is leeg.", "The receipt is empty."),
    "not_ready_for_sale": ("Niet alles op de bon is te koop; er is niets verkocht.",
                           "Not everything on the receipt is for sale; nothing was sold."),
    "invalid_payment": ("Onbekende betaalwijze.", "Unknown way of payment."),
    "payments_do_not_add_up": ("De betalingen kloppen niet met het totaal.",
                               "The payments do not match the total."),
    "invalid_voucher": ("Deze tegoedbon klopt niet.", "This voucher is not right."),
    "voucher_not_found": ("Deze tegoedbon kennen we niet.", "We do not know this voucher."),
    "voucher_spent": ("Deze tegoedbon is al helemaal gebruikt.",
                      "This voucher has been used up."),
    "voucher_insufficient": ("Er staat te weinig op deze tegoedbon.",
                             "This voucher has too little left on it."),
    "invalid_discount": ("Deze korting klopt niet.", "This discount is not right."),
    "discount_over_price": ("De korting is hoger dan de prijs.",
                            "The discount is higher than the price."),
    "unknown_discount_reason": ("Onbekende reden voor korting.", "Unknown reason for a discount."),
    "invalid_discount_reason": ("Deze reden voor korting klopt niet.",
                                "This reason for a discount is not right."),
    "discount_reason_not_found": ("Die reden staat niet in de lijst.",
                                  "That reason is not on the list."),
    "invalid_markdown": ("Deze afprijsregel klopt niet.", "This markdown rule is not right."),
    "markdown_not_found": ("Die afprijsregel bestaat niet.", "That markdown rule does not exist."),
    "invalid_refund_method": ("Onbekende manier van terugbetalen.",
                              "Unknown way of paying back."),
    "line_too_heavy": ("Een regel op gewicht is te zwaar: een tikfout?",
                       "A line by weight is too heavy: a typo?"),
    "line_price_too_low": ("De prijs van een regel op gewicht is te laag.",
                           "The price of a line by weight is too low."),
    "sale_not_found": ("Deze verkoop kennen we niet.", "We do not know this sale."),
    "not_refundable": ("Dit kan niet terugbetaald worden.", "This cannot be refunded."),
    # the till's day (services/till_days.py)
    "day_not_open": ("De kassa heeft geen open dag: open de dag eerst.",
                     "The till has no open day: open the day first."),
    "day_closed": ("Deze dag is al afgesloten.", "This day has already been closed."),
    "day_already_open": ("De dag is al open.", "The day is already open."),
    "day_not_found": ("Deze kassadag kennen we niet.", "We do not know this till day."),
    "invalid_queued_at": ("Het tijdstip uit de wachtrij klopt niet.",
                          "The time from the queue is not right."),
    "at_before_previous_event": ("Dit tijdstip ligt vóór de vorige gebeurtenis.",
                                 "This time is before the previous event."),
    "at_in_future": ("Dit tijdstip ligt in de toekomst.", "This time is in the future."),
    "date_in_future": ("Deze datum ligt in de toekomst.", "This date is in the future."),
    # labels and printers
    "invalid_label": ("Dit label kan niet gemaakt worden.", "This label cannot be made."),
    "too_many_labels": ("Te veel labels in één keer.", "Too many labels at once."),
    "unsupported_format": ("Dat bestandsformaat kennen we niet.", "We do not know that format."),
    "no_printer": ("Dit station heeft geen printer.", "This station has no printer."),
    "invalid_printer": ("Dit printeradres kan niet werken.", "This printer address cannot work."),
    "no_receipt_printer": ("Deze kassa heeft geen bonprinter.",
                           "This till has no receipt printer."),
    "printing_not_installed": ("Bonprinten is niet geïnstalleerd op de server.",
                               "Receipt printing is not installed on the server."),
    "invalid_width": ("Deze breedte van de bon kan niet.", "This receipt width is not possible."),
    "printer_failed": ("De printer nam het label niet aan.", "The printer did not take the label."),
    # sites, stations and people
    "site_exists": ("Deze locatie bestaat al.", "This site already exists."),
    "site_not_found": ("Deze locatie kennen we niet.", "We do not know this site."),
    "site_and_municipality": ("Kies een locatie of een gemeente, niet allebei.",
                              "Choose a site or a municipality, not both."),
    "municipality_not_found": ("Deze gemeente kennen we niet.",
                               "We do not know this municipality."),
    "station_exists": ("Dit station bestaat al.", "This station already exists."),
    "station_not_found": ("Dit station kennen we niet.", "We do not know this station."),
    "invalid_role": ("Onbekende rol.", "Unknown role."),
    "invalid_name": ("Deze naam kan niet.", "This name is not possible."),
    "invalid_text": ("Deze tekst is te lang.", "This text is too long."),
    "municipality_required": ("Vul de gemeente in.", "Enter the municipality."),
    "station_revoked": ("Dit station is al ingetrokken.", "This station has already been revoked."),
    "revoke_own_station": ("Het station waarmee je werkt kun je hier niet intrekken.",
                           "The station you are working on cannot be revoked here."),
    # categories (Beheer)
    "invalid_label_text": ("Een label is 1 tot 64 tekens op één regel.",
                           "A label is 1 to 64 characters on one line."),
    "invalid_co2_factor": ("De CO2-factor is een getal van 0 of meer.",
                           "The CO2 factor is a number of 0 or more."),
    "invalid_vat_rate": ("Het btw-tarief ligt tussen 0 en 1 (0,21 = 21 %).",
                         "The VAT rate lies between 0 and 1 (0.21 = 21 %)."),
    "person_exists": ("Deze persoon bestaat al.", "This person already exists."),
    "person_not_found": ("Deze persoon kennen we niet.", "We do not know this person."),
    "unknown_person": ("Deze persoon kennen we niet.", "We do not know this person."),
    "invalid_hours": ("Deze uren kloppen niet.", "These hours are not right."),
    "unknown_group": ("Deze doelgroep kennen we niet.", "We do not know this target group."),
    "unknown_outcome": ("Deze uitstroom kennen we niet.", "We do not know this outcome."),
    "group_required": ("Kies een doelgroep.", "Choose a target group."),
    "end_before_start": ("Het einde ligt vóór de start.", "The end is before the start."),
    "start_before_end": ("De nieuwe start ligt vóór het vorige einde.",
                         "The new start is before the previous end."),
    "not_enrolled": ("Deze persoon is niet ingeschreven.", "This person is not enrolled."),
    "same_group": ("Deze persoon zit al in die groep.", "This person is in that group already."),
    "skill_required": ("Noem de vaardigheid.", "Name the skill."),
    "badge_not_found": ("Deze badge kennen we niet.", "We do not know this badge."),
    "badge_erased": ("Deze badge hoort bij gewiste gegevens.",
                     "This badge belongs to erased data."),
    "badge_revoked": ("Deze badge is vervangen.", "This badge has been replaced."),
    "scan_out_of_order": ("Er is al een latere scan.", "There is already a later scan."),
    "scan_too_old": ("Deze scan is te oud.", "This scan is too old."),
    "scan_before_clock_in": ("Deze scan ligt vóór het inklokken.",
                             "This scan is before the clock-in."),
    "invalid_time": ("Deze tijd klopt niet.", "This time is not right."),
    # activities
    "activity_not_found": ("Deze activiteit kennen we niet.", "We do not know this activity."),
    "activity_on_another_day": ("Deze activiteit is op een andere dag.",
                                "This activity is on another day."),
    "unknown_activity_kind": ("Onbekend soort activiteit.", "Unknown kind of activity."),
    "attendance_exists": ("Deze aanwezigheid is al vastgelegd.",
                          "This attendance is already recorded."),
    "invalid_count": ("Dit aantal klopt niet.", "This number is not right."),
    "under_18_exceeds_participants": ("Meer deelnemers onder 18 dan deelnemers.",
                                      "More participants under 18 than participants."),
    "skills_exceed_participants": ("Meer geleerde vaardigheden dan deelnemers.",
                                   "More skills learned than participants."),
    "skills_mismatch": ("De vaardigheden kloppen niet met de deelnemers.",
                        "The skills do not match the participants."),
    "too_many_leaders": ("Te veel begeleiders.", "Too many leaders."),
    # figures, goals and periods
    "unknown_figure": ("Dit cijfer kennen we niet.", "We do not know this figure."),
    "invalid_value": ("Deze waarde klopt niet.", "This value is not right."),
    "invalid_number": ("Dit is geen geldig getal.", "This is not a valid number."),
    "invalid_period": ("Deze periode klopt niet.", "This period is not right."),
    "invalid_target_period": ("Kies een jaar (2026) of een maand (2026-03).",
                              "Choose a year (2026) or a month (2026-03)."),
    "period_too_long": ("Deze periode is te lang.", "This period is too long."),
    "unknown_question": ("Die vraag staat niet in de vragenlijst.",
                         "That question is not in the questionnaire."),
    "invalid_answer": ("Een antwoord is een getal van 0 of meer.",
                       "An answer is a number of 0 or more."),
    "invalid_year": ("Dat jaar kan niet.", "That year is not possible."),
    "invalid_month": ("Schrijf een maand als 2026-03.", "Write a month as 2026-03."),
    "feed_off": ("De landelijke monitor is niet ingesteld.",
                 "The national monitor feed is not set up."),
}


def say(pair: Pair, lang: str) -> str:
    """The Dutch or the English of a pair (Dutch for any language but English)."""
    return pair[1] if lang == "en" else pair[0]


def state(name: str, lang: str) -> str:
    """An item state as said inside a sentence."""
    return say(STATES[name], lang)


def not_for_sale(name: str, lang: str) -> str:
    """Why an item in this state cannot be sold: "is al verkocht", else "is {state}"."""
    reason = NOT_FOR_SALE.get(name)
    return say(reason, lang) if reason else f"is {state(name, lang)}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def for_pages() -> dict[str, Pair]:
    """The table as the station pages look words up: `group.name` keys (state.sold...)."""
    groups: Mapping[str, Mapping[str, Pair]] = {
        "outcome": OUTCOMES, "stream": STREAMS, "outflow": OUTFLOW_STREAMS,
        "partner": PARTNER_KINDS, "barrier": BARRIERS, "payment": PAYMENTS,
        "discount": DISCOUNT_REASONS,
        "pay": PAID, "role": ROLES, "goal": GOAL_FIGURES, "fig": DASHBOARD_FIGURES,
        "why": SCANNED_NOT_FOR_SALE, "error": ERRORS, "behind": BEHIND,
        "group": TARGET_GROUPS, "exit": SOCIAL_OUTCOMES, "condition": CONDITIONS,
    }
    table = {f"{group}.{key}": pair for group, words in groups.items()
             for key, pair in words.items()}
    table |= {f"state.{key}": (_capital(nl), _capital(en)) for key, (nl, en) in STATES.items()}
    table |= {f"ords.{n}": (nl, ords_english) for n, (nl, ords_english)
              in _ords_pairs().items()}
    return table


def _ords_pairs() -> dict[int, Pair]:
    # ORDS's English names stay in ords.py; imported here, not above, because ords imports
    # items, which imports this module for its sentences.
    from tracker.domain.ords import PRODUCT_CATEGORIES

    return {n: (ORDS_CATEGORIES_NL[n], english) for n, english in PRODUCT_CATEGORIES.items()}
