"""Heavy renders (a 1,000-label PDF, monitor documents, CSV exports) run off the event loop,
a few at a time: /api/health and the till stay quick while a dozen run (real server)."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from tests.support.tracker import serve

RENDERS = 12  # the dozen concurrent 1,000-label PDFs from one till
LABELS = 1000
# Generous: measured on a 2-core machine, health took at most ~0.1 s with two renders at a
# time, and 1.1 to 3.2 s (the issue saw over 4 s) with each render's lookups on the event loop
# and all twelve on threads fighting over the GIL.
HEALTH_BOUND_S = 1.0


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    for running in serve(f"sqlite:///{tmp_path_factory.mktemp('heavy') / 'a.db'}"):
        running.cli("site", "add", "s1", "--municipality", "Utrecht")
        yield running


def test_health_stays_quick_while_a_dozen_label_sheets_render(server):
    till = server.cli("station", "add", "kassa", "--role", "till", "--site", "s1")
    intake = server.cli("station", "add", "balie", "--role", "intake", "--site", "s1")
    r = httpx.post(f"{server.url}/api/items", json={"category": "boeken", "weight_kg": 1},
                   headers={"Authorization": f"Bearer {intake}"})
    assert r.status_code == 201, r.text
    body = {"items": [r.json()["code"]] * LABELS}
    answers: list[int] = []
    in_flight = [0]
    lock = threading.Lock()

    def render() -> None:
        with lock:
            in_flight[0] += 1
        try:
            got = httpx.post(f"{server.url}/api/labels.pdf", json=body, timeout=300,
                             headers={"Authorization": f"Bearer {till}"})
            answers.append(got.status_code)
        finally:
            with lock:
                in_flight[0] -= 1

    threads = [threading.Thread(target=render) for _ in range(RENDERS)]
    for t in threads:
        t.start()
    time.sleep(1.0)  # let them all arrive
    waits = []  # (seconds health took, renders still in flight when it answered)
    with httpx.Client(base_url=server.url, timeout=60) as client:
        while in_flight[0] and len(waits) < 40:
            start = time.monotonic()
            assert client.get("/api/health").status_code == 200
            waits.append((time.monotonic() - start, in_flight[0]))
            time.sleep(0.2)
    for t in threads:
        t.join(300)
    during = [w for w, flying in waits if flying]
    print(f"health during renders: max {max(during):.3f} s over {len(during)} calls; answers "
          f"{sorted(answers)}")
    assert len(during) >= 3, waits  # measured while renders were in flight
    assert max(during) < HEALTH_BOUND_S, waits
    assert answers.count(200) >= 2 and set(answers) <= {200, 429}, answers
