"""Word lists of the attribution analyzers: speech cues, titles, source nouns, demonyms, boosters.

Everything here is general English newswire vocabulary; nothing is tuned to one article. Lemmas are
lower-case spaCy lemmas.
"""

from __future__ import annotations

#: Verbs that report speech or writing (the cue of a quote).
SPEECH_LEMMAS: frozenset[str] = frozenset(
    """say tell add state claim confirm announce explain note argue insist warn report write continue declare
    deny admit acknowledge suggest reply respond answer ask comment observe emphasize emphasise stress maintain
    contend assert allege charge testify tweet post quip joke concede reveal disclose indicate recall recount
    conclude reiterate repeat mention complain lament boast predict estimate promise vow pledge threaten urge
    describe caution counter retort remark muse shout yell whisper scream cry proclaim affirm assure inform
    brief tell insist blog posit theorize theorise speculate surmise opine grumble scoff snap sigh demand
    concur chant sing write""".split()
)

#: Verbs reporting beliefs and perception; cues of indirect attribution only (PolNeAR counts them).
COGNITION_LEMMAS: frozenset[str] = frozenset(
    "believe think feel fear hope expect worry doubt reckon suspect contend".split()
)

#: Speech acts that report a commitment or request with an infinitive ("vowed to fight", "urged him to
#: resign"); their content is the infinitive clause.
COMMIT_LEMMAS: frozenset[str] = frozenset(
    "promise vow pledge threaten urge ask tell call demand refuse decline agree offer warn advise order".split()
)

#: Verbs whose that-clause reports what a document, study or poll says ("records show that …").
EVIDENCE_LEMMAS: frozenset[str] = frozenset("show find learn rule reveal indicate suggest conclude".split())

#: Cue lemmas that open a direct quote only (never an indirect one): "he continued", "she asked".
DIRECT_ONLY_LEMMAS: frozenset[str] = frozenset("continue ask shout yell whisper scream cry sigh snap quip".split())

#: Speech nouns introducing a quote after a colon or in "in a statement": not cues on their own.
PRONOUNS_PERSON = {"he": "m", "him": "m", "she": "f", "her": "f"}
PRONOUNS_PLURAL = {"they", "them"}
PRONOUNS_AUTHOR = {"i", "we", "me", "us"}
PRONOUNS_IT = {"it"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}

#: Titles that premodify a name ("General Rudskoy", "Defense Secretary Ash Carter").
TITLES: frozenset[str] = frozenset(
    """president vice prime minister secretary general gen. gen lt. lt lieutenant colonel col. col major maj.
    maj admiral adm. adm captain capt. capt sergeant sgt. sgt commander chief director spokesman spokeswoman
    spokesperson ambassador senator sen. sen rep. rep representative congressman congresswoman gov. gov
    governor mayor judge justice dr. dr prof. prof professor king queen prince princess pope rev. father
    sheriff commissioner chairman chairwoman chair ceo founder leader speaker attorney deputy foreign defense
    defence interior finance health state press white house chancellor premier envoy minister officer
    inspector detective mr. mr mrs. mrs ms. ms miss sir lord lady dame marshal field coach""".split()
)

#: Honorific → gender, for pronoun resolution.
HONORIFIC_GENDER = {"mr.": "m", "mr": "m", "mrs.": "f", "mrs": "f", "ms.": "f", "ms": "f", "miss": "f",
                    "sir": "m", "lord": "m", "lady": "f", "dame": "f", "king": "m", "queen": "f",
                    "prince": "m", "princess": "f", "congressman": "m", "congresswoman": "f",
                    "spokesman": "m", "spokeswoman": "f", "chairman": "m", "chairwoman": "f"}

#: Head nouns of anonymous sources: an unnamed individual or group with inside knowledge.
ANONYMOUS_HEADS: frozenset[str] = frozenset(
    """source sources insider insiders aide aides official officials person people spokesman spokeswoman
    spokesperson diplomat diplomats staffer staffers employee employees witness witnesses confidant""".split()
)

#: Head nouns of vague sources: generic groups and unnamed publications ("experts say", "reports say").
VAGUE_HEADS: frozenset[str] = frozenset(
    """expert experts analyst analysts critic critics observer observers report reports commentator
    commentators pundit pundits scientist scientists researcher researchers study studies some many others
    most few everyone everybody someone somebody anyone rumor rumors rumour rumours media press survey
    polls poll skeptics sceptics supporters opponents activists residents locals""".split()
)

#: Head nouns of documents and records quoted as sources ("the records show", "a statement said").
DOCUMENT_HEADS: frozenset[str] = frozenset(
    """record records document documents filing filings data statement statements comment comments letter
    letters memo memos email emails tweet tweets post posts video footage analysis figures statistics
    transcript transcripts release papers complaint lawsuit indictment ruling""".split()
)

#: Words marking an institutional (government, military, organisational) speaker or role.
OFFICIAL_WORDS: frozenset[str] = frozenset(
    """ministry minister government general staff military army navy force forces defense defence department
    pentagon kremlin house police agency administration council parliament congress senate embassy ambassador
    president prime secretary spokesman spokeswoman spokesperson official officials governor mayor senator
    commander command office authority authorities commission committee bureau service services court
    prosecutor prosecutors attorney sheriff state presidency cabinet headquarters command directorate
    regime junta legislature assembly chancellor premier envoy diplomat diplomats embassy consulate
    general colonel admiral lieutenant major captain sergeant officer officers troops corps""".split()
)

#: Organisation heads that make an institution governmental (for the official-only flag and parties).
GOV_ORG_WORDS: frozenset[str] = frozenset(
    """ministry government staff military army navy force forces defense defence department pentagon
    kremlin house police agency administration council parliament congress senate embassy presidency
    cabinet command directorate regime legislature assembly court service office bureau commission""".split()
)

#: Words for a local or regional jurisdiction: a body of one ("the city's transport department", "city
#: council", "county officials") belongs to that jurisdiction's government ("city government").
LOCALITY_WORDS: frozenset[str] = frozenset("city town village county borough municipality province".split())

#: Mentions that are never speakers: generic "you", a quantity word whose noun is elsewhere ("a number of
#: …"), an abstract noun ("the law says") and platforms that carry a statement ("on Twitter").
NOT_SPEAKER_HEADS: frozenset[str] = frozenset(
    """you your yourself number law laws rule rules twitter facebook instagram youtube tiktok x.com""".split()
)

#: Head nouns of non-governmental institutions ("the company said", "the campaign added").
ORG_HEADS: frozenset[str] = frozenset(
    """company firm corporation group campaign party organization organisation union association university
    college school hospital bank network newspaper paper magazine channel station church foundation institute
    charity club team league federation coalition alliance board committee commission council court
    agency ministry department government administration office police military army navy""".split()
)

#: Demonym or country adjective → country name.
DEMONYMS: dict[str, str] = {
    "american": "United States", "u.s.": "United States", "us": "United States", "america": "United States",
    "united states": "United States", "washington": "United States", "pentagon": "United States",
    "white house": "United States", "russian": "Russia", "russia": "Russia", "moscow": "Russia",
    "kremlin": "Russia", "soviet": "Russia", "chinese": "China", "china": "China", "beijing": "China",
    "british": "United Kingdom", "uk": "United Kingdom", "u.k.": "United Kingdom", "britain": "United Kingdom",
    "english": "United Kingdom", "london": "United Kingdom", "french": "France", "france": "France",
    "paris": "France", "german": "Germany", "germany": "Germany", "berlin": "Germany", "syrian": "Syria",
    "syria": "Syria", "damascus": "Syria", "iranian": "Iran", "iran": "Iran", "tehran": "Iran",
    "iraqi": "Iraq", "iraq": "Iraq", "baghdad": "Iraq", "israeli": "Israel", "israel": "Israel",
    "palestinian": "Palestine", "turkish": "Turkey", "turkey": "Turkey", "ankara": "Turkey",
    "ukrainian": "Ukraine", "ukraine": "Ukraine", "kyiv": "Ukraine", "kiev": "Ukraine", "indian": "India",
    "india": "India", "pakistani": "Pakistan", "pakistan": "Pakistan", "afghan": "Afghanistan",
    "afghanistan": "Afghanistan", "japanese": "Japan", "japan": "Japan", "tokyo": "Japan",
    "korean": "Korea", "north korean": "North Korea", "north korea": "North Korea", "pyongyang": "North Korea",
    "south korean": "South Korea", "south korea": "South Korea", "seoul": "South Korea",
    "saudi": "Saudi Arabia", "saudi arabia": "Saudi Arabia", "riyadh": "Saudi Arabia", "egyptian": "Egypt",
    "egypt": "Egypt", "cairo": "Egypt", "canadian": "Canada", "canada": "Canada", "ottawa": "Canada",
    "mexican": "Mexico", "mexico": "Mexico", "italian": "Italy", "italy": "Italy", "rome": "Italy",
    "spanish": "Spain", "spain": "Spain", "madrid": "Spain", "polish": "Poland", "poland": "Poland",
    "warsaw": "Poland", "dutch": "Netherlands", "netherlands": "Netherlands", "belgian": "Belgium",
    "belgium": "Belgium", "swedish": "Sweden", "sweden": "Sweden", "norwegian": "Norway", "norway": "Norway",
    "danish": "Denmark", "denmark": "Denmark", "finnish": "Finland", "finland": "Finland",
    "greek": "Greece", "greece": "Greece", "australian": "Australia", "australia": "Australia",
    "brazilian": "Brazil", "brazil": "Brazil", "argentine": "Argentina", "argentina": "Argentina",
    "venezuelan": "Venezuela", "venezuela": "Venezuela", "cuban": "Cuba", "cuba": "Cuba",
    "colombian": "Colombia", "colombia": "Colombia", "nigerian": "Nigeria", "nigeria": "Nigeria",
    "kenyan": "Kenya", "kenya": "Kenya", "south african": "South Africa", "south africa": "South Africa",
    "ethiopian": "Ethiopia", "ethiopia": "Ethiopia", "libyan": "Libya", "libya": "Libya",
    "lebanese": "Lebanon", "lebanon": "Lebanon", "jordanian": "Jordan", "jordan": "Jordan",
    "qatari": "Qatar", "qatar": "Qatar", "emirati": "United Arab Emirates", "yemeni": "Yemen",
    "yemen": "Yemen", "belarusian": "Belarus", "belarus": "Belarus", "georgian": "Georgia",
    "armenian": "Armenia", "azerbaijani": "Azerbaijan", "kazakh": "Kazakhstan", "serbian": "Serbia",
    "serbia": "Serbia", "hungarian": "Hungary", "hungary": "Hungary", "romanian": "Romania",
    "romania": "Romania", "czech": "Czech Republic", "austrian": "Austria", "austria": "Austria",
    "swiss": "Switzerland", "switzerland": "Switzerland", "irish": "Ireland", "ireland": "Ireland",
    "scottish": "United Kingdom", "portuguese": "Portugal", "portugal": "Portugal", "vietnamese": "Vietnam",
    "vietnam": "Vietnam", "thai": "Thailand", "thailand": "Thailand", "indonesian": "Indonesia",
    "indonesia": "Indonesia", "philippine": "Philippines", "filipino": "Philippines",
    "philippines": "Philippines", "malaysian": "Malaysia", "malaysia": "Malaysia", "taiwanese": "Taiwan",
    "taiwan": "Taiwan", "new zealand": "New Zealand", "chilean": "Chile", "chile": "Chile",
    "peruvian": "Peru", "peru": "Peru", "bolivian": "Bolivia", "nicaraguan": "Nicaragua",
    "kurdish": "Kurdistan", "iraqi kurdish": "Kurdistan", "european": "European Union", "eu": "European Union",
    "nato": "NATO", "un": "United Nations", "u.n.": "United Nations", "united nations": "United Nations",
}

__all__ = [
    "ANONYMOUS_HEADS",
    "COGNITION_LEMMAS",
    "COMMIT_LEMMAS",
    "DEMONYMS",
    "DIRECT_ONLY_LEMMAS",
    "DOCUMENT_HEADS",
    "EVIDENCE_LEMMAS",
    "GOV_ORG_WORDS",
    "HONORIFIC_GENDER",
    "LOCALITY_WORDS",
    "NOT_SPEAKER_HEADS",
    "OFFICIAL_WORDS",
    "ORG_HEADS",
    "PRONOUNS_AUTHOR",
    "PRONOUNS_IT",
    "PRONOUNS_PERSON",
    "PRONOUNS_PLURAL",
    "RELATIVE_PRONOUNS",
    "SPEECH_LEMMAS",
    "TITLES",
    "VAGUE_HEADS",
]
