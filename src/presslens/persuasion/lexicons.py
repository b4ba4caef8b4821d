"""Curated cue lexicons for propaganda techniques, and a fast token-sequence matcher.

The phrases below were written by hand from the PTC annotation guidelines' definitions and general
knowledge of political rhetoric (not mined from the corpus). They serve two purposes: features of the
shipped statistical model, and the lexicon-only baseline of ``benchmarks/persuasion.py``.

Matching is on lowercased token texts (and, for single words, on lemmas), so "slammed" matches "slam".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc


def _lex(words: str, *phrases: str) -> tuple[str, ...]:
    """Space-separated single words followed by multi-word phrases."""
    return (*words.split(), *phrases)


#: technique key (PTC name) → cue phrases (space-separated, as spaCy tokenises them: "do n't", "'s").
LEXICONS: dict[str, tuple[str, ...]] = {
    "Loaded_Language": _lex(
        "outrageous disgusting disgrace disgraceful shocking horrific horrible horrendous brutal brutally evil "
        "vile despicable heinous sinister nefarious monstrous barbaric savage vicious ruthless atrocity atrocious "
        "slaughter massacre butcher bloodbath carnage devastating catastrophic disastrous hysteria hysterical "
        "insane crazy ridiculous absurd ludicrous preposterous scandal scandalous bombshell stunning blatant "
        "blatantly brazen brazenly shameful shameless shamelessly pathetic idiotic stupid moronic deranged unhinged "
        "fanatical rabid lurid destroy destroyed demolish obliterate smear slam blast rip lambaste meltdown chaos "
        "chaotic fiasco debacle plague hoax sham farce charade travesty treason treasonous betrayal betray lies "
        "lying liar propaganda cronies crony corrupt corruption rogue reckless recklessly draconian tyranny "
        "tyrannical oppressive persecution persecute witch-hunt radical extreme extremist hateful vitriol "
        "venom venomous toxic sick sickening appalling abhorrent egregious grotesque obscene outrage outraged "
        "furious fury rage enraged assault attack onslaught crusade war jihad mob thugs thuggery bully bullying "
        "cowardly coward hypocritical gleefully heroic hero heroes martyr glorious noble valiant brave bravely"
    ,
        "witch hunt", "cover up", "of course", "so-called", "so called",
        "dirty tricks", "dog whistle", "blood on their hands", "stab in the back", "sell out", "sold out",
    ),
    "Name_Calling,Labeling": _lex(
        "globalist globalists leftist leftists liberals libs libtard snowflake snowflakes fascist fascists "
        "nazi nazis communist communists socialist socialists marxist marxists jihadist jihadists islamist "
        "islamists terrorist terrorists extremists radicals neocon neocons warmonger warmongers puppet puppets "
        "crook crooks crooked traitor traitors criminal criminals regime cabal elites elite establishment "
        "racist racists bigot bigots dictator tyrant thug lunatic lunatics idiot idiots moron morons clown "
        "clowns zealot zealots apologist apologists stooge stooges shill shills pedophile pedophiles "
        "infidel infidels heretic heretics mobster gangster hater haters"
    ,
        "deep state", "mainstream media", "fake news", "liberal media", "radical left", "far left", "far right",
        "alt-right", "white supremacist", "white supremacists", "enemy of the people", "enemies of the people",
        "open borders", "swamp creatures", "fake news media", "lamestream media", "the left", "the elites",
    ),
    "Flag-Waving": (
        "our country", "our nation", "our great nation", "this great nation", "the american people",
        "american people", "patriot", "patriots", "patriotic", "patriotism", "our troops", "our values",
        "our way of life", "our children", "our freedom", "our freedoms", "our constitution", "our borders",
        "our sovereignty", "national security", "homeland", "the american way", "we the people",
        "god bless america", "america first", "make america great", "defend our", "protect our",
        "our people", "our heritage", "our flag", "our soldiers", "our sons and daughters", "our founding",
        "founding fathers", "love of country", "real americans", "every american", "fellow americans",
        "national interest", "national pride", "our democracy", "our republic", "our faith", "christendom",
    ),
    "Slogans": (
        "make america great again", "america first", "build the wall", "lock her up", "drain the swamp",
        "black lives matter", "all lives matter", "blue lives matter", "never again", "no justice no peace",
        "hands up do n't shoot", "enough is enough", "yes we can", "stronger together", "not my president",
        "love trumps hate", "believe women", "me too", "wake up", "resist", "we will not be silenced",
        "the truth will set you free", "keep america great", "fake news", "no borders", "no one is illegal",
        "refugees welcome", "my body my choice", "send her back", "support our troops", "peace through strength",
        "from the river to the sea", "death to america", "allahu akbar", "god is great", "in god we trust",
        "the people united", "power to the people", "jobs not mobs", "better dead than red", "never forget",
        "lest we forget", "we will never forget", "united we stand", "freedom is not free", "read my lips",
    ),
    "Thought-terminating_Cliches": (
        "it is what it is", "enough said", "end of story", "that 's that", "the facts speak for themselves",
        "that 's just the way it is", "time will tell", "make no mistake", "the bottom line", "bottom line",
        "at the end of the day", "so be it", "nothing to see here", "case closed", "let that sink in",
        "needless to say", "facts are facts", "the truth is", "it goes without saying", "everyone knows",
        "everybody knows", "you know", "let 's be honest", "let 's face it", "think about it", "period",
        "simple as that", "it 's that simple", "what more is there to say", "boys will be boys",
        "the rest is history", "say no more", "go figure", "you ca n't make this up", "draw your own conclusions",
        "only time will tell", "that 's life", "we 'll see", "the jury is out", "whatever it takes",
        "no matter what", "live and let live", "it is what it is", "shut up", "do the math",
    ),
    "Doubt": _lex(
        "so-called alleged allegedly supposedly purported purportedly questionable dubious suspicious "
        "conveniently mysteriously mysterious unproven unsubstantiated unverified baseless dubiously "
        "curious curiously strangely oddly really",
        "so called", "if true", "no evidence", "without evidence", "without any evidence", "never explained",
        "questions remain", "raises questions", "raise questions", "what are they hiding", "why would",
        "is it possible", "how can", "can we trust", "how could", "why did", "why has", "why have",
        "why is", "why are", "who benefits", "cui bono", "covered up", "swept under the rug",
        "as we suspected", "we suspected", "not a single", "no one knows", "nobody knows", "we are told",
        "we are supposed to believe", "are we to believe", "do they expect", "it remains to be seen",
        "highly unlikely", "hard to believe", "difficult to believe", "yet to provide", "failed to provide",
    ),
    "Exaggeration,Minimisation": _lex(
        "never always biggest greatest worst best largest most entire entirely totally completely absolutely "
        "utterly extremely incredibly unbelievably unprecedented historic massive huge enormous tremendous "
        "gigantic colossal countless endless infinite unimaginable epic monumental astronomical staggering "
        "newest ultimate perfect perfectly flawless nothing nobody everyone everybody everything everywhere "
        "merely mere tiny trivial negligible insignificant minor just slightly"
    ,
        "brand new", "of all time", "in history", "in the world", "the most", "the biggest", "the worst",
        "no one", "not one", "little more than", "nothing but", "nothing more than", "a handful of",
        "just a few", "a drop in the bucket", "it 's clear", "it is clear",
        "beyond doubt", "without a doubt", "without question", "no doubt", "100 percent", "each and every",
    ),
    "Appeal_to_fear-prejudice": _lex(
        "threat threats threaten threatens threatening danger dangers dangerous deadly terror terrifying "
        "fear fears frightening afraid risk risks catastrophe apocalypse apocalyptic annihilation annihilate "
        "destruction doom doomed collapse invasion invaders invade infiltrate infiltration overrun "
        "epidemic pandemic contagion nuclear genocide extinction slavery enslave menace peril perilous"
    ,
        "if we do n't", "if we do not", "before it 's too late", "before it is too late", "time is running out",
        "wipe out", "wiped out", "will be destroyed", "will destroy", "our children", "our daughters",
        "the end of", "point of no return", "ticking time bomb", "under attack", "at risk", "in danger",
        "world war", "civil war", "blood in the streets", "they are coming", "will take over",
    ),
    "Causal_Oversimplification": (
        "because of", "due to", "the reason", "caused by", "responsible for", "to blame", "blame", "blames",
        "blamed", "led to", "leads to", "result of", "as a result", "thanks to", "that 's why", "which is why",
        "this is why", "the cause", "the root cause", "the real reason", "all because", "simply because",
        "the only reason", "fault", "is the reason", "because", "therefore", "consequently",
    ),
    "Appeal_to_Authority": (
        "according to", "experts", "expert", "scientists", "studies show", "research shows", "professor",
        "dr.", "the pope", "a study", "analysts", "doctors", "scholars", "historians", "the bible",
        "the scriptures", "scripture", "the church teaches", "as the saying goes", "as jesus said",
        "the founding fathers", "leading", "renowned", "respected", "prominent", "eminent", "authority",
        "the fbi", "the cia", "intelligence officials", "officials said", "sources say", "sources said",
    ),
    "Black-and-White_Fallacy": (
        "either", "or else", "you are either", "with us or", "against us", "only two", "only option",
        "only way", "only choice", "there is no alternative", "no alternative", "no other choice", "no choice",
        "no middle ground", "one or the other", "there are two kinds", "two types of", "if you are not",
        "if you do n't support", "the only solution", "the only answer", "you can not have both",
    ),
    "Whataboutism,Straw_Men,Red_Herring": (
        "what about", "and yet", "but when", "hypocrisy", "hypocrite", "hypocrites", "hypocritical",
        "double standard", "double standards", "where was the outrage", "funny how", "the same people",
        "yet they", "where were", "but what about", "compared to", "nobody said", "no one is saying",
        "they want you to believe", "in other words", "so what they are saying", "apparently",
    ),
    "Bandwagon,Reductio_ad_hitlerum": _lex(
        "hitler hitler's nazi nazis nazism gestapo stalin stalinist mussolini holocaust kkk fascism "
        "fascist goebbels reich pol pot"
    ,
        "everyone knows", "everybody knows", "everyone agrees", "everybody agrees", "most americans",
        "millions of americans", "millions of people", "the majority of", "the whole world", "join the",
        "third reich", "jim crow", "like hitler", "nazi germany", "pol pot", "everyone is", "all the world",
        "the rest of the world", "the international community", "growing number", "more and more people",
    ),
}

#: Lexicons precise enough for the lexicon-only baseline (the generic causal/authority cues are left out).
BASELINE_TECHNIQUES: tuple[str, ...] = (
    "Loaded_Language", "Name_Calling,Labeling", "Flag-Waving", "Slogans", "Thought-terminating_Cliches",
    "Doubt", "Exaggeration,Minimisation", "Appeal_to_fear-prejudice", "Black-and-White_Fallacy",
    "Whataboutism,Straw_Men,Red_Herring", "Bandwagon,Reductio_ad_hitlerum",
)


#: Splits a phrase the way spaCy's English tokenizer splits it ("so-called" -> so - called, "dr." stays whole).
_TOKEN_RE = re.compile(r"n't|'[a-z]+|(?:dr|mr|mrs|ms|st)\.|\w+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class LexiconHit:
    """A lexicon match over tokens ``[start, end)`` of a Doc."""

    technique: str
    start: int
    end: int
    phrase: str


#: Bits of :meth:`LexiconMatcher.roles`.
ROLE_SINGLE, ROLE_FIRST, ROLE_SECOND = 1, 2, 4


class LexiconMatcher:
    """Longest-match-first matcher of the lexicon phrases over lowercased token texts and lemmas.

    A token matches a phrase word when its lowercased text or its lemma equals it. One-word phrases are
    looked up by word, longer ones by their first two words, so a token costs a few dictionary lookups.
    """

    def __init__(self, lexicons: dict[str, Sequence[str]] | None = None) -> None:
        self._single: dict[str, list[str]] = {}
        self._multi: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = {}
        self._roles: dict[str, int] = {}
        for tech, phrases in (lexicons or LEXICONS).items():
            for phrase in dict.fromkeys(phrases):
                toks = tuple(_TOKEN_RE.findall(phrase.lower()))
                if len(toks) == 1:
                    self._single.setdefault(toks[0], []).append(tech)
                    self._roles[toks[0]] = self._roles.get(toks[0], 0) | ROLE_SINGLE
                else:
                    self._multi.setdefault(toks[:2], []).append((toks, tech))
                    self._roles[toks[0]] = self._roles.get(toks[0], 0) | ROLE_FIRST
                    self._roles[toks[1]] = self._roles.get(toks[1], 0) | ROLE_SECOND

    def roles(self, word: str) -> int:
        """Bit mask of the places ``word`` (a lowercased token text or lemma) takes in phrases:
        :data:`ROLE_SINGLE` (a one-word phrase), :data:`ROLE_FIRST` / :data:`ROLE_SECOND` (first / second
        word of a longer phrase). A match can start only at a token with ``ROLE_SINGLE``, or with
        ``ROLE_FIRST`` followed by a token with ``ROLE_SECOND``."""
        return self._roles.get(apostrophe(word), 0)

    def __call__(self, doc: Doc, lowers: Sequence[str] | None = None, lemmas: Sequence[str] | None = None,
                 candidates: Iterable[int] | None = None, normalised: bool = False) -> list[LexiconHit]:
        """Every match (several techniques may match the same tokens; overlapping matches are kept).

        ``lowers``/``lemmas``: the document's lowercased token texts and lemmas when the caller already has
        them (one pass over the tokens instead of two); ``normalised``: they already went through
        :func:`apostrophe`. ``candidates``: the only token positions where a match may start, when the
        caller knows them (see :meth:`roles`).
        """
        if lowers is None:
            lowers = [t.lower_ for t in doc]
        if lemmas is None:
            lemmas = [t.lemma_.lower() for t in doc]
        if not normalised and ("\u2019" in "".join(lowers) or "\u2019" in "".join(lemmas)):
            lowers = [apostrophe(w) for w in lowers]
            lemmas = [apostrophe(w) for w in lemmas]
        hits: set[LexiconHit] = set()
        n = len(lowers)
        single, multi, roles = self._single, self._multi, self._roles
        for i in range(n) if candidates is None else candidates:
            low, lem = lowers[i], lemmas[i]
            if low not in roles and lem not in roles:
                continue
            heads = (low,) if low == lem else (low, lem)
            for w in heads:
                for tech in single.get(w, ()):
                    hits.add(LexiconHit(tech, i, i + 1, w))
            if i + 1 == n:
                continue
            nxt = (lowers[i + 1],) if lowers[i + 1] == lemmas[i + 1] else (lowers[i + 1], lemmas[i + 1])
            for w in heads:
                for v in nxt:
                    for toks, tech in multi.get((w, v), ()):
                        k = len(toks)
                        if i + k <= n and all(lowers[i + j] == toks[j] or lemmas[i + j] == toks[j]
                                              for j in range(2, k)):
                            hits.add(LexiconHit(tech, i, i + k, " ".join(toks)))
        return sorted(hits, key=lambda h: (h.start, -h.end, h.technique))


def apostrophe(word: str) -> str:
    """The word with typographic apostrophes as ASCII ones (the lexicons are written with ``'``)."""
    return word.replace("\u2019", "'") if "\u2019" in word else word


__all__ = ["BASELINE_TECHNIQUES", "LEXICONS", "ROLE_FIRST", "ROLE_SECOND", "ROLE_SINGLE", "LexiconHit", "LexiconMatcher",
           "apostrophe"]
