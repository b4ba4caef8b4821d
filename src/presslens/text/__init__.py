"""Text utilities shared by analyzers that are not tied to one capability.

- :mod:`.quotemarks` — quoted regions (straight and typographic marks, nesting, unclosed quotes).
"""
