"""Analyzer contract and the pipeline that runs analyzers over the shared NLP document."""

from .base import NLP_PROVIDES, Analyzer, Context, Result, dedupe

__all__ = ["NLP_PROVIDES", "Analyzer", "Context", "Result", "dedupe"]
