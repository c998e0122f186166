"""Station pages (intake, repair bench, till, dashboard), login, and the public item page."""

from tracker.web.pages import install

__all__ = ["install"]
