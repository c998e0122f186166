"""The schema. Alembic migrations in `migrations/versions` build exactly this."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Timestamps stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = sa.MetaData()

sites = sa.Table(
    "sites", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("municipality", sa.String(128), nullable=False),
    sa.Column("name", sa.String(200)),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("closes", sa.String(5)),  # HH:MM, when presence sessions close (NULL: 17:00)
)

stations = sa.Table(
    "stations", metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("site_id", sa.String(64), sa.ForeignKey("sites.id"), nullable=False),
    # sha256 of the bearer token: tokens are 256-bit random, so a fast hash is enough
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("revoked_at", UTCDateTime()),
    # where its "Label printen" goes: zpl://HOST:9100, cups://QUEUE, file://PATH (or none)
    sa.Column("printer", sa.String(200)),
    # where a till's receipts go: escpos://HOST:9100, escpos-usb://VID:PID, file://PATH (or none)
    sa.Column("receipt_printer", sa.String(200)),
)

# The truth: every change, immutable. (stream, seq) unique stops lost updates.
events = sa.Table(
    "events", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("stream", sa.String(80), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("at", UTCDateTime(), nullable=False),
    sa.Column("local_date", sa.Date, nullable=False),  # Europe/Amsterdam date of `at`
    sa.Column("site_id", sa.String(64), sa.ForeignKey("sites.id"), nullable=False),
    sa.Column("station", sa.String(64), nullable=False),
    sa.Column("person", sa.String(64)),
    sa.Column("data", sa.JSON, nullable=False),
    sa.UniqueConstraint("stream", "seq", name="uq_events_stream_seq"),
    sa.Index("ix_events_local_date", "local_date"),
    sa.Index("ix_events_type", "type"),
)

# Projection of item events: current state, rebuilt by `ambacht rebuild`.
items = sa.Table(
    "items", metadata,
    sa.Column("code", sa.String(9), primary_key=True),
    sa.Column("state", sa.String(24), nullable=False),
    sa.Column("category", sa.String(32), nullable=False),
    sa.Column("weight_g", sa.Integer, nullable=False),
    sa.Column("price_cents", sa.Integer),
    sa.Column("cycle", sa.Integer, nullable=False),
    sa.Column("site_id", sa.String(64), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.Column("description", sa.Text),
    sa.Column("ords_category_id", sa.Integer),
    sa.Column("serial_number", sa.String(100)),
    sa.Column("inputs", sa.JSON, nullable=False),
    sa.Column("cycle_started_at", UTCDateTime()),  # start of the current life (time to sale)
    sa.Column("ready_since", UTCDateTime()),  # last moved into ready_for_sale (markdowns)
    sa.Column("condition", sa.String(16)),  # as_new | good | fair | for_parts (CONTRACT §13)
    sa.Column("reserved_until", UTCDateTime()),  # held for a customer until then
    sa.Column("reservation_note", sa.String(200)),  # for the stations, never public
    sa.Column("shelved_at", UTCDateTime()),  # last moved into ready_for_sale, kept after a sale
    sa.Index("ix_items_state", "state"),
)

# Item photos (CONTRACT §13): the images are files in the photo folder (settings.photos_dir),
# resized and stripped of all metadata; a row says which item (and life) they show.
photos = sa.Table(
    "photos", metadata,
    sa.Column("id", sa.String(32), primary_key=True),  # random hex: also the file name
    sa.Column("item_code", sa.String(9), nullable=False),
    sa.Column("cycle", sa.Integer, nullable=False),
    sa.Column("width", sa.Integer, nullable=False),
    sa.Column("height", sa.Integer, nullable=False),
    sa.Column("bytes", sa.Integer, nullable=False),
    sa.Column("thumb_bytes", sa.Integer, nullable=False),
    sa.Column("taken_at", UTCDateTime(), nullable=False),
    sa.Column("site_id", sa.String(64), nullable=False),
    sa.Column("station", sa.String(64), nullable=False),
    sa.Index("ix_photos_item", "item_code", "taken_at"),
)

idempotency = sa.Table(
    "idempotency", metadata,
    sa.Column("station", sa.String(64), primary_key=True),
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("request_hash", sa.String(64), nullable=False),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("body", sa.JSON, nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
)

# People at work and learning (CONTRACT §12). The alias lives here only: every other row and
# every event names a person by the opaque `id`, so an erasure (alias NULL, `erased_at` set)
# leaves hours, groups and outcomes as anonymous counts without rewriting anything.
people = sa.Table(
    "people", metadata,
    sa.Column("id", sa.String(32), primary_key=True),  # opaque, random
    sa.Column("alias", sa.String(64), unique=True),  # pseudonym only, never a name; NULL: erased
    sa.Column("role", sa.String(16), nullable=False),  # the v1 role (of the newest enrolment)
    sa.Column("site_id", sa.String(64), sa.ForeignKey("sites.id"), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("erased_at", UTCDateTime()),
)

# One stretch of a person in one target group; a change of group is an end and a new start.
enrolments = sa.Table(
    "enrolments", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("person_id", sa.String(32), sa.ForeignKey("people.id"), nullable=False),
    sa.Column("target_group", sa.String(24)),  # NULL: added by role only, before groups
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("site_id", sa.String(64), sa.ForeignKey("sites.id"), nullable=False),
    sa.Column("start_date", sa.Date, nullable=False),
    sa.Column("end_date", sa.Date),
    sa.Column("outcome", sa.String(24)),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Index("ix_enrolments_person", "person_id"),
)

attendance = sa.Table(  # hours entered by hand (POST /api/attendance)
    "attendance", metadata,
    sa.Column("person_id", sa.String(32), sa.ForeignKey("people.id"), primary_key=True),
    sa.Column("date", sa.Date, primary_key=True),
    sa.Column("hours", sa.Numeric(4, 2), nullable=False),
    sa.Column("site_id", sa.String(64), sa.ForeignKey("sites.id"), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Index("ix_attendance_date", "date"),
)

# Places offered per group at a site; where rows overlap the newest (highest id) is in force.
places = sa.Table(
    "places", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("site_id", sa.String(64), sa.ForeignKey("sites.id"), nullable=False),
    sa.Column("target_group", sa.String(24), nullable=False),
    sa.Column("count", sa.Integer, nullable=False),
    sa.Column("start_date", sa.Date, nullable=False),
    sa.Column("end_date", sa.Date),
    sa.Column("set_at", UTCDateTime(), nullable=False),
    sa.Column("station", sa.String(64), nullable=False),
)

skills = sa.Table(  # skills learned, a certificate (praktijkverklaring) or not
    "skills", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("person_id", sa.String(32), sa.ForeignKey("people.id"), nullable=False),
    sa.Column("skill", sa.String(200), nullable=False),
    sa.Column("certificate", sa.Boolean, nullable=False),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("site_id", sa.String(64), sa.ForeignKey("sites.id"), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Index("ix_skills_person", "person_id"),
)

# Badges for /aanwezig: a random code (item-code form) in a QR, never the alias.
badges = sa.Table(
    "badges", metadata,
    sa.Column("code", sa.String(9), primary_key=True),
    sa.Column("person_id", sa.String(32), sa.ForeignKey("people.id"), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("revoked_at", UTCDateTime()),
    sa.Index("ix_badges_person", "person_id"),
)

# Clocked sessions; `forgotten`: closed at the site's closing time, for the coordinator to see.
presence = sa.Table(
    "presence", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("person_id", sa.String(32), sa.ForeignKey("people.id"), nullable=False),
    sa.Column("site_id", sa.String(64), sa.ForeignKey("sites.id"), nullable=False),
    sa.Column("clock_in", UTCDateTime(), nullable=False),
    sa.Column("clock_out", UTCDateTime()),
    sa.Column("forgotten", sa.Boolean, nullable=False),
    sa.Index("ix_presence_person", "person_id", "clock_in"),
    sa.Index("ix_presence_clock_in", "clock_in"),
)

# Stable weighings from the scale gateways; each id is stored once, bound to at most one item.
weighings = sa.Table(
    "weighings", metadata,
    sa.Column("n", sa.Integer, primary_key=True, autoincrement=True),  # arrival order
    sa.Column("id", sa.String(128), nullable=False, unique=True),
    sa.Column("scale_id", sa.String(64), nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("at", UTCDateTime(), nullable=False),  # the gateway's clock
    sa.Column("clock_synced", sa.Boolean, nullable=False),
    sa.Column("received_at", UTCDateTime(), nullable=False),  # the tracker's clock
    sa.Column("protocol", sa.String(32), nullable=False),
    # exactly the digits the scale sent, as text; grams for arithmetic
    sa.Column("net_kg", sa.String(24), nullable=False),
    sa.Column("gross_kg", sa.String(24)),
    sa.Column("tare_kg", sa.String(24)),
    sa.Column("net_g", sa.Integer, nullable=False),
    sa.Column("stable", sa.Boolean, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("raw", sa.String(200), nullable=False),
    sa.Column("bound_to", sa.String(80)),  # item code, or bulk:<id>
    sa.Column("bound_at", UTCDateTime()),
    sa.Index("ix_weighings_scale_n", "scale_id", "n"),
)

# MQTT messages the ingest refused (malformed, or a weighing the database would not take),
# kept for the admin to see: the payload as text (undecodable bytes escaped), and why.
dead_letters = sa.Table(
    "dead_letters", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("topic", sa.String(256), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("reason", sa.String(500), nullable=False),
    sa.Column("received_at", UTCDateTime(), nullable=False),
)

# A scale tied to a site (`ambacht scale add ID --site SITE`): then only stations of that site
# bind its weighings. A scale without a row here is bound by any intake station.
scales = sa.Table(
    "scales", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("site_id", sa.String(64), sa.ForeignKey("sites.id"), nullable=False),
    sa.Column("added_at", UTCDateTime(), nullable=False),
)

# Partners (afnemers): who takes what leaves the centre; `site_id` is the receiving site of
# another centre of the same network (kind other_centre).
partners = sa.Table(
    "partners", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(24), nullable=False),
    sa.Column("municipality", sa.String(128)),
    sa.Column("site_id", sa.String(64), sa.ForeignKey("sites.id")),
    sa.Column("created_at", UTCDateTime(), nullable=False),
)

# The till's rules (CONTRACT §11): the reasons a cashier may give a discount (the admin keeps
# the list; the migration starts it with domain/till.DISCOUNT_REASONS) and the markdown rules
# that lower the price of what has been on the shelf too long.
discount_reasons = sa.Table(
    "discount_reasons", metadata,
    sa.Column("reason", sa.String(64), primary_key=True),
    sa.Column("added_at", UTCDateTime(), nullable=False),
)

markdowns = sa.Table(
    "markdowns", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("category", sa.String(32), nullable=False),
    sa.Column("days", sa.Integer, nullable=False),
    sa.Column("pct", sa.Numeric(5, 2), nullable=False),
    sa.Column("set_at", UTCDateTime(), nullable=False),
    sa.Column("station", sa.String(64), nullable=False),
)

# Where each till stands in its days (CONTRACT §11): its latest day and whether it is open,
# kept with the TillOpened/TillClosed events of its stream `till:{station}`. Each sale at a
# till reads (and on PostgreSQL locks) its row, so a sale and the close of its day never
# pass each other. `since_id`: the events booked into the open (or next) day all come after
# this event id, so reading a day starts there instead of at the beginning of the log.
till_days = sa.Table(
    "till_days", metadata,
    sa.Column("station", sa.String(64), primary_key=True),
    sa.Column("day", sa.Integer, nullable=False),
    sa.Column("open", sa.Boolean, nullable=False),
    sa.Column("since_id", sa.Integer, nullable=False),
)

# Monitor figures, maintained in the same transaction as the events that change them (see
# tracker/domain/figures.py): flows per local day, site, figure and key (a category, an
# outcome, a barrier...), so a period's figures are a sum over its days.
daily_figures = sa.Table(
    "daily_figures", metadata,
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("site_id", sa.String(64), primary_key=True),
    sa.Column("figure", sa.String(24), primary_key=True),
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("n", sa.BigInteger, nullable=False),
    sa.Column("grams", sa.BigInteger, nullable=False),
    sa.Column("cents", sa.BigInteger, nullable=False),
)

# Stock changes per local day, site and state: stock at the end of a day is the sum up to it.
daily_stock = sa.Table(
    "daily_stock", metadata,
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("site_id", sa.String(64), primary_key=True),
    sa.Column("state", sa.String(24), primary_key=True),
    sa.Column("n", sa.BigInteger, nullable=False),
    sa.Column("grams", sa.BigInteger, nullable=False),
)

# Which version of a projection's definitions the stored rows follow; a newer one rebuilds.
projections = sa.Table(
    "projections", metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("built_at", UTCDateTime(), nullable=False),
)

# The national monitor feed: each document once per receiver, until the receiver has it.
feed_outbox = sa.Table(
    "feed_outbox", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("receiver", sa.String(200), nullable=False),
    sa.Column("month", sa.String(7), nullable=False),  # YYYY-MM
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("final", sa.Boolean, nullable=False),
    sa.Column("to_date", sa.Date, nullable=False),  # the last day the document covers
    sa.Column("document", sa.Text, nullable=False),  # exact bytes: a resend is identical
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
    sa.Column("delivered_at", UTCDateTime()),
    sa.Column("last_error", sa.String(500)),
    sa.UniqueConstraint("receiver", "month", "revision", name="uq_feed_outbox_revision"),
    sa.Index("ix_feed_outbox_pending", "delivered_at", "next_attempt_at"),
)

# Targets (a calendar year or month) and the baseline (nulmeting, any stretch of dates) per
# figure, for one site or (site_id NULL) the whole centre. Rows are only added: the newest
# per (figure, site, kind, period) is in force, the older ones show what was set before.
goals = sa.Table(
    "goals", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("figure", sa.String(32), nullable=False),
    sa.Column("site_id", sa.String(64), sa.ForeignKey("sites.id")),
    sa.Column("kind", sa.String(8), nullable=False),  # year | month | baseline
    sa.Column("period_start", sa.Date, nullable=False),
    sa.Column("period_end", sa.Date, nullable=False),
    sa.Column("value", sa.Numeric(20, 4), nullable=False),
    sa.Column("set_at", UTCDateTime(), nullable=False),
    sa.Column("station", sa.String(64), nullable=False),
    sa.Column("person", sa.String(64)),
    sa.Index("ix_goals_site_figure", "site_id", "figure"),
)

questionnaire = sa.Table(  # CONTRACT §14: one row per year, replaced when answered again
    "questionnaire", metadata,
    sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("answers", sa.JSON, nullable=False),
    sa.Column("set_at", UTCDateTime(), nullable=False),
    sa.Column("station", sa.String(64), nullable=False),
)

# What the admin changed of a category on /beheer (CONTRACT §12); a column left empty keeps
# the default (tracker/domain/categories.py, VAT from the settings). One row per category.
category_changes = sa.Table(
    "category_changes", metadata,
    sa.Column("category", sa.String(32), primary_key=True),
    sa.Column("label_nl", sa.String(64)),
    sa.Column("label_en", sa.String(64)),
    sa.Column("co2_factor", sa.Numeric(7, 3)),
    sa.Column("vat_rate", sa.Numeric(5, 4)),
    sa.Column("set_at", UTCDateTime(), nullable=False),
    sa.Column("station", sa.String(64), nullable=False),
)
