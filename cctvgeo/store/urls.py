"""Camera-store URLs: which inputs name a PostgreSQL store, and how a URL is shown.

A password in a URL is never printed: messages, ``repr`` and the configuration's
summary name the store with ``***`` instead (:func:`redact_url`).
"""

from __future__ import annotations

import re

#: The start of a PostgreSQL URL, with or without a driver.
_STORE_URL = re.compile(r"postgres(ql)?(\+[a-z0-9_]+)?://")


def redact_url(url: str) -> str:
    """A database URL with its password replaced by ``***``.

    Examples
    --------
    >>> redact_url("postgresql://planner:s3cret@db.example:5432/cctv")
    'postgresql://planner:***@db.example:5432/cctv'
    """
    return re.sub(r"^([a-z0-9+]+://[^:/@]*):[^@]*@", r"\1:***@", url)


def is_store_url(text: object) -> bool:
    """True for a PostgreSQL URL: ``postgresql://``, ``postgres://`` or ``postgresql+driver://``.

    Examples
    --------
    >>> is_store_url("postgresql+psycopg2://u@h/db"), is_store_url("cams.gpkg")
    (True, False)
    """
    return isinstance(text, str) and _STORE_URL.match(text.strip()) is not None
