"""Lexicons of the quantity scanner: comparators, currencies, units, time words and identifier words."""

from __future__ import annotations

#: Modifiers before a number (lower-cased token sequences) → comparator. Longest match wins.
PREFIX_COMPARATORS: dict[tuple[str, ...], str] = {
    ("more", "than"): ">", ("over",): ">", ("above",): ">", ("greater", "than"): ">", ("higher", "than"): ">",
    ("in", "excess", "of"): ">", ("upwards", "of"): ">", ("upward", "of"): ">", ("north", "of"): ">",
    ("just", "over"): ">", ("well", "over"): ">", ("well", "above"): ">", ("exceeding",): ">",
    ("just", "more", "than"): ">", ("a", "little", "more", "than"): ">", ("slightly", "more", "than"): ">",
    ("at", "least"): "≥", ("no", "fewer", "than"): "≥", ("no", "less", "than"): "≥", ("not", "less", "than"): "≥",
    ("a", "minimum", "of"): "≥", ("minimum", "of"): "≥",
    ("less", "than"): "<", ("fewer", "than"): "<", ("under",): "<", ("below",): "<", ("just", "under"): "<",
    ("lower", "than"): "<", ("short", "of"): "<", ("just", "below"): "<",
    ("up", "to"): "≤", ("at", "most"): "≤", ("no", "more", "than"): "≤", ("not", "more", "than"): "≤",
    ("a", "maximum", "of"): "≤", ("maximum", "of"): "≤", ("as", "many", "as"): "≤", ("as", "much", "as"): "≤",
    ("as", "high", "as"): "≤",
    ("about",): "≈", ("around",): "≈", ("approximately",): "≈", ("roughly",): "≈", ("nearly",): "≈",
    ("almost",): "≈", ("some",): "≈", ("an", "estimated"): "≈", ("estimated",): "≈", ("close", "to"): "≈",
    ("approx",): "≈", ("approx", "."): "≈", ("circa",): "≈", ("c.",): "≈", ("~",): "≈", ("just", "about"): "≈",
    ("an", "approximate"): "≈", ("upward",): ">", ("within",): "≤", ("something", "like"): "≈",
    ("in", "the", "region", "of"): "≈", ("on", "the", "order", "of"): "≈", ("just", "shy", "of"): "<",
}
_MAX_PREFIX = max(len(k) for k in PREFIX_COMPARATORS)

#: Modifiers after a number → comparator ("1,000 or more", "10,000-plus").
SUFFIX_COMPARATORS: dict[tuple[str, ...], str] = {
    ("or", "more"): "≥", ("or", "greater"): "≥", ("or", "higher"): "≥", ("or", "over"): "≥", ("plus",): "≥",
    ("+",): "≥", ("-", "plus"): "≥", ("or", "so"): "≈", ("or", "less"): "≤", ("or", "fewer"): "≤",
    ("or", "lower"): "≤", ("odd",): "≈", ("-", "odd"): "≈",
}

#: Currency symbols written before the number → ISO code ("$" is read as US dollars).
CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "usd": "USD", "£": "GBP", "gbp": "GBP", "€": "EUR", "eur": "EUR",
                    "¥": "JPY", "c$": "CAD", "a$": "AUD", "hk$": "HKD", "₹": "INR", "rs": "INR", "rs.": "INR",
                    "₽": "RUB", "cad": "CAD", "aud": "AUD", "chf": "CHF", "cny": "CNY", "jpy": "JPY"}
#: Currency words written after the number → ISO code.
CURRENCY_WORDS = {"dollars": "USD", "dollar": "USD", "bucks": "USD", "usd": "USD", "euros": "EUR", "euro": "EUR",
                  "eur": "EUR", "sterling": "GBP", "gbp": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
                  "rupees": "INR", "rupee": "INR", "rubles": "RUB", "roubles": "RUB", "ruble": "RUB",
                  "pesos": "MXN", "shekels": "ILS", "francs": "CHF", "cents": "USD cents", "pence": "GBP pence",
                  "bitcoin": "BTC", "bitcoins": "BTC"}

#: Measurement units (lower-cased token) → canonical unit.
MEASURE_UNITS = {
    "km": "km", "kilometers": "km", "kilometres": "km", "kilometer": "km", "kilometre": "km",
    "miles": "miles", "mile": "miles", "mi": "miles", "meters": "m", "metres": "m", "meter": "m", "metre": "m",
    "feet": "feet", "foot": "feet", "ft": "feet", "inches": "inches", "inch": "inches", "yards": "yards",
    "yard": "yards", "cm": "cm", "centimeters": "cm", "centimetres": "cm", "mm": "mm", "millimeters": "mm",
    "kg": "kg", "kilograms": "kg", "kilogram": "kg", "kilos": "kg", "grams": "g", "gram": "g", "pounds": "pounds",
    "lbs": "pounds", "lb": "pounds", "ounces": "ounces", "ounce": "ounces", "oz": "ounces", "tons": "tons",
    "ton": "tons", "tonnes": "tonnes", "tonne": "tonnes", "gallons": "gallons", "gallon": "gallons",
    "liters": "liters", "litres": "liters", "liter": "liters", "litre": "liters", "barrels": "barrels",
    "barrel": "barrels", "bushels": "bushels", "acres": "acres", "acre": "acres", "hectares": "hectares",
    "hectare": "hectares", "degrees": "degrees", "degree": "degrees", "°": "degrees", "°f": "°F", "°c": "°C",
    "mph": "mph", "kph": "km/h", "knots": "knots", "watts": "W", "kilowatts": "kW", "megawatts": "MW",
    "gigawatts": "GW", "mw": "MW", "gw": "GW", "kw": "kW", "kwh": "kWh", "mwh": "MWh", "gwh": "GWh",
    "volts": "V", "calories": "calories", "gigabytes": "GB", "gb": "GB", "terabytes": "TB", "tb": "TB",
    "megabytes": "MB", "mb": "MB", "ppm": "ppm", "decibels": "dB", "db": "dB", "square": "square",
    "cubic": "cubic", "sq": "square", "magnitude": "magnitude", "bpd": "barrels per day",
}
_COMPOUND_UNIT_HEAD = ("square", "cubic", "sq")
#: Kinds whose counted noun phrase is looked for (measures only through "of": "20 inches of rain").
_COUNTED_KINDS = ("count", "percent", "rate", "measure")

#: Time units: a number followed by one of these is a duration, not a count.
TIME_UNITS = {"second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks",
              "month", "months", "year", "years", "decade", "decades", "century", "centuries", "yr", "yrs",
              "hrs", "hr", "mins", "min", "millennia", "millennium", "weekend", "weekends", "semester",
              "semesters", "quarter", "quarters", "term", "terms", "generation", "generations"}
_DURATION_ONLY = TIME_UNITS - {"quarter", "quarters", "term", "terms", "generation", "generations"}

#: Rate denominators after "a/an/each/every/per".
RATE_TIME = {"second", "minute", "hour", "day", "night", "week", "month", "year", "decade", "season", "quarter",
             "annum", "session"}
RATE_ADVERBS = {"annually": "year", "daily": "day", "weekly": "week", "monthly": "month", "hourly": "hour",
                "yearly": "year", "nightly": "night", "apiece": "each"}

MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
          "dec"}
#: Words that make a DATE entity a calendar date (rather than a mis-tagged figure or a duration).
CALENDAR_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
                  "yesterday", "tomorrow", "ago", "bc", "ad", "b.c", "a.d", "fiscal", "fy", "christmas", "easter",
                  "spring", "summer", "autumn", "fall", "winter", "eve", "noon", "midnight", "morning", "tonight"}
#: Words before a number that make it an identifier ("Section 230", "Title 42", "Flight 370").
ID_WORDS = {"section", "title", "article", "chapter", "no", "no.", "number", "#", "route", "highway", "prop",
            "proposition", "amendment", "room", "flight", "episode", "season", "page", "pages", "grade", "level",
            "category", "phase", "class", "district", "precinct", "interstate", "channel", "version", "model",
            "ward", "item", "figure", "table", "step", "question", "resolution", "bill", "h.r.", "s.", "code",
            "act", "rule", "paragraph", "clause", "covid", "covid-", "apollo", "week", "day", "game", "stage",
            "track", "lane", "gate", "terminal", "unit", "squad", "battalion", "brigade", "division", "regiment",
            "pier", "exit", "box", "suite", "floor", "apartment", "apt", "apt.", "platform", "line", "vol.",
            "volume", "issue", "year", "fig.", "p.", "pp.", "tier", "zone", "sector", "block", "lot", "case",
            "part", "type", "stalag", "studio", "area", "f-", "mig-", "su-", "fox", "cbs", "abc",
            "nbc", "wnyc", "windows", "iphone", "galaxy", "boeing", "airbus", "g", "s&p", "dow", "ftse", "nasdaq",
            "russell", "top", "mark", "mk", "v", "fortune", "forbes"}
#: Identifier words that mark a name even in lower case ("section 230", "route 66").
ALWAYS_ID_WORDS = {"section", "article", "chapter", "no", "no.", "number", "#", "route", "highway", "prop",
                   "proposition", "amendment", "flight", "interstate", "h.r.", "covid", "covid-", "f-", "mig-", "su-",
                   "title", "paragraph", "clause", "resolution", "episode", "platform", "terminal", "gate"}
#: Numbers that are names in their own right (emergency lines, "24/7", retirement plans).
NUMERIC_NAMES = {"911", "999", "112", "24/7", "9/11", "9-11", "401(k)", "401k", "7-eleven"}
#: Words after "N times" that make it a multiplier ("three times the population"), not a count of events.
_MULTIPLIER_NEXT = {"the", "as", "more", "less", "higher", "lower", "larger", "bigger", "greater", "faster",
                    "that", "this", "what", "his", "her", "their", "its", "our", "a", "an"}
_NAME_ENTS = {"ORG", "PRODUCT", "LAW", "FAC", "WORK_OF_ART", "EVENT", "PERSON", "GPE", "LOC", "NORP", "LANGUAGE"}
_NOUN_TAGS = {"NN", "NNS", "NNP", "NNPS"}
_NP_TAGS = _NOUN_TAGS | {"JJ", "JJR", "JJS", "VBG", "VBN", "HYPH", "POS", "CD"}

#: Dependency relations under the counted head noun that may extend the counted phrase to the right.
_RIGHT_DEPS = {"acl", "relcl", "appos", "prep", "conj", "cc"}
#: Relations never followed below the head noun (adverbial material is not part of what is counted).
_BLOCKED_DEPS = {"prep", "agent", "advcl", "npadvmod", "punct", "mark", "parataxis", "dep", "appos", "advmod"}
