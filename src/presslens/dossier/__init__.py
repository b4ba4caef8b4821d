"""Findings model, dossier and its versioned JSON schema."""

from .model import KINDS, SCHEMA_VERSION, AnalyzerRun, Dossier, Failure, Finding

__all__ = ["KINDS", "SCHEMA_VERSION", "AnalyzerRun", "Dossier", "Failure", "Finding"]
