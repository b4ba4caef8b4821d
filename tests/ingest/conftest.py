"""Shared fixtures for the ingestion tests (test modules read ``data/`` themselves for parametrisation)."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def article_html() -> str:
    """A realistic article page: metadata, nav, aside, footer, scripts."""
    return (DATA / "article.html").read_text(encoding="utf-8")
