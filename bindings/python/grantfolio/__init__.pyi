from os import PathLike
from typing import Union

from . import datasets as datasets, rates as rates, synthetic as synthetic
from ._grantfolio import (
    Conversion as Conversion, CurrencyMismatch as CurrencyMismatch, Error as Error, Grant as Grant,
    InvalidArgument as InvalidArgument, MissingRate as MissingRate, Money as Money, Organization as Organization,
    OverflowError as OverflowError, ParseError as ParseError, Phase as Phase, Place as Place, Program as Program,
    RateTable as RateTable, Site as Site, Transaction as Transaction, UnknownCurrency as UnknownCurrency,
    __version__ as __version__,
)

def read(path: Union[str, PathLike[str]]) -> Program: ...
