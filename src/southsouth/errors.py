"""The one exception tree of southsouth.

Every error has a stable kebab-case ``code``, a message saying what went wrong and a
``hint`` saying how to fix it. Surfaces print ``error[code]: message`` (CLI) or a
problem+json body (API); they never invent their own messages.

::

    SouthsouthError
    ├── ConfigError                     config-invalid
    ├── InputError (ValueError)         exit code 2: the user asked for something that is not there
    │   ├── UnknownCountry              unknown-country
    │   ├── UnknownBloc                 unknown-bloc
    │   ├── UnknownGroup                unknown-group
    │   ├── UnknownDataset              unknown-dataset
    │   ├── UnknownIndicator            unknown-indicator
    │   ├── YearOutOfRange              year-out-of-range
    │   ├── UnknownRecord               unknown-record (tracker: no forum/commitment/… with this id)
    │   ├── InvalidRecord               invalid-record (tracker: fields fail validation; 422)
    │   └── ImportRejected              import-rejected (tracker: bulk rows invalid; 422)
    ├── SourceError
    │   ├── SourceUnavailable           source-unavailable
    │   ├── DownloadIncomplete          download-incomplete
    │   └── ChecksumMismatch            checksum-mismatch
    ├── DataError
    │   ├── ParseError                  parse-error
    │   └── ContractViolation           contract-violation
    ├── WarehouseError
    │   ├── NotSynced                   not-synced
    │   └── WarehouseBusy               warehouse-busy
    ├── AnalysisError                   analysis-error
    │   └── DegenerateMatrix            degenerate-matrix
    ├── RequestRefused                  request-refused (a served instance's limits)
    │   ├── RateLimited                 rate-limited (too many requests from one caller; 429)
    │   ├── ServerBusy                  server-busy (expensive reads queue full; 503)
    │   └── TimeBudgetExceeded          time-budget-exceeded (still computing; 503)
    └── TrackerError                    tracker-error
        ├── TrackerNotReady             tracker-not-ready (not initialised or needs migration; 503)
        ├── TrackerBusy                 tracker-busy (database locked too long; 503)
        ├── AuthenticationRequired      authentication-required (no or unknown token; 401)
        ├── PermissionDenied            permission-denied (wrong role or out of scope; 403)
        ├── RecordConflict              record-conflict (duplicate id, record in use; 409)
        ├── StaleVersion                stale-version (If-Match / expected version is old; 412)
        ├── PreconditionRequired        precondition-required (update without a version; 428)
        └── AuditBroken                 audit-broken (verify found tampering)

Errors that map to an HTTP status other than the defaults carry it as ``http_status``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class SouthsouthError(Exception):
    """Root of every error southsouth raises on purpose."""

    code: str = "error"
    exit_code: int = 1

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def as_dict(self) -> dict[str, str]:
        """The error as a plain mapping (for JSON output)."""
        return {"code": self.code, "message": self.message, "hint": self.hint}


class ConfigError(SouthsouthError):
    """A setting is missing or invalid."""

    code = "config-invalid"


class InputError(SouthsouthError, ValueError):
    """The caller asked for something that does not exist; nothing was changed."""

    code = "invalid-input"
    exit_code = 2


def close_matches(word: str, candidates: Iterable[str], n: int = 5) -> list[str]:
    """Candidates that look like ``word`` (case-insensitive), best first."""
    pool: dict[str, str] = {}
    for candidate in candidates:
        pool.setdefault(candidate.lower(), candidate)
    hits = difflib.get_close_matches(word.lower(), list(pool), n=n, cutoff=0.5)
    found = [pool[h] for h in hits]
    found += [c for k, c in sorted(pool.items()) if k.startswith(word.lower()) and c not in found]
    return found[:n]


#: Longest excerpt of a caller's input repeated in an error message.
EXCERPT_CHARS = 40


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """``text`` quoted for an error message: escaped (``repr``), at most ``limit``
    characters of it, ``…`` marking a cut, so a message never carries much of an input."""
    cut = text[:limit]
    return repr(cut) + ("…" if len(text) > limit else "")


class _UnknownName(InputError):
    kind = "name"

    def __init__(self, name: str, candidates: Iterable[str] = (), *, hint: str = "") -> None:
        self.name = name
        self.suggestions = close_matches(name[:200], candidates)
        did_you_mean = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown {self.kind} {excerpt(name)}{did_you_mean}", hint=hint)


class UnknownCountry(_UnknownName):
    """No country has this code or name."""

    code = "unknown-country"
    kind = "country"


class UnknownBloc(_UnknownName):
    """No bloc or forum has this id."""

    code = "unknown-bloc"
    kind = "bloc"


class UnknownGroup(_UnknownName):
    """No Global South definition or country group has this id."""

    code = "unknown-group"
    kind = "group"


class UnknownDataset(_UnknownName):
    """No dataset in the source registry has this id."""

    code = "unknown-dataset"
    kind = "dataset"


class UnknownIndicator(_UnknownName):
    """No loaded indicator has this id."""

    code = "unknown-indicator"
    kind = "indicator"


class YearOutOfRange(InputError):
    """A year outside what the data or the registry covers."""

    code = "year-out-of-range"
    http_status = 422


class SourceError(SouthsouthError):
    """A dataset could not be obtained."""

    code = "source-error"

    def __init__(self, message: str, *, dataset_id: str, url: str | None, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.dataset_id = dataset_id
        self.url = url


class SourceUnavailable(SourceError):
    """The publisher (or the mirror) did not deliver the file."""

    code = "source-unavailable"


class DownloadIncomplete(SourceError):
    """Fewer bytes arrived than the server announced."""

    code = "download-incomplete"


class ChecksumMismatch(SourceError):
    """The file arrived but its sha256 is not the one recorded for it."""

    code = "checksum-mismatch"


class DataError(SouthsouthError):
    """A file's content is not what its parser expects."""

    code = "data-error"


class ParseError(DataError):
    """A file could not be parsed; names the file and, when known, the line."""

    code = "parse-error"

    def __init__(self, path: str, reason: str, *, line: int | None = None, hint: str = "") -> None:
        where = f"{path}, line {line}" if line is not None else path
        super().__init__(f"cannot parse {where}: {reason}", hint=hint)
        self.path = path
        self.line = line


class ContractViolation(DataError):
    """A parsed table breaks its written contract (columns, types, keys)."""

    code = "contract-violation"


class WarehouseError(SouthsouthError):
    """The analytical store cannot answer."""

    code = "warehouse-error"


class NotSynced(WarehouseError):
    """The data asked for has not been loaded into the warehouse yet."""

    code = "not-synced"


class WarehouseBusy(WarehouseError):
    """Another process holds the warehouse file."""

    code = "warehouse-busy"


class AnalysisError(SouthsouthError):
    """An analysis cannot give a meaningful answer for the data it was given."""

    code = "analysis-error"


class RequestRefused(SouthsouthError):
    """A served instance refuses a request to stay within its limits; retry later.

    ``retry_after`` is the number of seconds after which a retry may succeed.
    """

    code = "request-refused"
    http_status = 503

    def __init__(self, message: str, *, retry_after: int, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.retry_after = max(1, int(retry_after))


class RateLimited(RequestRefused):
    """One caller sent more requests than its allowance."""

    code = "rate-limited"
    http_status = 429


class ServerBusy(RequestRefused):
    """Every slot for expensive computations is taken or queued."""

    code = "server-busy"


class TimeBudgetExceeded(RequestRefused):
    """An expensive computation outlasted the request's time budget; it goes on and its
    result is cached for the retry."""

    code = "time-budget-exceeded"


class DegenerateMatrix(AnalysisError):
    """A matrix (e.g. country × product) is empty or its eigen-problem has no unique answer."""

    code = "degenerate-matrix"


ALL_ERRORS: tuple[type[SouthsouthError], ...] = (
    ConfigError,
    InputError,
    UnknownCountry,
    UnknownBloc,
    UnknownGroup,
    UnknownDataset,
    UnknownIndicator,
    YearOutOfRange,
    SourceUnavailable,
    DownloadIncomplete,
    ChecksumMismatch,
    ParseError,
    ContractViolation,
    NotSynced,
    WarehouseBusy,
    AnalysisError,
    DegenerateMatrix,
)


# --- tracker -----------------------------------------------------------------------------


class UnknownRecord(InputError):
    """No tracker record of this kind has this id (or the caller may not see it)."""

    code = "unknown-record"
    http_status = 404

    def __init__(self, kind: str, record_id: str, *, hint: str = "") -> None:
        super().__init__(
            f"no {kind} with id {record_id!r}",
            hint=hint or f"list the {kind}s to find the id (`southsouth tracker list {kind}s`)",
        )
        self.kind = kind
        self.record_id = record_id


class InvalidRecord(InputError):
    """A tracker record's fields fail validation; ``problems`` lists (field path, message)."""

    code = "invalid-record"
    http_status = 422

    def __init__(
        self, problems: list[tuple[str, str]], *, subject: str = "record", hint: str = ""
    ) -> None:
        listed = "; ".join(f"{field}: {message}" for field, message in problems)
        super().__init__(
            f"invalid {subject}: {listed}", hint=hint or "correct the fields named and retry"
        )
        self.problems = problems


class ImportRejected(InputError):
    """A bulk import found invalid rows and wrote nothing; ``problems`` is (row, field, message)."""

    code = "import-rejected"
    http_status = 422

    def __init__(self, problems: list[tuple[int, str, str]], *, total: int) -> None:
        shown = "; ".join(f"row {row} {field}: {message}" for row, field, message in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(
            f"{len(problems)} problem(s) in {total} row(s), nothing imported: {shown}{more}",
            hint="fix the rows named, or pass --partial to import the valid rows only",
        )
        self.problems = problems
        self.total = total


class TrackerError(SouthsouthError):
    """The commitment tracker refused or could not complete an operation."""

    code = "tracker-error"


class TrackerNotReady(TrackerError):
    """The tracker database is missing, not initialised or needs a migration."""

    code = "tracker-not-ready"
    http_status = 503


class TrackerBusy(TrackerError):
    """Another writer held the tracker database for longer than the timeout."""

    code = "tracker-busy"
    http_status = 503


class AuthenticationRequired(TrackerError):
    """The operation needs a valid API token and none (or an unknown one) was given."""

    code = "authentication-required"
    http_status = 401


class PermissionDenied(TrackerError):
    """The token's role or scope does not allow the operation."""

    code = "permission-denied"
    http_status = 403


class RecordConflict(TrackerError):
    """The write clashes with existing records (duplicate id or key, record still in use)."""

    code = "record-conflict"
    http_status = 409


class StaleVersion(TrackerError):
    """The record changed since the caller read it (expected version is not the current one)."""

    code = "stale-version"
    http_status = 412


class PreconditionRequired(TrackerError):
    """An update or delete came without the version it expects to replace."""

    code = "precondition-required"
    http_status = 428


class AuditBroken(TrackerError):
    """`tracker verify` found an audit entry or record that does not match the chain."""

    code = "audit-broken"


ALL_ERRORS += (
    UnknownRecord,
    InvalidRecord,
    ImportRejected,
    TrackerError,
    TrackerNotReady,
    TrackerBusy,
    AuthenticationRequired,
    PermissionDenied,
    RecordConflict,
    StaleVersion,
    PreconditionRequired,
    AuditBroken,
)
