"""Exchange-rate tables: the embedded IMF annual averages, a CSV, or a DataFrame."""
from datetime import date as _date
from decimal import Decimal as _Decimal

from ._grantfolio import RateTable, imf_annual


def _from_frame(df):
    """A RateTable from a DataFrame with columns base, quote, rate, valid_from, valid_to[, source].

    Float rates are read through their shortest decimal text (as ``repr`` prints them), never
    through their binary value; valid_to may be missing (NaT/None) for open-ended rates."""
    import pandas as pd

    need = {"base", "quote", "rate", "valid_from", "valid_to"}
    missing = need - set(df.columns)
    if missing:
        raise ValueError(f"RateTable.from_frame: missing columns {sorted(missing)}")
    table = RateTable()
    sources = df["source"] if "source" in df.columns else None

    def day(x, row, col):
        if x is None or (isinstance(x, float) and x != x) or x is pd.NaT:
            return None
        if isinstance(x, _date) and not hasattr(x, "hour"):
            return x
        try:
            return pd.Timestamp(x).date()
        except Exception as e:  # noqa: BLE001
            raise ValueError(f"row {row}: {col} {x!r} is not a date") from e

    for i, (base, quote, rate, vf, vt) in enumerate(
        zip(df["base"], df["quote"], df["rate"], df["valid_from"], df["valid_to"])
    ):
        if isinstance(rate, float):
            rate = _Decimal(repr(rate))
        elif not isinstance(rate, (str, int, _Decimal)):
            rate = _Decimal(str(rate))
        start = day(vf, i, "valid_from")
        if start is None:
            raise ValueError(f"row {i}: valid_from is missing")
        source = "" if sources is None or sources.iloc[i] is None else str(sources.iloc[i])
        try:
            table.add(str(base), str(quote), rate, start, day(vt, i, "valid_to"), source or f"frame row {i}")
        except Exception as e:
            raise type(e)(f"row {i}: {e}") from e
    return table


RateTable.from_frame = staticmethod(_from_frame)

__all__ = ["RateTable", "imf_annual"]
