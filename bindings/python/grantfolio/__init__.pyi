from dataclasses import dataclass
from os import PathLike
from typing import Sequence, Union

from . import datasets as datasets, rates as rates, report as report, synthetic as synthetic
from ._grantfolio import (
    ArrowTable as ArrowTable, BaseMap as BaseMap, Classification as Classification, Conversion as Conversion, Description as Description, DocumentLink as DocumentLink, HumanitarianScope as HumanitarianScope, CurrencyMismatch as CurrencyMismatch, Error as Error, FileAccessDenied as FileAccessDenied,
    FileError as FileError, FileIsADirectory as FileIsADirectory, FileNotFound as FileNotFound, Grant as Grant,
    InvalidArgument as InvalidArgument, MapArea as MapArea, MapPoint as MapPoint, MissingRate as MissingRate, Narrative as Narrative, Money as Money, Organization as Organization,
    OverflowError as OverflowError, ParseError as ParseError, Participant as Participant, Phase as Phase, Place as Place, PolicyMarker as PolicyMarker, Program as Program,
    RateTable as RateTable, RelatedActivity as RelatedActivity, Site as Site, SourceRecord as SourceRecord, Transaction as Transaction, UnknownCurrency as UnknownCurrency,
    __version__ as __version__, as_date as as_date, format_money as format_money,
)

class GrantfolioWarning(UserWarning): ...
class ReadWarning(GrantfolioWarning): ...

READ_WARNINGS_EACH: int

@dataclass(frozen=True)
class Diagnostic:
    severity: str
    file: str
    line: int
    column: int
    field: str
    subject: str
    message: str
    text: str = ...
    effect: str = ...
    element: str = ...

def read(path: Union[str, bytes, PathLike[str], PathLike[bytes], Sequence[Union[str, bytes, PathLike[str], PathLike[bytes]]]], *, strict: bool = ...,
         listing_profile: Union[str, bytes, PathLike[str], PathLike[bytes], None] = ...) -> Program: ...

__all__ = [
    "ArrowTable", "BaseMap", "Classification", "Conversion", "CurrencyMismatch", "Description", "Diagnostic", "DocumentLink", "Error", "FileAccessDenied", "FileError", "FileIsADirectory",
    "FileNotFound", "Grant", "GrantfolioWarning", "HumanitarianScope", "InvalidArgument", "MapArea", "MapPoint", "MissingRate", "Money", "Narrative",
    "Organization", "ParseError", "Participant", "Phase", "Place", "PolicyMarker", "Program", "RateTable", "ReadWarning", "RelatedActivity", "Site", "SourceRecord",
    "Transaction", "UnknownCurrency", "as_date", "datasets", "format_money", "rates", "read", "report", "synthetic",
]
