"""grantfolio: donor grant programmes, exact money and dated exchange rates.

>>> from datetime import date
>>> from grantfolio import Money, rates
>>> rates.imf_annual().convert(Money("2097624", "USD"), "ALL", on=date(2006, 5, 10))
Money('205783998.27', 'ALL')
"""
from ._grantfolio import (  # noqa: F401
    CurrencyMismatch,
    Error,
    InvalidArgument,
    MissingRate,
    Money,
    OverflowError,
    ParseError,
    RateTable,
    UnknownCurrency,
    __version__,
)
from . import rates  # noqa: F401
