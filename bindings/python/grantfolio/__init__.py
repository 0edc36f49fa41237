"""grantfolio: donor grant programmes, exact money and dated exchange rates.

>>> from datetime import date
>>> import grantfolio
>>> from grantfolio import Money, rates
>>> rates.imf_annual().convert(Money("2097624", "USD"), "ALL", on=date(2006, 5, 10))
Money('205783998.27', 'ALL')
>>> caaht = grantfolio.datasets.caaht_2006()
>>> len(caaht.grants), caaht.acronym("sq")
(24, 'KVKTNj')
"""
from ._grantfolio import (  # noqa: F401
    ArrowTable,
    BaseMap,
    Conversion,
    CurrencyMismatch,
    Error,
    FileAccessDenied,
    FileError,
    FileIsADirectory,
    FileNotFound,
    Grant,
    InvalidArgument,
    MapArea,
    MapPoint,
    MissingRate,
    Narrative,
    Money,
    Classification,
    Description,
    DocumentLink,
    HumanitarianScope,
    Organization,
    OverflowError,
    Participant,
    ParseError,
    Phase,
    Place,
    PolicyMarker,
    Program,
    RateTable,
    RelatedActivity,
    Site,
    SourceRecord,
    Transaction,
    UnknownCurrency,
    __version__,
    as_date,
    format_money,
)
from ._grantfolio import _pybind11_version


def _check_numpy():
    """A module built with pybind11 < 2.12 (Debian 12's 2.10) gives wrong arrays under numpy 2: refuse."""
    if tuple(_pybind11_version) >= (2, 12):
        return
    from importlib import metadata

    try:
        numpy_version = metadata.version("numpy")
    except metadata.PackageNotFoundError:
        return
    if int(numpy_version.split(".")[0]) >= 2:
        raise ImportError(
            f"this grantfolio module was built with pybind11 {_pybind11_version[0]}.{_pybind11_version[1]}, "
            f"which does not support numpy {numpy_version}: build it against pybind11 >= 2.12 "
            "(pip install . does), or use it with numpy 1")


_check_numpy()

from . import datasets, rates, report, synthetic  # noqa: F401,E402
from . import _arrow, _frames, _html, _plots  # noqa: F401  (attach Arrow, pandas, HTML and plotting methods)
from ._grantfolio import _merge, _read
import dataclasses as _dataclasses
import os as _os
import warnings as _warnings


class GrantfolioWarning(UserWarning):
    """Base of every warning grantfolio gives (filter them all with this class)."""


class ReadWarning(GrantfolioWarning):
    """What a reader did not keep, changed or guessed; the entries are in ``program.diagnostics``."""


#: How many problems read() warns about one by one, after its summary; the rest are only in
#: ``program.diagnostics`` (a dump with a finding per activity would otherwise print thousands).
READ_WARNINGS_EACH = 20


@_dataclasses.dataclass(frozen=True)
class Diagnostic:
    """A reader's finding: its severity ('info', 'warning', 'error'), where, and what."""

    severity: str
    file: str
    line: int
    column: int
    field: str
    subject: str
    message: str
    text: str = _dataclasses.field(repr=False, compare=False, default="")
    #: What it cost the data: "not kept", "changed", "guessed", or "" for a remark.
    effect: str = ""
    #: What the effect befell, singular ("transaction", "value-date"); "" for a remark.
    element: str = ""

    def __str__(self):
        return self.text or self.message


def _diagnostics(self):
    """What reading this programme reported (empty for one that was not read from a file)."""
    return self.__dict__.get("_diagnostics", ())


Program.diagnostics = property(_diagnostics)


def read(path, *, strict=False, listing_profile=None):
    """Reads a programme from a file, recognised by its content: an archive (XML, text, binary), a
    JSON export, IATI activity XML, a 360Giving package (JSON or CSV) or a listing.

    Given a list (or tuple) of paths, reads each and merges them into one portfolio, as ``grantfolio
    merge`` does: every activity once; one published twice (the same identifier) is kept from the copy
    with the later last-updated-datetime, else from the later path, and ``program.diagnostics`` says
    so with both places (a :class:`ReadWarning` when the copies differ).

    A listing is read in the words of ``listing_profile``, a profile file (str or os.PathLike; its
    labels, month names, totals, donor, country, gazetteer and known organisations; see
    docs/formats.md), by default CAAHT's.

    What the reader did not keep, changed or guessed is in ``program.diagnostics`` (each with its
    ``effect`` and ``element``); when there are errors or warnings among them, a :class:`ReadWarning`
    says what reading cost ("3 transactions of 2 activities not kept, ...") and where the first is, then
    one per problem with its place, errors first (the first ``READ_WARNINGS_EACH``). ``strict=True`` raises
    :class:`ParseError` instead.
    """
    if isinstance(path, (list, tuple)):
        if not path:
            raise ValueError("read() of a list needs at least one path")
        parts = []
        with _warnings.catch_warnings(record=True) as said:
            _warnings.simplefilter("always")
            for one in path:
                parts.append(read(one, strict=strict, listing_profile=listing_profile))
        for w in said:  # each source's warnings, as read() gives them, from here
            _warnings.warn(w.message, w.category, stacklevel=2)
        program, found = _merge(parts)
        merged = tuple(Diagnostic(*d) for d in found)
        program._diagnostics = tuple(d for p in parts for d in p.diagnostics) + merged
        conflicts = [d for d in merged if d.severity in ("error", "warning")]
        if conflicts:
            if strict:
                raise ParseError(f"merging {len(path)} sources: {conflicts[0]}; nothing returned (strict=True)")
            for d in conflicts[:READ_WARNINGS_EACH]:
                _warnings.warn(str(d), ReadWarning, stacklevel=2)
        return program
    if path is None or not isinstance(path, (str, bytes, _os.PathLike)):
        raise TypeError(f"read() takes a path (str or os.PathLike), not {type(path).__name__}")
    name = _os.fsdecode(_os.fspath(path))
    if listing_profile is not None and not isinstance(listing_profile, (str, bytes, _os.PathLike)):
        raise TypeError(f"listing_profile takes a path (str or os.PathLike), not {type(listing_profile).__name__}")
    profile = None if listing_profile is None else _os.fsdecode(_os.fspath(listing_profile))
    program, found, _kind, cost, first_index = _read(name, profile)
    entries = tuple(Diagnostic(*d) for d in found)
    program._diagnostics = entries
    serious = [d for d in entries if d.severity in ("error", "warning")]
    if serious:
        first = entries[first_index]
        summary = f"{name}: {cost}; first at {first}; program.diagnostics lists them all"
        if strict:
            raise ParseError(summary + "; nothing returned (strict=True)")
        _warnings.warn(summary, ReadWarning, stacklevel=2)
        errors_first = sorted(serious, key=lambda d: d.severity != "error")  # stable: file order within each
        for d in errors_first[:READ_WARNINGS_EACH]:
            _warnings.warn(str(d), ReadWarning, stacklevel=2)
    return program


__all__ = [
    "ArrowTable", "BaseMap", "Classification", "Conversion", "CurrencyMismatch", "Description", "Diagnostic", "DocumentLink", "Error", "FileAccessDenied", "FileError", "FileIsADirectory",
    "FileNotFound", "Grant", "GrantfolioWarning", "HumanitarianScope", "InvalidArgument", "MapArea", "MapPoint", "MissingRate", "Money", "Narrative",
    "Organization", "ParseError", "Participant", "Phase", "Place", "PolicyMarker", "Program", "RateTable", "ReadWarning", "RelatedActivity", "Site", "SourceRecord",
    "Transaction", "UnknownCurrency", "as_date", "datasets", "format_money", "rates", "read", "report", "synthetic",
]
