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
    Conversion,
    CurrencyMismatch,
    Error,
    Grant,
    InvalidArgument,
    MissingRate,
    Money,
    Organization,
    OverflowError,
    ParseError,
    Phase,
    Place,
    Program,
    RateTable,
    Site,
    Transaction,
    UnknownCurrency,
    __version__,
)
from . import datasets, rates, synthetic  # noqa: F401
from . import _frames, _html, _plots  # noqa: F401  (attach pandas, HTML and plotting methods)
from ._grantfolio import _read


def read(path):
    """Reads a programme from a file: an archive (XML, text, binary), a JSON export or a listing,
    recognised by its content."""
    return _read(str(path))


__all__ = [
    "Conversion", "CurrencyMismatch", "Error", "Grant", "InvalidArgument", "MissingRate", "Money",
    "Organization", "OverflowError", "ParseError", "Phase", "Place", "Program", "RateTable", "Site",
    "Transaction", "UnknownCurrency", "datasets", "rates", "read", "synthetic",
]
