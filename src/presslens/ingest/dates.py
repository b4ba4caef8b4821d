"""Publication dates: normalise the many shapes metadata takes into ISO 8601, and spot impossible ones.

Only the standard library is used: ISO 8601 via ``fromisoformat``, RFC 2822 via :mod:`email.utils`, and a short
list of formats seen in news corpora (``9/6/17``, ``September 6, 2017``, ``6 Sep 2017``).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

#: Formats tried after ISO 8601 and RFC 2822. Numeric day/month order is US first (the corpora we read —
#: AllSides, FakeNewsCorpus — write ``9/6/17`` for September 6).
DATE_FORMATS = (
    "%m/%d/%y",
    "%m/%d/%Y",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%b. %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d %Y",
    "%Y%m%d",
)
#: Years outside this range are placeholders or typos (``0001-11-30`` occurs in real corpora), not dates.
MIN_YEAR = 1800
MAX_YEAR = 2200
#: A date up to this many days ahead of today (UTC) is not flagged: time zones and embargoed stories.
FUTURE_SLACK_DAYS = 1

_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)


def normalise_date(value: object) -> str | None:
    """ISO form of ``value`` (``YYYY-MM-DD``, or a full timestamp when a time is given); None if unparseable.

    Example:
        >>> normalise_date("9/6/17"), normalise_date("2016-09-20T08:00:00Z")
        ('2017-09-06', '2016-09-20T08:00:00+00:00')
    """
    if isinstance(value, dt.datetime):
        return _checked(value)
    if isinstance(value, dt.date):
        return _checked(value)
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s or len(s) > 64:
        return None
    parsed = _parse(s)
    return _checked(parsed) if parsed is not None else None


def is_future(iso: str | None, today: dt.date | None = None) -> bool:
    """True when the ISO date ``iso`` falls after ``today`` (UTC) plus :data:`FUTURE_SLACK_DAYS`."""
    if not iso:
        return False
    try:
        day = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return False
    today = today or dt.datetime.now(dt.UTC).date()
    return day > today + dt.timedelta(days=FUTURE_SLACK_DAYS)


def _parse(s: str) -> dt.date | dt.datetime | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        try:
            return dt.date.fromisoformat(s)
        except ValueError:
            return None
    try:
        return dt.datetime.fromisoformat(s)
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed
    s2 = _WEEKDAY.sub("", s)
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(s2, fmt).date()
        except ValueError:
            continue
    return None


def _checked(value: dt.date | dt.datetime) -> str | None:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return None
    if isinstance(value, dt.datetime):
        if (value.hour, value.minute, value.second, value.microsecond) == (
            0,
            0,
            0,
            0,
        ) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    return value.isoformat()


__all__ = ["is_future", "normalise_date"]
