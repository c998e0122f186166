"""Every role × every endpoint: 401 without a token, 403 for a wrong role, through otherwise."""

import pytest

ROLES = ("intake", "repair", "till", "monitor", "admin", "presence")
# "any" station: every role but a presence tablet, which may only clock people in and out and
# ask who it is (CONTRACT §12)
ANY = set(ROLES) - {"presence"}
CODE = "0000-0000-0"  # valid code, unknown item: authorised calls get a 404/409/422, never 403
VOUCHER = "TB-0000-0000-0000-0"  # valid, unknown: a 404 for whoever may ask
ENDPOINTS = [
    ("GET", "/api/categories", None, ANY),
    ("GET", "/api/me", None, ANY | {"presence"}),
    ("GET", "/api/sites", None, ANY),
    ("GET", f"/api/items/{CODE}", None, ANY),
    ("GET", "/api/scan?q=" + CODE, None, ANY),
    ("GET", f"/api/items/{CODE}/events", None, ANY),
    ("GET", f"/api/items/{CODE}/label.png", None, ANY),
    ("POST", "/api/labels.pdf", {"items": [CODE]}, ANY),
    ("POST", f"/api/items/{CODE}/print", None, {"intake", "repair", "admin"}),
    ("GET", "/api/scales", None, ANY),
    ("GET", "/api/scales/ms-1/weighings", None, ANY),
    ("POST", "/api/items", {"category": "textiel", "weight_kg": 1}, {"intake", "admin"}),
    ("POST", "/api/bulk", {"category": "textiel", "weight_kg": 1}, {"intake", "admin"}),
    ("POST", f"/api/items/{CODE}/inspect", {"outcome": "needs_repair"}, {"repair", "admin"}),
    ("POST", f"/api/items/{CODE}/repair", {"outcome": "repairable"}, {"repair", "admin"}),
    ("POST", f"/api/items/{CODE}/price", {"price_eur": 1}, {"repair", "till", "admin"}),
    ("POST", f"/api/items/{CODE}/return", None, {"intake", "admin"}),
    ("POST", "/api/upcycle", {"inputs": [CODE], "category": "meubilair"}, {"repair", "admin"}),
    ("POST", "/api/repairs", {"category": "elektrisch", "outcome": "fixed"}, {"repair", "admin"}),
    ("POST", "/api/sales", {"items": [CODE], "payment": "cash"}, {"till", "admin"}),
    ("POST", "/api/vouchers", {"amount_eur": 5, "reason": "cadeaubon"}, {"till", "admin"}),
    ("GET", f"/api/vouchers/{VOUCHER}", None, ANY),
    ("GET", f"/api/vouchers/{VOUCHER}/voucher.pdf", None, {"till", "admin"}),
    ("POST", f"/api/vouchers/{VOUCHER}/print", None, {"till", "admin"}),
    ("POST", "/api/people", {"alias": "p1", "role": "volunteer"}, {"admin"}),
    ("POST", "/api/attendance", {"alias": "p1", "date": "2026-03-01", "hours": 1}, {"admin"}),
    ("GET", "/api/people", None, {"admin"}),
    ("POST", "/api/people/p1/end", {"outcome": "stopped"}, {"admin"}),
    ("POST", "/api/people/p1/skills", {"skill": "lassen"}, {"admin"}),
    ("POST", "/api/people/p1/group", {"group": "wsw"}, {"admin"}),
    ("POST", "/api/people/p1/badges", None, {"admin"}),
    ("GET", "/api/people/p1/export", None, {"admin"}),
    ("POST", "/api/people/p1/erase", None, {"admin"}),
    ("GET", "/api/places", None, {"admin"}),
    ("POST", "/api/places", {"group": "intern", "count": 2, "from": "2026-03-01"}, {"admin"}),
    ("POST", "/api/presence/scan", {"badge": CODE}, {"presence", "admin"}),
    ("GET", "/api/presence/flagged", None, {"admin"}),
    ("GET", f"/api/badges/{CODE}/card.pdf", None, {"admin"}),
    ("POST", f"/api/badges/{CODE}/print", None, {"admin"}),
    ("POST", "/api/visits", None, {"intake", "admin"}),
    ("GET", "/api/partners", None, ANY),
    ("POST", "/api/partners", {"id": "p1", "name": "School", "kind": "school"}, {"admin"}),
    ("POST", "/api/outflows", {"partner": "p0", "stream": "recycle", "weight_kg": 1},
     {"intake", "admin"}),
    ("POST", "/api/activities", {"kind": "course", "date": "2026-03-01", "participants": 1},
     {"admin"}),
    ("GET", "/api/activities?from=2026-03-01&to=2026-03-31", None, {"monitor", "repair", "admin"}),
    ("POST", "/api/targets", {"figure": "sold_kg", "period": "2026", "value": 1}, {"admin"}),
    ("POST", "/api/baselines", {"figure": "sold_kg", "from": "2025-01-01", "to": "2025-12-31",
                                "value": 1}, {"admin"}),
    ("GET", "/api/targets", None, {"monitor", "admin"}),
    ("GET", "/api/monitor?from=2026-03-01&to=2026-03-31", None, {"monitor", "admin"}),
    ("GET", "/api/monitor.csv?from=2026-03-01&to=2026-03-31", None, {"monitor", "admin"}),
    ("GET", "/api/exports/ords.csv", None, {"monitor", "admin"}),
    ("GET", "/api/exports/register.csv", None, {"monitor", "admin"}),
    # Beheer (/beheer): sites, stations, categories
    ("POST", "/api/sites", {"id": "werkplaats", "municipality": "Houten"}, {"admin"}),
    ("POST", "/api/sites/nergens", {"closes": "16:00"}, {"admin"}),
    ("GET", "/api/stations", None, {"admin"}),
    ("POST", "/api/stations", {"name": "kassa-9", "role": "till", "site": "nergens"}, {"admin"}),
    ("POST", "/api/stations/kassa-9/revoke", None, {"admin"}),
    ("POST", "/api/categories/boeken", {"vat_rate": 2}, {"admin"}),
]


@pytest.mark.parametrize("method,path,body,allowed", ENDPOINTS,
                         ids=[f"{m} {p}" for m, p, _, _ in ENDPOINTS])
def test_matrix(tracker, method, path, body, allowed):
    r = tracker.client.request(method, path, json=body)
    assert r.status_code == 401, "no token must be refused"
    for role in ROLES:
        r = tracker.client.request(method, path, json=body, headers=tracker.as_(role))
        if role in allowed:
            assert r.status_code not in (401, 403), (role, r.text)
        else:
            assert r.status_code == 403 and r.json()["code"] == "forbidden", (role, r.text)


def test_health_needs_no_token(tracker):
    assert tracker.client.get("/api/health").status_code == 200
