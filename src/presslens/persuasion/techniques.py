"""The one table mapping PTC technique names to presslens labels, explanations and colours.

The 14 technique classes are those of the Propaganda Techniques Corpus as used in SemEval-2020 Task 11
(Da San Martino et al., 2019/2020). Explanations paraphrase the corpus guidelines in one sentence each.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Technique:
    """One propaganda technique: PTC name, presslens label, one-sentence explanation, colour suggestion."""

    ptc: str
    label: str
    title: str
    explanation: str
    colour: str


#: PTC name → technique, in the order of the corpus' technique file. THE mapping table (one place).
TECHNIQUE_TABLE: tuple[Technique, ...] = (
    Technique("Appeal_to_Authority", "persuasion.appeal_to_authority", "Appeal to authority",
              "Claims something is true because an authority or expert says so, without other evidence.",
              "#8dd3c7"),
    Technique("Appeal_to_fear-prejudice", "persuasion.appeal_to_fear_prejudice", "Appeal to fear or prejudice",
              "Builds support by stoking anxiety, panic or prejudice about an alternative.", "#fb8072"),
    Technique("Bandwagon,Reductio_ad_hitlerum", "persuasion.bandwagon_reductio_ad_hitlerum",
              "Bandwagon / reductio ad Hitlerum",
              "Urges joining what 'everyone' does, or rejects an idea because hated people hold it.", "#bebada"),
    Technique("Black-and-White_Fallacy", "persuasion.black_and_white_fallacy", "Black-and-white fallacy",
              "Presents two options as the only possibilities when more exist.", "#80b1d3"),
    Technique("Causal_Oversimplification", "persuasion.causal_oversimplification", "Causal oversimplification",
              "Blames a complex outcome on a single cause.", "#fdb462"),
    Technique("Doubt", "persuasion.doubt", "Doubt",
              "Questions the credibility of someone or something without substantiating it.", "#b3de69"),
    Technique("Exaggeration,Minimisation", "persuasion.exaggeration_minimisation", "Exaggeration / minimisation",
              "Makes something look much bigger, better or worse (or smaller) than it is.", "#fccde5"),
    Technique("Flag-Waving", "persuasion.flag_waving", "Flag-waving",
              "Plays on national or group identity to justify or promote an idea.", "#d9d9d9"),
    Technique("Loaded_Language", "persuasion.loaded_language", "Loaded language",
              "Uses emotionally charged words to sway the reader rather than inform.", "#ffed6f"),
    Technique("Name_Calling,Labeling", "persuasion.name_calling_labeling", "Name calling / labelling",
              "Attaches a loaded label to a person or group so the audience fears, hates or admires them.",
              "#ccebc5"),
    Technique("Repetition", "persuasion.repetition", "Repetition",
              "Repeats the same message again and again so that the audience accepts it.", "#bc80bd"),
    Technique("Slogans", "persuasion.slogans", "Slogan",
              "A brief, striking phrase that acts as an emotional appeal or call to action.", "#ffffb3"),
    Technique("Thought-terminating_Cliches", "persuasion.thought_terminating_cliches", "Thought-terminating cliché",
              "A stock phrase that discourages critical thought and discussion.", "#e5c494"),
    Technique("Whataboutism,Straw_Men,Red_Herring", "persuasion.whataboutism_straw_men_red_herring",
              "Whataboutism / straw man / red herring",
              "Deflects by accusing the other side, distorting its position, or changing the subject.", "#a6d854"),
)

#: PTC technique names in table order (also the class order of the shipped classifier).
PTC_NAMES: tuple[str, ...] = tuple(t.ptc for t in TECHNIQUE_TABLE)
#: PTC name → presslens label.
PTC_TO_LABEL: dict[str, str] = {t.ptc: t.label for t in TECHNIQUE_TABLE}
#: presslens label → technique.
BY_LABEL: dict[str, Technique] = {t.label: t for t in TECHNIQUE_TABLE}
#: presslens label → {"title", "explanation", "colour", "ptc"} for legends and docs.
TECHNIQUES: dict[str, dict[str, str]] = {
    t.label: {"title": t.title, "explanation": t.explanation, "colour": t.colour, "ptc": t.ptc}
    for t in TECHNIQUE_TABLE
}

__all__ = ["BY_LABEL", "PTC_NAMES", "PTC_TO_LABEL", "TECHNIQUES", "TECHNIQUE_TABLE", "Technique"]
