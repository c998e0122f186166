"""Heavy renders queue for a few slots; one that waits too long is told to come back (429)."""

import asyncio
import threading

import pytest

from tracker.api.heavy import Busy, HeavyWork


def run(coroutine):
    """asyncio.run on a thread of its own: the page tests' Playwright (sync API) keeps an event
    loop running on the main thread for the whole session, where asyncio.run refuses to start."""
    result = []
    thread = threading.Thread(target=lambda: result.append(asyncio.run(coroutine)))
    thread.start()
    thread.join(30)
    assert result, "the coroutine failed (see the thread's exception above)"
    return result[0]


def test_at_most_two_render_at_once_and_the_rest_wait_their_turn():
    running, most = [0], [0]
    lock, release = threading.Lock(), threading.Event()

    def render(n):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        release.wait(5)
        with lock:
            running[0] -= 1
        return n

    async def main():
        heavy = HeavyWork(at_once=2, wait_s=10)
        jobs = [asyncio.create_task(heavy.run(render, n)) for n in range(6)]
        await asyncio.sleep(0.2)
        assert running[0] == 2  # the other four wait for a slot, on no thread at all
        release.set()
        return await asyncio.gather(*jobs)

    assert run(main()) == list(range(6))
    assert most[0] == 2


def test_a_render_that_gets_no_slot_in_time_is_refused_with_retry_after():
    release = threading.Event()

    async def main():
        heavy = HeavyWork(at_once=1, wait_s=0.2)
        first = asyncio.create_task(heavy.run(release.wait, 5))
        await asyncio.sleep(0.05)
        with pytest.raises(Busy) as refused:
            await heavy.run(lambda: "never")
        release.set()
        assert await first is True
        assert await heavy.run(lambda: "now") == "now"  # the slot came back
        return refused.value

    busy = run(main())
    assert (busy.status, busy.code, busy.retry_after) == (429, "busy", 10)
    assert busy.detail_en and "try again" in busy.detail_en
