"""Private: dataset readers, scorers and baselines used to train and evaluate the shipped models.

Nothing here runs when a dossier is built, and nothing here is public API: ``scripts/`` (training) and
``benchmarks/`` (evaluation) import it. The runtime package never does.

- :mod:`.persuasion_data` — PTC article reader and the fixed train/validation split;
- :mod:`.persuasion_metrics` — SemEval-2020 Task 11 span-identification and technique-classification scores;
- :mod:`.persuasion_baseline` — the lexicon-only baseline the persuasion model is compared with;
- :mod:`.checkworthy_data` — CheckThat! (CLEF) check-worthiness readers and data hashes.
"""
