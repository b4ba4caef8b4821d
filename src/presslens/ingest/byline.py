"""Byline parsing: a raw author string → the persons and the news agencies it names.

Handles printed bylines ("By Jane Doe and John Smith, Associated Press", "Reuters Staff",
"Jane Doe | Updated 3:45 PM ET, Tue June 5, 2018") and the comma-separated author fields of scraped corpora
("Jill Colvin, Aamer Madhani", "Elise Labott, Global Affairs Correspondent, Ben Brumfield", "Cnn Staff").
The parser is deliberately conservative: a fragment becomes a person only if it looks like a name.
"""

from __future__ import annotations

import re

from ..article import Byline

#: Canonical agency name → lower-case aliases (matched on a whole fragment, or as its first words followed
#: by role words: "AP Staff", "Associated Press Writer", "Reuters Staff").
AGENCIES: dict[str, tuple[str, ...]] = {
    "AP": ("ap", "associated press", "the associated press", "a.p."),
    "Reuters": ("reuters", "thomson reuters", "reuters news", "reuters news agency"),
    "AFP": ("afp", "agence france-presse", "agence france presse", "agence france‑presse"),
    "Bloomberg": ("bloomberg", "bloomberg news"),
    "CNN Wire": ("cnn wire", "cnn wire service", "cnn newsource"),
    "UPI": ("upi", "united press international"),
    "dpa": ("dpa", "deutsche presse-agentur", "deutsche presse agentur"),
    "EFE": ("efe", "agencia efe"),
    "ANSA": ("ansa",),
    "Xinhua": ("xinhua", "xinhua news agency"),
    "TASS": ("tass",),
    "Kyodo": ("kyodo", "kyodo news"),
    "PA Media": ("pa media", "press association", "the press association"),
    "AAP": ("aap", "australian associated press"),
    "The Canadian Press": ("the canadian press", "canadian press"),
    "PTI": ("pti", "press trust of india"),
    "ANI": ("ani", "asian news international"),
    "Yonhap": ("yonhap", "yonhap news agency"),
    "Anadolu": ("anadolu", "anadolu agency"),
}
#: Words describing a role, not a name ("Jane Doe, Senior Political Correspondent").
ROLE_WORDS = frozenset(
    """staff writer writers reporter reporters correspondent correspondents editor editors editorial contributor
    contributors columnist columnists senior chief political national international foreign global affairs
    white house washington bureau analyst producer producers photographer photographers journalist
    journalists special deputy managing associate assistant desk team board aide intern fellow host anchor
    contributing investigative economics business science health technology tech sports opinion
    news wire wires service services photo photos video videos graphics""".split()
)
#: Words that make a fragment an organisation rather than a person ("Usa Today", "Newsmax Wires").
ORGANISATION_WORDS = frozenset(
    """news staff wire wires newsroom today media times post magazine journal daily tribune herald network
    editors editorial board desk team nast group inc inc. llc ltd reports agency service press channel
    radio tv television online digital""".split()
)
#: Leading words that label the piece, not the writer ("Analysis Stephen Collinson", "Video Jeremy Moorhead").
LEADING_NOISE = frozenset(
    "analysis video opinion commentary photo photos photographs interview editorial".split()
)
#: Whole fragments that are page furniture, not names.
NOISE_FRAGMENTS = frozenset(
    {
        "view all",
        "view all posts",
        "more",
        "see all",
        "follow",
        "contact",
        "and",
        "by",
        "staff",
        "admin",
        "anonymous",
        "unknown",
        "guest",
        "guest author",
        "editor",
        "the editors",
    }
)
#: Name suffixes that a comma split detaches ("Martin Luther King, Jr.").
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md", "m.d."})
#: A person name has at most this many words.
MAX_NAME_WORDS = 5

_ALIAS_TO_AGENCY = {alias: name for name, aliases in AGENCIES.items() for alias in aliases}
_NOISE_TAIL = re.compile(
    r"\b(?:updated|last\s+updated|published|posted|modified|first\s+published)\b.*$",
    re.IGNORECASE | re.DOTALL,
)
_JUNK = re.compile(
    r"\S+@\S+\.\S+|https?://\S+|www\.\S+|(?<!\w)@\w+|\bfollow\s+(?:on|us|me)\b.*$", re.IGNORECASE
)
_BY_PREFIX = re.compile(
    r"^\s*(?:(?:written|reporting|reported|story|words|text|compiled|edited|additional\s+reporting)\s+)?by\b[:\s]*",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:[,;|/\n•·]|\s+and\s+|\s*&\s*|\s+with\s+)\s*", re.IGNORECASE)
_AND_PREFIX = re.compile(r"^(?:and|&)\s+", re.IGNORECASE)
_PAREN = re.compile(r"\(([^)]*)\)|\[([^\]]*)\]")
_OF_AGENCY = re.compile(r"^(.*?)\s+(?:of|for)\s+(?:the\s+)?(.+)$", re.IGNORECASE)
_EDGE = " \t\"'“”‘’«»-–—:.,"


def agency_name(fragment: str) -> str | None:
    """Canonical agency named by ``fragment`` ("Associated Press Writer" → "AP"), or None."""
    words = re.sub(r"\s+", " ", fragment.strip(_EDGE)).lower().split(" ")
    for n in range(len(words), 0, -1):
        head = " ".join(words[:n])
        if head in _ALIAS_TO_AGENCY and all(w.strip(".,") in ROLE_WORDS for w in words[n:]):
            return _ALIAS_TO_AGENCY[head]
    return None


def parse_byline(raw: str | None) -> Byline:
    """Parse a byline or author field.

    Example:
        >>> parse_byline("By Jane Doe and John Smith, Associated Press")
        Byline(raw='By Jane Doe and John Smith, Associated Press', persons=('Jane Doe', 'John Smith'), agencies=('AP',))
    """
    if not raw or not raw.strip():
        return Byline(raw=raw or "")
    persons: list[str] = []
    agencies: list[str] = []
    text = _NOISE_TAIL.sub("", raw)
    text = _JUNK.sub(" ", text)
    # Parenthesised agencies: "Jane Doe (AP)".
    extra: list[str] = []

    def _paren(m: re.Match[str]) -> str:
        extra.append(m.group(1) or m.group(2) or "")
        return " "

    text = _PAREN.sub(_paren, text)
    for piece in [*_SPLIT.split(text), *extra]:
        piece = _BY_PREFIX.sub("", piece).strip(" \t,;")
        piece = _AND_PREFIX.sub("", piece)  # "…, and Associated Press": the comma split leaves "and …"
        fragment = piece.strip(_EDGE)
        if not fragment:
            continue
        if fragment.lower() in NAME_SUFFIXES | {s.rstrip(".") for s in NAME_SUFFIXES} and persons:
            persons[-1] = f"{persons[-1]}, {piece}"
            continue
        agency = agency_name(fragment)
        if agency is None:
            m = _OF_AGENCY.match(fragment)
            if m and agency_name(m.group(2)):
                agency = agency_name(m.group(2))
                fragment = m.group(1).strip(_EDGE)
                _add(persons, _person(fragment))
        if agency is not None:
            if agency not in agencies:
                agencies.append(agency)
            continue
        _add(persons, _person(fragment))
    return Byline(raw=raw, persons=tuple(persons), agencies=tuple(agencies))


_BY_LINE = re.compile(r"^by\s+[A-Z]", re.IGNORECASE)


def html_byline(html: str) -> str | None:
    """The visible byline of a page: the text of an element marked as byline/author, else of a short
    paragraph opening with "By" (trafilatura drops both from the article text). None when there is none."""
    from lxml import html as lxml_html  # type: ignore[import-untyped]

    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return None
    marked = tree.xpath('//*[contains(@class, "byline") or @rel="author" or @itemprop="author"]')
    plain = tree.xpath("//p | //div[not(descendant::p)] | //span")
    for el in [*marked, *plain]:
        text = " ".join(el.text_content().split())
        if 4 <= len(text) <= 200 and (el in marked or _BY_LINE.match(text)):
            return text
    return None


def combine_bylines(meta_author: str | None, visible: str | None) -> str | None:
    """The author string to parse when a page gives a metadata author and a visible byline.

    The metadata author field usually names only the staff writer; the visible byline also carries
    co-credits ("…, and Associated Press"). Both are kept when the visible line names an agency; the visible
    line alone when there is no metadata author; else the metadata author.

    Example:
        >>> combine_bylines("Maria Okafor", "By Maria Okafor, Ledger staff, and Associated Press")
        'Maria Okafor; By Maria Okafor, Ledger staff, and Associated Press'
    """
    if not visible:
        return meta_author
    if not meta_author or not meta_author.strip():
        return visible
    if parse_byline(visible).agencies:
        return f"{meta_author}; {visible}"
    return meta_author


def _add(persons: list[str], name: str | None) -> None:
    if name and name.lower() not in {p.lower() for p in persons}:
        persons.append(name)


def _person(fragment: str) -> str | None:
    """``fragment`` as a person name, or None when it is a role, an organisation or noise."""
    words = [w for w in fragment.strip(_EDGE).split() if w]
    if not words or " ".join(words).lower() in NOISE_FRAGMENTS:
        return None
    if words[0].lower() in LEADING_NOISE and len(words) >= 3:
        words = words[1:]
    while words and words[-1].lower().strip(".,") in ROLE_WORDS:
        words = words[:-1]
    if len(words) < 2 or len(words) > MAX_NAME_WORDS:
        return None
    lowered = [w.lower().strip(".,") for w in words]
    if any(w in ORGANISATION_WORDS for w in lowered):
        return None
    if any(ch.isdigit() for ch in "".join(words)):
        return None
    if not all(w[0].isupper() or w.lower() in _PARTICLES for w in words):
        return None
    return " ".join(words)


_PARTICLES = frozenset(
    {
        "de",
        "da",
        "del",
        "della",
        "der",
        "den",
        "van",
        "von",
        "la",
        "le",
        "du",
        "dos",
        "bin",
        "al",
        "el",
        "ibn",
        "ter",
        "ten",
        "y",
        "e",
    }
)

__all__ = ["AGENCIES", "agency_name", "combine_bylines", "html_byline", "parse_byline"]
