"""A small keep-alive HTTP/1.1 load generator (asyncio, raw sockets) for loopback benchmarks.

Light enough that the server, not the client, is what gets measured on a 2-core machine.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Result:
    requests: int
    seconds: float
    latencies_ms: list[float]
    statuses: dict[int, int]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.latencies_ms, n=100)[94]

    @property
    def p99(self) -> float:
        return statistics.quantiles(self.latencies_ms, n=100)[98]

    def line(self, name: str) -> str:
        return (f"{name:34} {self.rps:8.0f} req/s   p50 {self.p50:6.2f} ms   "
                f"p99 {self.p99:6.2f} ms   statuses {dict(sorted(self.statuses.items()))}")


RequestFactory = Callable[[int], tuple[str, str, dict[str, str], bytes]]


async def _client(host: str, port: int, make: RequestFactory, counter: list[int], total: int,
                  latencies: list[float], statuses: dict[int, int]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while counter[0] < total:
            n = counter[0]
            counter[0] += 1
            method, path, headers, body = make(n)
            head = f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {len(body)}\r\n"
            head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
            started = time.perf_counter()
            writer.write(head.encode() + body)
            status_line = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            latencies.append((time.perf_counter() - started) * 1000)
            status = int(status_line.split()[1])
            statuses[status] = statuses.get(status, 0) + 1
    finally:
        writer.close()


def run(host: str, port: int, make: RequestFactory, total: int, concurrency: int) -> Result:
    """Send `total` requests over `concurrency` keep-alive connections."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    counter = [0]

    async def main() -> float:
        started = time.perf_counter()
        await asyncio.gather(*(_client(host, port, make, counter, total, latencies, statuses)
                               for _ in range(concurrency)))
        return time.perf_counter() - started

    seconds = asyncio.run(main())
    return Result(total, seconds, latencies, statuses)


def json_body(data: object) -> bytes:
    return json.dumps(data).encode()
