"""lean_of on a dossier whose input names no lean (found by the type check: summaries are typed now)."""

from __future__ import annotations

from presslens.article import Article
from presslens.corpus.rows import lean_of
from presslens.dossier.model import Dossier


def test_lean_of_without_a_lean_in_the_input_is_none():
    assert lean_of(Dossier(article=Article("Some text."))) is None


def test_lean_of_reads_the_input_column():
    assert lean_of(Dossier(article=Article("Some text.", extra={"bias_text": " Left "}))) == "left"
