from typing import Any, Literal, Optional, Sequence, Union, overload

import numpy
import numpy.typing as npt
import pandas

from ._grantfolio import RateTable as RateTable, imf_annual as imf_annual

METHODS: tuple[str, ...]

_Int64Array = npt.NDArray[numpy.int64]
_IntColumn = Union[npt.ArrayLike, "pandas.Series[int]"]
_Currencies = Union[npt.ArrayLike, Sequence[str], "pandas.Series[str]", "pandas.Categorical"]
_Dates = Union[npt.ArrayLike, "pandas.Series[Any]"]

def sum_by(keys: _IntColumn, values: _IntColumn, size: Optional[int] = None, threads: int = 0) -> _Int64Array: ...

__all__ = ["METHODS", "RateTable", "imf_annual", "sum_by"]
