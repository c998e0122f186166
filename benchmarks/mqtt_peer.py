"""The other end of the ingest benchmark, in a process of its own like a gateway on its Pi.

    python -m benchmarks.mqtt_peer PORT COUNT RUN [--acks]

Publishes COUNT QoS 1 weighings as fast as paho can; with --acks it also waits until the
tracker's `.../ack` messages have named every one. Prints one JSON line: when it started
publishing and when it was done (wall clock, so the parent can time its own subscriber).
"""

from __future__ import annotations

import json
import sys
import threading
import time
from datetime import UTC, datetime

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

CENTRE, SCALE = "bench", "s1"
ROOT = f"ambacht/{CENTRE}/scale/{SCALE}/"
INFLIGHT = 100  # unacknowledged QoS 1 messages in the air: enough to keep the broker busy
WAIT_S = 300


def payloads(run: str, count: int) -> list[str]:
    """COUNT weighings as a gateway sends them, with ids unique to this run."""
    at = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    return [json.dumps({"id": f"{SCALE}:{run}:{i:06d}", "scale_id": SCALE, "seq": i, "at": at,
                        "clock_synced": True, "protocol": "st-gs", "gross_kg": 12.34,
                        "tare_kg": 0, "net_kg": 12.34, "stable": True, "status": "ok",
                        "raw": "ST,GS,+0012.34kg"}) for i in range(1, count + 1)]


def main(port: int, count: int, run: str, acks: bool) -> None:
    acked: set[str] = set()
    done = threading.Event()

    def on_ack(_c: object, _u: object, msg: mqtt.MQTTMessage) -> None:
        acked.update(json.loads(msg.payload)["ids"])
        if len(acked) >= count:
            done.set()

    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"bench-gw-{run}")
    client.max_inflight_messages_set(INFLIGHT)
    client.max_queued_messages_set(0)
    client.on_message = on_ack
    client.connect("127.0.0.1", port)
    if acks:
        client.subscribe(ROOT + "ack", qos=1)
    client.loop_start()
    messages = payloads(run, count)
    time.sleep(0.3)  # subscribed before the first weighing
    started = time.time()
    infos = [client.publish(ROOT + "weighing", p, qos=1) for p in messages]
    for info in infos:
        info.wait_for_publish(WAIT_S)
    published = time.time()
    if acks:
        done.wait(WAIT_S)
    print(json.dumps({"started": started, "published": published, "finished": time.time(),
                      "acked": len(acked)}), flush=True)
    client.loop_stop()
    client.disconnect()


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], "--acks" in sys.argv[4:])
