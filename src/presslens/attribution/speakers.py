"""Speaker resolution: link quote speaker mentions to speaker entities across an article.

A rule-and-parse resolver (no coreference model; see docs/attribution.md for why and how it scores):

- **Kind** of a mention: ``person`` (a PERSON entity, a title + surname such as "General Rudskoy", or an
  identifiable role such as "the governor"), ``institution`` (an organisation, government body or
  country: "Russia's General Staff", "the ministry", "Pentagon officials"), ``anonymous`` (unnamed
  insiders: "a source close to", "a senior official", "aides"), ``vague`` (generic groups and
  publications: "experts say", "reports say", "critics"), ``author`` (first person outside quotes).
- **Names**: a surname (with or without a title or honorific) joins the person entity with that surname;
  the entity keeps the longest name seen ("Sergey Rudskoy"). A surname first met without a full name is
  completed from PERSON entities elsewhere in the article.
- **Institutions** match on their normalised name; a bare common-noun mention ("the ministry", "the
  department") joins the most recent institution whose name contains that noun.
- **Anonymous and vague**: "the source" joins the most recent source entity; "a source"/"another source"
  start a new one; plural groups ("sources", "experts") are one entity each.
- **Pronouns**: he/she → a person of compatible gender (honorifics, titles, given names learned from the
  AllSides sample, earlier pronoun links); "he continued"/"she added" continue the latest quote's speaker;
  otherwise the nearest sentence with a compatible person (own sentence first, up to three back, skipping
  the quote's own sentences) decides, preferring the person quoted there (earlier sentences) or the
  main-verb subject (own sentence) over the first person named; else the most recent person speaker;
  they → the most recent plural/institutional speaker or organisation; it → the most recent institution;
  I/we → the author.
- **Role, organisation, country** come from appositions, premodifying titles and prepositional phrases of
  the mentions (see :mod:`presslens.attribution.quotes`); a person's organisation that names an
  institution of the article inherits its country ("General Staff" → "Russia's General Staff" → Russia).
- **Party**: speakers of one government (an official role or a government organisation, plus a country)
  form one party ``"<Country> (government/military)"``; otherwise people of one organisation form the
  organisation's party; everyone else is their own party. Anonymous, vague and author speakers have none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import ModelError
from ..nlp import NLPDoc
from .given_names import GIVEN_NAME_GENDER
from .lexicon import (
    ANONYMOUS_HEADS,
    DEMONYMS,
    DOCUMENT_HEADS,
    GOV_ORG_WORDS,
    HONORIFIC_GENDER,
    LOCALITY_WORDS,
    NOT_SPEAKER_HEADS,
    OFFICIAL_WORDS,
    ORG_HEADS,
    PRONOUNS_AUTHOR,
    PRONOUNS_IT,
    PRONOUNS_PERSON,
    PRONOUNS_PLURAL,
    TITLES,
    VAGUE_HEADS,
)
from .mentions import Mention, RawQuote, _country

_DET_RE = re.compile(r"^(?:the|a|an|another|one|some|several|two|three|many|most|other|its|their|his|her)\s+",
                     re.IGNORECASE)
_POSS_RE = re.compile(r"^([\w.]+(?:\s[\w.]+)?)(?:’s|'s)\s+")
_SHARE_HEADS = frozenset("percent % half third quarter majority minority".split())
_SUFFIXES = {"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"}
_CONTINUE_LEMMAS = frozenset({"continue", "add"})
_HONORIFIC_NAME = re.compile(
    r"\b((?i:" + "|".join(sorted({re.escape(k.rstrip(".")) for k in HONORIFIC_GENDER}, key=len, reverse=True))
    + r"))\.?\s+(?:[A-Z][\w-]+\s+)?([A-Z][\w-]*[a-z])\b(?![\w-])")


@dataclass(slots=True)
class Speaker:
    """A speaker entity of one article."""

    kind: str
    name: str
    key: str
    role: str = ""
    organisation: str = ""
    country: str = ""
    gender: str = ""
    surname: str = ""
    plural: bool = False
    mentions: list[tuple[int, int]] = field(default_factory=list)
    quotes: list[int] = field(default_factory=list)
    party: str = ""
    official: bool = False
    id: str = ""

    @property
    def first(self) -> tuple[int, int]:
        return min(self.mentions) if self.mentions else (0, 0)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind, "role": self.role,
                "organisation": self.organisation, "country": self.country, "party": self.party,
                "official": self.official, "mentions": [{"start": s, "end": e} for s, e in sorted(self.mentions)],
                "n_quotes": len(self.quotes)}


def _norm(s: str) -> str:
    s = s.replace("’", "'").strip()
    s = _DET_RE.sub("", s)
    m = _POSS_RE.match(s)
    if m and (m.group(1).lower() in DEMONYMS):
        s = s[m.end():]
    words = [w for w in s.lower().split() if w not in DEMONYMS]
    return " ".join(words)


def _name_tokens(text: str) -> list[str]:
    toks = [t for t in re.split(r"\s+", text.strip()) if t]
    # the last word stays: "Mr. White" is White, though "white" is also a title word ("White House")
    while len(toks) > 1 and (toks[0].lower() in TITLES or toks[0].lower() in ("the", "a", "an")
                             or toks[0].lower().rstrip("’'s") in DEMONYMS):
        toks.pop(0)
    toks = [t for t in toks if t.lower() not in _SUFFIXES]
    return [t.rstrip(",") for t in toks]


class SpeakerResolver:
    """Resolve the speaker mentions of an article's quotes into :class:`Speaker` entities."""

    def __init__(self, nlp: NLPDoc) -> None:
        self.nlp = nlp
        self.text = nlp.article.text
        self.speakers: list[Speaker] = []
        self.persons = [(e.start_char, e.end_char, e.text) for e in nlp.doc.ents if e.label_ == "PERSON"]
        self.orgs = [(e.start_char, e.end_char, e.text) for e in nlp.doc.ents if e.label_ == "ORG"]
        self._surnames: dict[str, str] = {}
        for _, _, t in self.persons:
            toks = _name_tokens(t)
            if len(toks) >= 2 and all(w[:1].isalpha() and w[:1].isupper() for w in toks):
                prev = self._surnames.get(toks[-1].lower(), "")
                if len(" ".join(toks)) > len(prev):
                    self._surnames[toks[-1].lower()] = " ".join(toks)
        # a surname's gender from honorifics anywhere in the article ("Ms Wilson", "Congresswoman Frederica
        # Wilson"); a surname that two genders share ("Mr. Trump", "Mrs. Trump") has none
        self._surname_gender: dict[str, str] = {}
        seen: dict[str, set[str]] = {}
        for hm in _HONORIFIC_NAME.finditer(self.text):
            seen.setdefault(hm.group(2).lower(), set()).add(HONORIFIC_GENDER[hm.group(1).lower().rstrip(".")])
        self._surname_gender = {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}
        self._last_pos: dict[int, int] = {}
        self._content: tuple[int, int] = (0, 0)  # content span of the quote being resolved
        self._cue_lemma = ""  # cue lemma of the quote being resolved ("continue", "add")
        self._said: list[tuple[int, int]] = []  # (mention start, speaker) of the quotes resolved so far

    # -- public ----------------------------------------------------------------------------------------
    def resolve(self, quotes: list[RawQuote]) -> list[int | None]:
        """Speaker index (into :attr:`speakers`) of each quote, in the order given."""
        out: list[int | None] = [None] * len(quotes)
        index = {id(q): i for i, q in enumerate(quotes)}
        order = sorted(range(len(quotes)), key=lambda i: self._anchor(quotes[i]))
        done: dict[tuple[int, int], int | None] = {}  # one mention, one speaker (two quotes may share it)
        for i in order:
            q = quotes[i]
            if q.mention is None:
                if q.inherit_from is not None and id(q.inherit_from) in index:
                    out[i] = out[index[id(q.inherit_from)]]
            elif (q.mention.start, q.mention.end) in done:
                out[i] = done[(q.mention.start, q.mention.end)]
            else:
                self._content = (q.start, q.end)
                self._cue_lemma = q.cue.lemma.lower() if q.cue is not None else ""
                out[i] = self._resolve_mention(q.mention)
                done[(q.mention.start, q.mention.end)] = out[i]
            k = out[i]
            if k is not None:
                self.speakers[k].quotes.append(i)
                if q.mention is not None:
                    self._said.append((q.mention.start, k))
        out = self._merge_people(out)
        self._finish()
        return out

    def _merge_people(self, out: list[int | None]) -> list[int | None]:
        """One person, one speaker: person speakers whose names share the surname and do not disagree on the
        given name or gender ("Donald Trump" / "Trump"; the same name reached by two paths) are merged into
        the one with the fullest name."""
        target = list(range(len(self.speakers)))

        def root(k: int) -> int:
            while target[k] != k:
                k = target[k]
            return k

        people = [k for k, sp in enumerate(self.speakers) if sp.kind == "person" and sp.name.split()]
        for a_i, a in enumerate(people):
            for b in people[a_i + 1:]:
                sa, sb = self.speakers[a], self.speakers[b]
                wa, wb = sa.name.split(), sb.name.split()
                if not (wa[-1][:1].isupper() and wa[-1].lower() == wb[-1].lower()):
                    continue
                if len(wa) > 1 and len(wb) > 1 and wa[0].lower() != wb[0].lower() and not _name_suffix(wa, wb):
                    continue  # "Barbara Bush" / "Jeb Bush"
                if sa.gender and sb.gender and sa.gender != sb.gender:
                    continue
                ra, rb = root(a), root(b)
                if ra == rb:
                    continue
                keep, drop = (ra, rb) if len(self.speakers[ra].name) >= len(self.speakers[rb].name) else (rb, ra)
                target[drop] = keep
        for k in range(len(self.speakers)):
            r = root(k)
            if r != k:
                into, gone = self.speakers[r], self.speakers[k]
                into.mentions.extend(m for m in gone.mentions if m not in into.mentions)
                into.quotes.extend(gone.quotes)
                into.role = into.role or gone.role
                into.organisation = into.organisation or gone.organisation
                into.gender = into.gender or gone.gender
                gone.quotes = []
        return [root(k) if k is not None else None for k in out]

    # -- mentions ----------------------------------------------------------------------------------------
    @staticmethod
    def _anchor(q: RawQuote) -> int:
        if q.mention is not None:
            return q.mention.start
        return q.start

    def _add(self, sp: Speaker, m: Mention) -> int:
        self.speakers.append(sp)
        k = len(self.speakers) - 1
        self._link(k, m)
        return k

    def _link(self, k: int, m: Mention) -> None:
        sp = self.speakers[k]
        if (m.start, m.end) not in sp.mentions:
            sp.mentions.append((m.start, m.end))
        self._last_pos[k] = m.start
        if m.role and (not sp.role or ((sp.role in TITLES or len(sp.role.split()) == 1) and len(m.role) > len(sp.role))):
            sp.role = m.role
        if m.organisation and not sp.organisation:
            sp.organisation = m.organisation
        if m.country and not sp.country:
            sp.country = m.country
        first = m.text.split()[0].lower() if m.text.split() else ""
        if first in HONORIFIC_GENDER and not sp.gender:
            sp.gender = HONORIFIC_GENDER[first]
        if m.head_lower in HONORIFIC_GENDER and not sp.gender:
            sp.gender = HONORIFIC_GENDER[m.head_lower]

    def _resolve_mention(self, m: Mention) -> int | None:
        low = m.text.lower().strip()
        head = m.head_lower
        if len(m.text.split()) == 1 and head in PRONOUNS_AUTHOR:
            return self._match_or_add(lambda s: s.kind == "author", Speaker("author", "the author", "author"), m)
        if len(m.text.split()) == 1 and head in PRONOUNS_PERSON:
            return self._pronoun_person(m, PRONOUNS_PERSON[head])
        if len(m.text.split()) == 1 and (head in PRONOUNS_PLURAL or head in PRONOUNS_IT):
            return self._pronoun_group(m, plural=head in PRONOUNS_PLURAL)
        if head in NOT_SPEAKER_HEADS or (len(m.text.split()) == 1 and low in NOT_SPEAKER_HEADS):
            if head == "number" and " of " in self.text[m.phrase[0]:m.phrase[1]]:
                # "a number of experts said": the group after "of" speaks
                group = self.text[m.phrase[0]:m.phrase[1]].split(" of ", 1)[1].strip()
                key = "vague:" + _norm(group)
                return self._match_or_add(lambda s: s.key == key, Speaker("vague", group, key, plural=True), m)
            return None  # "you", "the law", "Twitter": never a speaker
        if head in LOCALITY_WORDS and m.head_tag == "NN":  # "…, city says": the city government speaks
            return self._institution(m)
        name_toks = _name_tokens(m.name) if m.name else _name_tokens(m.text)
        if m.name and m.ent_label == "PERSON" and m.name.split()[-1].lower() != head:
            whole = _name_tokens(m.text)  # "recalled Wayne White" named "Wayne": the mention's own words
            cut = max((i + 1 for i, t in enumerate(whole[:-1]) if t.lower() in TITLES or t.lower() in HONORIFIC_GENDER),
                      default=0)
            whole = whole[cut:]  # "New York Republican Rep. Peter King" → "Peter King"
            if whole and len(whole) <= 3 and whole[-1].lower() == head and all(t[:1].isupper() for t in whole):
                name_toks = whole
        is_title_surname = (m.text.split()[0].lower() in TITLES and name_toks and all(t[:1].isupper() for t in name_toks)
                            and m.head_tag.startswith("NNP"))
        known_surname = bool(name_toks) and name_toks[-1].lower() in self._surnames and m.head_tag.startswith("NNP")
        name_off = bool(m.name) and m.name.split()[-1].lower() != head  # NER's name misses the head word
        role_name = self._role_then_name(m) if (m.ent_label != "PERSON" or name_off) and m.head_tag == "NNP" else None
        if role_name is not None:  # "SOS cofounder Nikola Srbov", "Twitter spokesman Trenton Kennedy"
            m.role = m.role or role_name[0]
            return self._person(m, role_name[1])
        if m.head_tag in ("NN", "NNS") and (head in ORG_HEADS or m.head_lemma in ORG_HEADS) and (
                m.ent_label == "PERSON" or known_surname):
            return self._institution(m)  # "the Trump administration", "the Clinton campaign": a body, not the person
        if m.ent_label == "PERSON" or is_title_surname or known_surname:
            return self._person(m, name_toks)
        # "the judge", "the spokesman": the named person introduced earlier with that role
        if low.startswith("the ") and m.head_tag == "NN" and not (
            {head, m.head_lemma} & (ORG_HEADS | VAGUE_HEADS | DOCUMENT_HEADS)
        ):
            k = self._role_person(m)
            if k is not None:
                return k
        if head in ("official", "officials") and (m.organisation or m.country or m.ent_label in ("ORG", "NORP", "GPE")):
            return self._institution(m)
        named_head = m.head_tag in ("NNP", "NNPS") or head in ORG_HEADS or m.head_lemma in ORG_HEADS
        if named_head and (m.ent_label in ("ORG", "NORP", "GPE", "FAC") or m.head_tag in ("NNP", "NNPS")):
            return self._institution(m)
        if head in ANONYMOUS_HEADS or m.head_lemma in ANONYMOUS_HEADS:
            return self._group(m, "anonymous")
        if head in VAGUE_HEADS or m.head_lemma in VAGUE_HEADS:
            return self._group(m, "vague")
        if head in ORG_HEADS or m.head_lemma in ORG_HEADS:  # "the ministry", "the company"
            return self._institution(m)
        if low in ("who", "which", "that"):
            return None
        if m.ent_label in ("PERCENT", "CARDINAL") or head in _SHARE_HEADS:  # "21 percent said", "one in four say"
            key = "vague:" + _norm(m.text)
            return self._match_or_add(lambda s: s.key == key, Speaker("vague", m.text, key, plural=True), m)
        if head in DOCUMENT_HEADS or m.head_lemma in DOCUMENT_HEADS:  # "the records show", "a statement said"
            name = _DET_RE.sub("", m.text).strip() or m.text
            return self._match_or_add(lambda s: s.kind == "document" and s.key == "document:" + _norm(m.text),
                                      Speaker("document", name, "document:" + _norm(m.text),
                                              plural=m.head_tag.endswith("S")), m)
        if m.head_tag == "NNS":  # an unnamed group: "participants say", "residents said"
            return self._group(m, "vague")
        # an identifiable unnamed person: "the governor", "a doctor", "a Project Veritas journalist"
        key = "role:" + _norm(m.text)
        sp = Speaker("person", _DET_RE.sub("", m.text).strip() or m.text, key, role=_DET_RE.sub("", m.text).strip(),
                     organisation=m.organisation)
        if low.startswith(("a ", "an ", "another ", "one ")):
            return self._add(sp, m)
        return self._match_or_add(lambda s: s.key == key, sp, m)

    def _role_then_name(self, m: Mention) -> tuple[str, list[str]] | None:
        """A mention NER did not call a person that ends in a common role noun and a name of two or more
        capitalised words ("SOS cofounder Nikola Srbov" tagged ORG): (role, name tokens), else None. The role
        noun must not head an organisation, document or group ("the Justice Department Inspector General")."""
        span = self.nlp.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return None
        toks = [t for t in span if not t.is_space]
        n = 0
        while n < len(toks) and toks[len(toks) - 1 - n].tag_ == "NNP" and toks[len(toks) - 1 - n].text[:1].isupper() \
                and toks[len(toks) - 1 - n].text[1:].replace("-", "").replace("'", "").isalpha():
            n += 1
        if n < 2 or n >= len(toks):
            return None
        role_tok = toks[len(toks) - 1 - n]
        low = role_tok.lower_
        if role_tok.tag_ not in ("NN", "NNP") or not role_tok.text.isalpha() or not role_tok.text.islower() or {low, role_tok.lemma_.lower()} & (
                ORG_HEADS | GOV_ORG_WORDS | DOCUMENT_HEADS | VAGUE_HEADS | NOT_SPEAKER_HEADS):
            return None
        name = [t.text for t in toks[len(toks) - n:]]
        role = self.text[m.start:role_tok.idx + len(role_tok.text)]
        return re.sub(r"^(?:the|a|an)\s+", "", role, flags=re.IGNORECASE), name

    def _role_person(self, m: Mention) -> int | None:
        """A definite role mention ("the judge", "the Democratic lawmaker") → the person named with that role
        before it: the most recent person speaker whose role has the head noun, else the nearest PERSON
        entity before the mention that carries the role as a title ("Judge Jane Roe") or apposition
        ("Jane Roe, the judge in the case,"; "Jane Roe, a spokeswoman for …")."""
        head = m.head_lower
        if head in PRONOUNS_PERSON or len(head) < 3:
            return None
        word = re.compile(r"\b" + re.escape(head) + r"\b", re.IGNORECASE)
        best: tuple[int, int] | None = None  # (position, speaker index)
        for k, sp in enumerate(self.speakers):
            role_head = re.split(r"\s+(?:for|of|at|in|with|from|to|on)\s+|[,;(]", sp.role, maxsplit=1)[0].split()
            if sp.kind == "person" and sp.surname and role_head and word.fullmatch(role_head[-1]):
                pos = self._last_pos.get(k, -1)
                if pos < m.start and (best is None or pos > best[0]):
                    best = (pos, k)
        if best is not None:
            self._link(best[1], m)
            return best[1]
        text = self.text
        for s, e, name in reversed(self.persons):
            if e > m.start:
                continue
            before = text[max(0, s - 40):s]
            after = text[e:min(m.start, e + 80)]
            titled = re.search(r"\b" + re.escape(head) + r"\.?\s+$", before, re.IGNORECASE)
            appos = re.match(r",\s+(?:the|a|an|who is (?:a|an|the))\s+[^,.;]{0,50}?\b" + re.escape(head) + r"\b",
                             after, re.IGNORECASE)
            if titled or appos:
                toks = _name_tokens(name)
                if not toks:
                    return None
                return self._person(m, toks)
        # named with that title only later ("the president …" then "President Obama"): when every titled
        # name of the article is one person
        later: dict[str, list[str]] = {}
        for s, _e, name in self.persons:
            if s > m.start and re.search(r"\b" + re.escape(head) + r"\.?\s+$", text[max(0, s - 40):s], re.IGNORECASE):
                toks = _name_tokens(name)
                if toks and toks[-1][:1].isupper():
                    later.setdefault(toks[-1].lower(), toks)
        if len(later) == 1:
            return self._person(m, next(iter(later.values())))
        return None

    def _match_or_add(self, pred: Any, sp: Speaker, m: Mention) -> int:
        for k in sorted(range(len(self.speakers)), key=lambda k: -self._last_pos.get(k, -1)):
            if pred(self.speakers[k]):
                self._link(k, m)
                return k
        return self._add(sp, m)

    def _person(self, m: Mention, name_toks: list[str]) -> int:
        if not name_toks:
            name_toks = [m.text]
        surname = name_toks[-1].lower()
        full = " ".join(name_toks)
        if len(name_toks) == 1 and surname in self._surnames:
            full = self._surnames[surname]
        first_tok = m.text.split()[0].lower()
        gender = HONORIFIC_GENDER.get(first_tok, "")
        for k, sp in enumerate(self.speakers):
            if sp.kind == "person" and sp.surname == surname:
                given = full.split()[0].lower() if len(full.split()) > 1 else ""
                sp_given = sp.name.split()[0].lower() if len(sp.name.split()) > 1 else ""
                if given and sp_given and given != sp_given and not _name_suffix(full.split(), sp.name.split()):
                    continue
                if gender and sp.gender and gender != sp.gender:
                    continue
                if len(full) > len(sp.name):
                    sp.name = full
                self._link(k, m)
                return k
        role = m.role
        if not role:
            titles = [t for t in m.text.split() if (t.lower() in TITLES and t.lower() not in HONORIFIC_GENDER)
                      or t.lower() in ("general", "gen.")]
            role = " ".join(titles)
        sp = Speaker("person", full, "person:" + surname, role=role, surname=surname,
                     gender=gender or _name_gender(full) or self._surname_gender.get(surname, ""))
        return self._add(sp, m)

    def _institution(self, m: Mention) -> int:
        key = _norm(m.text) or m.text.lower()
        name = re.sub(r"^(?:the|The)\s+", "", m.text.strip())
        words = set(key.split())
        for k in sorted(range(len(self.speakers)), key=lambda k: -self._last_pos.get(k, -1)):
            sp = self.speakers[k]
            if sp.kind != "institution":
                continue
            sw = set(sp.key.split())
            if sp.key == key or (words and (words <= sw or (sw <= words and m.head_tag.startswith("NN")
                                                                and not m.head_tag.startswith("NNP")))):
                if len(name) > len(sp.name) and m.head_tag.startswith("NNP"):
                    sp.name = name
                self._link(k, m)
                return k
        # "the ministry": join an organisation named earlier in the text
        if not m.head_tag.startswith("NNP"):
            for _s, e, t in reversed(self.orgs):
                if e <= m.start and m.head_lower in t.lower():
                    name = re.sub(r"^(?:the|The)\s+", "", t)
                    key = _norm(t)
                    if not m.country:
                        m.country = _country(t)
                    break
        sp = Speaker("institution", name, key, organisation=m.organisation, plural=m.head_tag.endswith("S"))
        return self._add(sp, m)

    def _group(self, m: Mention, kind: str) -> int:
        lemma = m.head_lemma
        plural = m.head_tag.endswith("S") or m.head_lower in ("some", "many", "others", "most")
        low = m.text.lower()
        name = _DET_RE.sub("", m.text).strip() or m.text
        if m.role and m.role not in name:
            name = f"{name} ({m.role})"
        if not plural and low.startswith(("a ", "an ", "another ", "one ")):
            return self._add(Speaker(kind, name, f"{kind}:{lemma}", plural=False), m)
        if not plural:  # "the source": the most recent source
            return self._match_or_add(lambda s: s.kind == kind and s.key == f"{kind}:{lemma}",
                                      Speaker(kind, name, f"{kind}:{lemma}"), m)
        key = f"{kind}:{_norm(m.text)}"
        return self._match_or_add(lambda s: s.key == key, Speaker(kind, name, key, plural=True), m)

    def _pronoun_person(self, m: Mention, gender: str) -> int | None:
        """he/she → a person of compatible gender (honorific, gendered role noun, given name, earlier pronoun
        links). "he continued"/"she added" continue the speaker of the latest quote; otherwise the nearest
        sentence (the pronoun's own first, up to three back) with a compatible person decides, and within it
        the speaker of a quote beats the subject of the sentence, which beats the first person named."""
        si = self.nlp.sentence_index(m.start)
        lo_window = self.nlp.sents[max(0, si - 3)].start_char
        ca, cb = self._content  # people named in what the speaker says are not the speaker
        lo_window = min(lo_window, self.nlp.sents[max(0, self.nlp.sentence_index(min(ca, m.start)) - 3)].start_char)
        if self._cue_lemma in _CONTINUE_LEMMAS:
            for pos, k in sorted(self._said, reverse=True):
                sp = self.speakers[k]
                if pos >= m.start or pos < lo_window:
                    continue
                if sp.kind == "person" and (not sp.gender or sp.gender == gender) and not sp.key.startswith("pronoun:"):
                    return self._take(k, m, gender)
                break
        # the pronoun's sentence and the three before it, not counting sentences inside the quote itself
        # ("“…. …. ….,” she said" looks back from before the quotation)
        scan: list[int] = []
        j = si
        while j >= 0 and len(scan) < 4:
            sent = self.nlp.sents[j]
            if j == si or not (ca <= sent.start_char and sent.end_char <= cb + 2):
                scan.append(j)
            j -= 1
        for back, j in enumerate(scan):
            sent = self.nlp.sents[j]
            lo, hi = sent.start_char, (m.start if back == 0 else sent.end_char)
            cands: list[tuple[int, int, int | None, str]] = []  # (position, end, speaker index, name)
            sent_text = self.text[lo:hi]
            for k, sp in enumerate(self.speakers):
                if sp.kind != "person" or (sp.gender and sp.gender != gender):
                    continue
                spans = set(sp.mentions)
                if sp.surname and sp.surname[:1].isalpha():  # the surname written where NER missed it
                    spans.update((lo + a, lo + b) for a, b in _surname_hits(sp.surname, sent_text))
                for s, e in spans:
                    if lo <= s < hi and not ca <= s < cb:
                        cands.append((s, e, k, sp.name))
            sent_text = self.text[lo:hi]
            persons = list(self.persons)
            for sur, full in self._surnames.items():  # a surname of the article's people where NER missed it
                persons.extend((lo + a, lo + b, full) for a, b in _surname_hits(sur, sent_text))
            for s, e, t in persons:
                if lo <= s < hi and not ca <= s < cb:
                    toks = _name_tokens(t)
                    g = _name_gender(t) or (self._surname_gender.get(toks[-1].lower(), "") if toks else "")
                    if not g or g == gender:
                        cands.append((s, e, None, t))
            if not cands:
                continue
            said = {k for pos, k in self._said if lo <= pos < hi}
            subj = self._subjects(sent)
            if any(PRONOUNS_PERSON.get(w) == gender and x != m.start for x, w in subj.items()) and not any(
                    c[0] <= x < c[1] for c in cands for x in subj):
                # "he asked Julie Rikelman, an attorney, …" with no known person as subject: whoever "he" is,
                # he is not the person he addresses; the referent lies further back
                continue
            subjects = set(subj) if len({c[3] for c in cands}) > 1 else set()

            # the pronoun's own sentence: its subject first ("Kerry, after Assad claimed …, ridiculed … as he
            # urged"); an earlier sentence: the person quoted there first, a named one before a bare role
            said_rank, subj_rank = (1, 0) if back == 0 else (0, 1)

            def rank(c: tuple[int, int, int | None, str], said: set[int] = said, subjects: set[int] = subjects,
                     said_rank: int = said_rank, subj_rank: int = subj_rank) -> tuple[int, int, int]:
                if c[2] is not None and c[2] in said:
                    return (said_rank, 0 if self.speakers[c[2]].surname else 1, -c[0])
                if any(c[0] <= x < c[1] for x in subjects):
                    return (subj_rank, 0, c[0])
                return (2, 0, c[0])

            for pos, end, ck, t in sorted(cands, key=rank):
                if ck is None:
                    toks = _name_tokens(t)
                    if not toks:
                        continue
                    k2 = next((i for i, sp in enumerate(self.speakers) if sp.kind == "person"
                               and sp.surname == toks[-1].lower()), None)
                    if k2 is not None and self.speakers[k2].gender and self.speakers[k2].gender != gender:
                        continue
                    if k2 is None:
                        full = self._surnames.get(toks[-1].lower(), " ".join(toks))
                        sp = Speaker("person", full, "person:" + toks[-1].lower(), surname=toks[-1].lower(),
                                     gender=gender)
                        self.speakers.append(sp)
                        k2 = len(self.speakers) - 1
                        sp.mentions.append((pos, end))
                    ck = k2
                return self._take(ck, m, gender)
        recent = [k for k, sp in enumerate(self.speakers) if sp.kind == "person"
                  and (not sp.gender or sp.gender == gender)]
        if recent:
            k = max(recent, key=lambda k: self._last_pos.get(k, -1))
            return self._take(k, m, gender)
        return self._add(Speaker("person", m.text, f"pronoun:{m.start}", gender=gender), m)

    def _take(self, k: int, m: Mention, gender: str) -> int:
        self.speakers[k].gender = self.speakers[k].gender or gender
        self._link(k, m)
        return k

    def _subjects(self, sent: Any) -> dict[int, str]:
        """Character offset → lower-case text of the subjects of a sentence's main verbs (the root and verbs
        joined to it by coordination)."""
        try:
            ps = self.nlp.parsed(sent)
        except ModelError:  # no parser (parse="none"): no subject preference
            return {}
        out: dict[int, str] = {}
        for tok in ps:
            if tok.dep_ in ("nsubj", "nsubjpass"):
                head = tok.head
                while head.dep_ == "conj" and head.head is not head:
                    head = head.head
                if head.dep_ == "ROOT":
                    out[ps.start(tok)] = tok.lower_
        return out

    def _pronoun_group(self, m: Mention, plural: bool) -> int | None:
        """they/it: the latest group or institution speaker of the last three sentences, else an
        organisation that opens the previous sentence (a subject), else an unresolved entity."""
        si = self.nlp.sentence_index(m.start)
        lo = self.nlp.sents[max(0, si - 3)].start_char
        kinds = ("institution", "anonymous", "vague", "document") if plural else ("institution", "document")
        cands = [k for k, sp in enumerate(self.speakers) if sp.kind in kinds and (not plural or sp.plural
                                                                                  or sp.kind == "institution")
                 and self._last_pos.get(k, -1) >= lo]
        if cands:
            best = max(cands, key=lambda k: self._last_pos.get(k, -1))
            self._link(best, m)
            return best
        if si > 0:
            prev = self.nlp.sents[si - 1]
            head = self.text[prev.start_char:prev.end_char]
            for s, e, t in self.orgs:
                if t.lower() in NOT_SPEAKER_HEADS:
                    continue
                if prev.start_char <= s < prev.end_char and not re.sub(r"^(?:the|The)\s+", "", head[: s - prev.start_char]).strip():
                    key = _norm(t) or t.lower()
                    for k, sp in enumerate(self.speakers):
                        if sp.kind == "institution" and sp.key == key:
                            self._link(k, m)
                            return k
                    sp = Speaker("institution", re.sub(r"^(?:the|The)\s+", "", t), key, country=_country(t))
                    self.speakers.append(sp)
                    sp.mentions.append((s, e))
                    k = len(self.speakers) - 1
                    self._link(k, m)
                    return k
        return self._add(Speaker("vague", f"{m.text} (unresolved)", f"pronoun:{m.start}", plural=plural), m)

    # -- after all mentions --------------------------------------------------------------------------
    def _finish(self) -> None:
        insts = [sp for sp in self.speakers if sp.kind == "institution"]
        for sp in self.speakers:
            if not sp.country and sp.organisation:
                okey = _norm(sp.organisation)
                for inst in insts:
                    if inst is not sp and inst.country and (okey == inst.key or okey in inst.key or inst.key in okey):
                        sp.country = inst.country
                        break
                else:
                    sp.country = _country(sp.organisation)
            if not sp.country and sp.kind == "institution":
                sp.country = _country(sp.name)
            words = set(re.findall(r"[a-z]+", " ".join((sp.name, sp.role, sp.organisation)).lower()))
            if sp.kind == "institution":
                sp.official = bool(words & GOV_ORG_WORDS) or sp.name.lower() in DEMONYMS or (
                    sp.key in ("officials", "authorities", "government"))
            elif sp.kind in ("person", "anonymous"):
                sp.official = bool(words & OFFICIAL_WORDS)
            if sp.kind == "institution" and words & LOCALITY_WORDS:
                sp.official = True  # "the city", "county officials"
            if sp.kind in ("anonymous", "vague", "author", "document"):
                sp.party = ""
            elif sp.official and sp.country:
                sp.party = f"{sp.country} (government/military)"
            elif sp.official and _locality(words):
                sp.party = _locality(words)
            elif sp.organisation:
                sp.party = _body_party(sp.organisation)
            elif sp.kind == "institution" and sp.country and sp.name.lower() in DEMONYMS:
                sp.party = f"{sp.country} (government/military)"
            else:
                sp.party = sp.name
        self._parties_from_bodies()
        # the same organisation with a country is one party with that country's officials
        for sp in self.speakers:
            if sp.party and sp.party == sp.organisation:
                okey = _norm(sp.organisation)
                for other in self.speakers:
                    if other.kind == "institution" and other.key and (okey == other.key or okey in other.key) \
                            and other.party:
                        sp.party = other.party
                        break


    def _parties_from_bodies(self) -> None:
        """People and documents belong to the organisation they name: an official whose role names a body
        of the article ("the department's chief engineer", "Council member") joins that body's party, and a
        document ("figures released by the city council") is credited to its publisher, whose party it takes.
        """
        bodies: list[tuple[set[str], str, str]] = []  # (body words, name, party)
        for sp in self.speakers:
            if sp.kind == "institution" and sp.party:
                bodies.append((set(re.findall(r"[a-z]+", sp.name.lower())), sp.name, sp.party))
        for sp in self.speakers:
            if sp.organisation and sp.kind in ("person", "document"):
                words = set(re.findall(r"[a-z]+", sp.organisation.lower()))
                party = _locality(words) if words & GOV_ORG_WORDS else ""
                bodies.append((words, sp.organisation, party or _body_party(sp.organisation)))
        heads = GOV_ORG_WORDS | ORG_HEADS
        for sp in self.speakers:
            if sp.kind == "document" and sp.organisation:
                words = set(re.findall(r"[a-z]+", sp.organisation.lower()))
                match = next((b for b in bodies if b[2] and (words <= b[0] or b[0] <= words)), None)
                sp.party = match[2] if match else _body_party(sp.organisation)
                if sp.role == "":
                    sp.role = sp.name  # "figures": what the publisher released
                sp.name = sp.organisation
                continue
            if sp.kind != "person" or not sp.official or not sp.role or (sp.party and sp.party != sp.name):
                continue
            role_words = set(re.findall(r"[a-z]+", sp.role.lower())) & heads
            match = next((b for b in bodies if role_words & b[0] and b[2]), None)
            if match is not None:
                sp.party = match[2]
                sp.organisation = sp.organisation or match[1]


def _surname_hits(surname: str, text: str) -> list[tuple[int, int]]:
    """Capitalised occurrences of a surname in ``text`` that are not part of a longer name ("White" in "the
    White House", "Trump" in "Trump Tower")."""
    out = []
    for hit in re.finditer(r"\b" + re.escape(surname) + r"\b", text, re.IGNORECASE):
        if text[hit.start():hit.start() + 1].isupper() and not re.match(r"[\s-]+[A-Z]", text[hit.end():]) \
                and not _after_other_name(text[max(0, hit.start() - 30):hit.start()]):
            out.append((hit.start(), hit.end()))
    return out


def _name_suffix(a: list[str], b: list[str]) -> bool:
    """One name is the end of the other ("Abdul Mahdi" / "Adel Abdul Mahdi"): the same person."""
    la, lb = [w.lower() for w in a], [w.lower() for w in b]
    short, long_ = (la, lb) if len(la) <= len(lb) else (lb, la)
    return len(short) >= 2 and long_[-len(short):] == short


def _after_other_name(before: str) -> bool:
    """The text before a surname ends in a capitalised word that is no title ("Jeb " before "Bush"; not
    "Mr. " or "Sen. ")."""
    m = re.search(r"([A-Z][\w.]*)\s+$", before)
    if m is None:
        return False
    word = m.group(1).lower()
    return word not in TITLES and word not in HONORIFIC_GENDER


def _name_gender(name: str) -> str:
    """"m"/"f" from a full name's honorific or given name ("Ms. Smith", "Hillary Clinton"), else "".
    Given names come from :mod:`.given_names` (learned on the AllSides sample); a bare surname has none."""
    toks = [t for t in re.split(r"\s+", name.strip()) if t]
    if toks and toks[0].lower() in HONORIFIC_GENDER:
        return HONORIFIC_GENDER[toks[0].lower()]
    toks = _name_tokens(name)
    if len(toks) < 2:
        return ""
    return GIVEN_NAME_GENDER.get(toks[0].lower().rstrip("."), "")


def _locality(words: set[str]) -> str:
    """``"city government"`` for the words of a local body ("city council", "the city's transport
    department"), else ""."""
    loc = sorted(words & LOCALITY_WORDS)
    return f"{loc[0]} government" if loc else ""


def _body_party(organisation: str) -> str:
    """An organisation as a party: without article or possessive, a local government body as its
    government ("city council" → "city government")."""
    name = re.sub(r"^(?:the|The)\s+", "", organisation.strip())
    name = re.sub(r"(?:’s|'s)$", "", name)
    words = set(re.findall(r"[a-z]+", name.lower()))
    return (_locality(words) if words & (GOV_ORG_WORDS | OFFICIAL_WORDS) else "") or name


def resolve_speakers(nlp: NLPDoc, quotes: list[RawQuote]) -> tuple[list[Speaker], list[int | None]]:
    """Speaker entities of an article and the speaker index of each quote."""
    r = SpeakerResolver(nlp)
    idx = r.resolve(quotes)
    return r.speakers, idx


__all__ = ["Speaker", "SpeakerResolver", "resolve_speakers"]
