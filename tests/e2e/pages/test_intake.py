"""The intake desk when its scale is out: a clear warning, weight by hand, bulk by weight,
visitors counted, and intake kept on the tablet while the network is gone."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import paho.mqtt.publish as publish
from playwright.sync_api import expect

from tests.support import labels, pages

BROKEN_SCALE = "milieustraat-2"


def _figures_today(demo):
    today = pages.local_today().isoformat()
    return demo.call("monitor", "GET", f"/api/monitor?from={today}&to={today}")


def test_intake_with_the_scale_offline_by_hand_in_bulk_and_offline(open_page, demo):
    broker = urlsplit(demo.broker)
    status = {"state": "offline", "detail": "kabel los", "at": "2026-01-01T00:00:00Z"}
    publish.single(f"ambacht/demo/scale/{BROKEN_SCALE}/status", json.dumps(status), qos=1,
                   retain=True, hostname=broker.hostname, port=broker.port)
    with demo.api("intake") as http:
        pages.until(lambda: BROKEN_SCALE in {s["scale_id"] for s in http.get("/api/scales").json()})
    before = _figures_today(demo)

    intake = open_page("intake", "/intake")
    intake.locator("#scale-select").select_option(BROKEN_SCALE)
    expect(intake.locator("#scale-warning")).to_be_visible()
    expect(intake.locator("#stability")).to_have_text("Offline")
    expect(intake.locator("#manual-toggle")).to_be_checked()
    pages.screenshot(intake, "intake-scale-offline")

    # nothing chosen yet: the desk says what is missing (and sends nothing: figures below)
    intake.get_by_role("button", name="Inzamelen", exact=True).click()
    expect(intake.locator("#intake-message")).to_have_text("Kies eerst een categorie.")

    # weight typed by hand; choosing the category takes the old error away
    intake.get_by_role("button", name="Textiel").click()
    expect(intake.locator("#intake-message")).to_be_hidden()
    intake.get_by_label("Gewicht (kg)").fill("3.2")
    intake.get_by_role("button", name="Inzamelen", exact=True).click()
    expect(intake.locator("#result")).to_be_visible()
    code = intake.locator("#result").get_attribute("data-code")
    assert demo.call("intake", "GET", f"/api/items/{code}")["weight_kg"] == 3.2

    # a bag of textiles without a label, by weight
    intake.get_by_role("button", name="Textiel").click()
    intake.get_by_label("Gewicht (kg)").fill("8.4")
    intake.get_by_role("button", name="Bulk zonder label (op gewicht)").click()
    expect(intake.locator("#intake-message")).to_have_text("Bulk ingezameld: Textiel, 8,4 kg.")

    # two visitors
    intake.get_by_role("button", name="Nieuwe bezoeker").click()
    intake.get_by_role("button", name="Nieuwe bezoeker").click()
    expect(intake.locator("#visitor-count")).to_have_text("2")
    expect(intake.locator("#outbox")).to_be_hidden()  # both sent and answered

    # the Wi-Fi drops: a visitor and an intake wait on the tablet, then arrive once
    intake.context.set_offline(True)
    intake.get_by_role("button", name="Nieuwe bezoeker").click()
    intake.get_by_role("button", name="Speelgoed").click()
    intake.get_by_label("Gewicht (kg)").fill("0.75")
    intake.get_by_role("button", name="Inzamelen", exact=True).click()
    expect(intake.locator("#intake-message")).to_contain_text("Bewaard op dit apparaat")
    expect(intake.locator("#outbox")).to_have_attribute("data-count", "2")
    intake.context.set_offline(False)
    expect(intake.locator("#outbox")).to_be_hidden(timeout=20_000)
    # the queued intake shows up in "Net ingezameld" with its code once it is stored
    expect(intake.locator("#recent li")).to_have_count(2)
    expect(intake.locator("#recent li").first).to_contain_text("Speelgoed")
    expect(intake.locator("#intake-message")).to_contain_text("Print nu het label")
    expect(intake.locator("#result-title")).to_contain_text("Speelgoed · 0,75 kg")

    after = _figures_today(demo)
    assert after["visitors"]["drop_offs"] == before["visitors"]["drop_offs"] + 3
    assert after["inflow"]["bulk_kg"] == round(before["inflow"]["bulk_kg"] + 8.4, 3)
    assert after["inflow"]["by_category"]["speelgoed"]["items"] == \
        before["inflow"]["by_category"]["speelgoed"]["items"] + 1
    assert after["inflow"]["by_category"]["textiel"]["kg"] == \
        round(before["inflow"]["by_category"]["textiel"]["kg"] + 3.2, 3)

    # English on request, remembered on this device
    intake.get_by_role("button", name="English").click()
    expect(intake.get_by_role("button", name="Take in")).to_be_visible()
    expect(intake.locator("#scale-warning")).to_have_text(
        "Scale offline: enter the weight by hand.")
    pages.screenshot(intake, "intake-english")
    assert intake.js_errors == []


def test_label_printen_goes_to_the_desks_own_label_printer(open_page, demo):
    with labels.zebra() as zebra:
        demo.cli("station", "printer", "demo-intake", zebra.uri)
        try:
            intake = open_page("intake", "/intake")
            intake.get_by_role("button", name="Boeken en media").click()
            intake.locator("#manual-toggle").check()
            intake.get_by_label("Gewicht (kg)").fill("1.1")
            intake.get_by_role("button", name="Inzamelen", exact=True).click()
            expect(intake.locator("#result")).to_be_visible()
            code = intake.locator("#result").get_attribute("data-code")
            intake.locator("#print").click()
            expect(intake.locator("#intake-message")).to_have_text(
                f"Label {code} is naar de printer gestuurd.")
            (job,) = zebra.printed()
            assert labels.parse_zpl(job).qr().data.endswith(f"/i/{code}")
        finally:
            demo.cli("station", "printer", "demo-intake")  # the others print in the browser
