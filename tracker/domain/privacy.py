"""The privacy statement (privacyverklaring) a centre hands to the people who work and learn
there (AVG, CONTRACT §12): generated from the settings, in Dutch, so it says what the
software really keeps and for how long."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain.social import GROUPS, OUTCOMES

GROUP_NL = {
    "employee": "medewerker", "volunteer": "vrijwilliger",
    "participatiewet": "Participatiewet", "wsw": "Wsw (sociale werkvoorziening)",
    "dagbesteding": "dagbesteding", "re_integration": "re-integratie",
    "intern": "stage of leerwerkplek", "work_experience": "werkervaringsplek",
}
OUTCOME_NL = {
    "paid_work": "betaald werk", "education": "opleiding",
    "other_programme": "een ander traject", "stopped": "gestopt", "unknown": "onbekend",
}


@dataclass(frozen=True)
class Section:
    title: str
    paragraphs: tuple[str, ...]


def statement(centre_name: str, retention_days: int) -> list[Section]:
    """The statement's sections, in plain Dutch."""
    groups = ", ".join(GROUP_NL[g] for g in GROUPS)
    outcomes = ", ".join(OUTCOME_NL[o] for o in OUTCOMES)
    return [
        Section("Wie wij zijn", (
            f"{centre_name} werkt met mensen die hier werken, leren of meedoen. Dit "
            "overzicht zegt welke gegevens wij daarover bijhouden, waarom en hoe lang.",)),
        Section("Wat wij bijhouden", (
            "Een schuilnaam (alias) die u of de coördinator kiest: nooit uw naam. Wij "
            "bewaren geen naam, geen BSN, geen adres en geen geboortedatum; het systeem heeft "
            "daar zelfs geen plaats voor.",
            f"Uw groep ({groups}), de datum waarop u begon en stopte, en waar u daarna heen "
            f"ging ({outcomes}).",
            "Uw uren per dag: met de hand ingevoerd, of met uw badge in- en uitgeklokt bij de "
            "ingang. Een vergeten uitklokking sluit op de sluitingstijd van de locatie en de "
            "coördinator ziet dat.",
            "Wat u hier leerde (vaardigheden), en of u daar een praktijkverklaring voor kreeg.",
            "Uw badge: een willekeurige code, niet uw schuilnaam.",)),
        Section("Waarom", (
            "Om te laten zien wat het centrum voor mensen betekent: hoeveel mensen hier "
            "werken en leren, hoeveel plekken gevuld zijn en hoeveel mensen doorstromen naar "
            "werk of opleiding. De gemeente die plekken inkoopt vraagt om deze cijfers.",
            "Buiten het centrum gaan alleen aantallen: nooit een schuilnaam.",)),
        Section("Hoe lang", (
            f"Uw schuilnaam wordt {retention_days} dagen na het einde van uw laatste "
            "inschrijving automatisch gewist. Wat overblijft zijn aantallen (uren, groepen, "
            "uitstroom) die niet meer naar u te herleiden zijn.",)),
        Section("Uw rechten", (
            "U mag altijd zien wat wij over u bijhouden: de coördinator maakt een overzicht "
            "van alles wat bij uw schuilnaam hoort.",
            "U mag vragen alles te wissen: de coördinator wist dan uw schuilnaam meteen; uw "
            "badge werkt daarna niet meer. De aantallen blijven, zonder schuilnaam.",
            "Vragen of klachten? Spreek de coördinator aan. U kunt ook een klacht indienen bij "
            "de Autoriteit Persoonsgegevens.",)),
    ]
