"""Refuse request bodies over a limit before anything reads them (413, our error shape)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tracker.api.language import prefers_english


class BodyTooLarge(Exception):
    pass


class BodySizeLimit:
    """Pure ASGI middleware: checks Content-Length and counts streamed bytes too. `larger`
    names the paths (POST only) that may take more, and how much (the photo upload)."""

    def __init__(self, app: ASGIApp, max_bytes: int,
                 larger: Sequence[tuple[str, int]] = ()) -> None:
        self.app, self.max_bytes = app, max_bytes
        self.larger = [(re.compile(pattern), limit) for pattern, limit in larger]

    def _limit(self, scope: Scope) -> int:
        if scope.get("method") == "POST":
            for pattern, limit in self.larger:
                if pattern.fullmatch(scope.get("path", "")):
                    return limit
        return self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        max_bytes = self._limit(scope)
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > max_bytes):
            await self._refuse(send, headers, max_bytes)
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > max_bytes:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(send, headers, max_bytes)

    async def _refuse(self, send: Send, asked: dict[bytes, bytes], max_bytes: int) -> None:
        # (the language only when refusing: every other request passes untouched)
        english = prefers_english(asked.get(b"accept-language", b"").decode("latin-1"))
        detail = (f"the request is larger than {max_bytes} bytes" if english
                  else f"verzoek is groter dan {max_bytes} bytes")
        body = json.dumps({"detail": detail, "code": "payload_too_large"}).encode()
        answer: list[Any] = [(b"content-type", b"application/json"),
                             (b"content-length", str(len(body)).encode()),
                             (b"vary", b"Accept-Language")]
        await send({"type": "http.response.start", "status": 413, "headers": answer})
        await send({"type": "http.response.body", "body": body})
