"""Exchange-rate tables: the embedded IMF annual averages, a CSV, or a DataFrame."""
from datetime import date as _date
from decimal import Decimal as _Decimal

from ._grantfolio import RateTable, _convert_many, _currency_positions, _sum_by, imf_annual

#: conversion_method codes in the ``methods`` array of ``convert_many(..., details=True)``
METHODS = ("identity", "direct", "inverse", "chain", "last-known", "interpolated")


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

    import numpy as np

    rates = df["rate"]
    if getattr(rates.dtype, "kind", "O") == "f":
        # The shortest text that round-trips in the column's own width: a float32 1.1 is "1.1", not
        # the "1.100000023841858" its widening to a Python float would print.
        rates = [np.format_float_positional(v, unique=True, trim="-") for v in rates.to_numpy()]
    for i, (base, quote, rate, vf, vt) in enumerate(
        zip(df["base"], df["quote"], rates, df["valid_from"], df["valid_to"])
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


def _codes(currencies, n):
    """Codes and, for pandas categoricals and Arrow dictionary arrays, the table they index: (codes,
    table positions or None). Categories are looked up once; plain arrays (numpy str/bytes/object,
    lists, Arrow strings, polars) code by code."""
    import numpy as np

    if hasattr(currencies, "combine_chunks") and hasattr(currencies, "num_chunks"):  # a pyarrow ChunkedArray
        currencies = currencies.combine_chunks()
    if hasattr(currencies, "dictionary") and hasattr(currencies, "indices"):  # a pyarrow DictionaryArray
        # Its indices and dictionary, as a categorical's codes and categories: no str per row.
        indices = currencies.indices
        if indices.null_count:
            raise ValueError(f"row {indices.is_null().to_numpy(zero_copy_only=False).argmax()}: the currency is missing")
        codes = np.ascontiguousarray(indices.to_numpy(zero_copy_only=False))
        table = _currency_positions(np.asarray(currencies.dictionary.to_pylist(), dtype=object))
        if len(codes) != n:
            raise ValueError(f"{n} amounts but {len(codes)} currencies: they must be as many")
        return (codes.astype(np.int64) if codes.dtype.kind == "u" else codes), table
    cat = getattr(currencies, "cat", None)  # a pandas Series of dtype category
    values = cat if cat is not None else currencies
    if hasattr(values, "categories") and hasattr(values, "codes"):
        codes = np.ascontiguousarray(values.codes)
        table = _currency_positions(np.asarray(list(values.categories), dtype=object))
    else:
        codes, table = _currency_positions(np.asarray(currencies)), None
    if len(codes) != n:
        raise ValueError(f"{n} amounts but {len(codes)} currencies: they must be as many")
    return codes, table


def _day_numbers(dates):
    import numpy as np

    values = np.asarray(dates)
    if values.dtype.kind != "M":
        values = values.astype("datetime64[D]")
    elif values.dtype != np.dtype("datetime64[D]"):
        # Finer units (ns, s) become their calendar day; never a silent shift to another day.
        values = values.astype("datetime64[D]")
    return values.view("int64")


def _convert_many_method(self, amounts, currencies, dates, to="USD", missing="raise", max_age=None,
                         rounding="half-even", threads=0, details=False, by=None, groups=None):
    """Converts whole columns at their value dates, exactly as one-by-one ``convert`` would.

    ``amounts``: int64 minor units of each row's currency (its ISO 4217 minor unit: cents, or
    whole yen; ``transactions_frame()["minor_units"]`` has them); ``currencies``: ISO codes (numpy
    str/object array, list, pandas Series or Categorical, pyarrow array — a dictionary-encoded one
    by its dictionary —, polars Series); ``dates``: ``datetime64[D]`` (or anything numpy turns
    into it: pyarrow date32, polars Date, pandas datetime64 or ArrowDtype columns). Returns int64
    minor units of ``to``. ``missing``: "raise", "last-known" (optionally with ``max_age`` days)
    or "interpolate"; ``rounding``: "half-even" (default), "half-up", "down", "up". ``threads``:
    0 uses every core (the GIL is released throughout). A row that cannot be converted raises
    (MissingRate, OverflowError, UnknownCurrency) naming the row.

    With ``by`` (one non-negative integer key per row, e.g. grant positions) the converted values
    are not returned but summed per key, exactly, in the same pass: an int64 array of ``groups``
    totals (default: the largest key + 1), each the sum of the rows' individually rounded results.
    That saves writing and re-reading the per-row array (``sum_by`` does the same in two steps).

    With ``details=True`` returns ``(values, methods, counts)``: per-row method codes (indices
    into ``grantfolio.rates.METHODS``) and how many rows took each path, so a policy at work
    shows (``counts["last-known"]``).

    >>> import numpy as np
    >>> from grantfolio import rates
    >>> imf = rates.imf_annual()
    >>> lek = np.array([20976238100, 209762400])            # 209,762,381.00 ALL; 2,097,624.00 USD
    >>> imf.convert_many(lek, np.array(["ALL", "USD"]), np.array(["2006-05-10"] * 2, dtype="datetime64[D]"),
    ...                  to="USD").tolist()
    [213817696, 209762400]
    """
    import numpy as np

    a = np.ascontiguousarray(amounts)
    if a.dtype.kind not in "iu":
        raise TypeError(f"amounts must be integer minor units (int64), not {a.dtype}: floats are not money")
    a = a.astype(np.int64, copy=False)
    codes, table = _codes(currencies, len(a))
    days = _day_numbers(dates)
    if len(days) != len(a):
        raise ValueError(f"{len(a)} amounts but {len(days)} dates: they must be as many")
    keys = None
    if by is not None:
        keys = np.ascontiguousarray(by)
        if keys.dtype.kind not in "iu":
            raise TypeError(f"by must hold integer keys, not {keys.dtype}")
        keys = keys.astype(np.int64, copy=False)
    return _convert_many(self, a, codes, table, days, str(to), str(missing), max_age, str(rounding), int(threads),
                         bool(details), keys, -1 if groups is None else int(groups))


def sum_by(keys, values, size=None, threads=0):
    """Exact int64 sums of ``values`` per non-negative integer key (``size``: number of groups,
    default max key + 1). Raises OverflowError instead of wrapping around, naming the row.
    ``threads=0`` uses every core (each sums a slice, then the slices are added); the GIL is
    released.

    >>> import numpy as np
    >>> sum_by(np.array([0, 1, 0]), np.array([5, 7, 11])).tolist()
    [16, 7]
    """
    import numpy as np

    k = np.asarray(keys)
    if k.dtype.kind not in "iu":
        raise TypeError(f"keys must be integers, not {k.dtype}")
    v = np.asarray(values)
    if v.dtype.kind not in "iu":
        raise TypeError(f"values must be integers, not {v.dtype}")
    return _sum_by(k.astype(np.int64, copy=False), v.astype(np.int64, copy=False), -1 if size is None else int(size),
                   int(threads))


def _rate_table_to_frame(self):
    """Every rate held, one row each: base, quote, rate (exact Decimal), valid_from, valid_to
    (None when open-ended), source; in the table's order (by pair, then validity).

    >>> imf_annual().to_frame().columns.tolist()
    ['base', 'quote', 'rate', 'valid_from', 'valid_to', 'source']
    """
    import pandas as pd

    return pd.DataFrame(self.rates, columns=["base", "quote", "rate", "valid_from", "valid_to", "source"])


def _rate_table_summary(self):
    rates = self.rates
    if not rates:
        return 0, 0, None, None, []
    pairs = {(r["base"], r["quote"]) for r in rates}
    first = min(r["valid_from"] for r in rates)
    ends = [r["valid_to"] for r in rates]
    last = None if any(e is None for e in ends) else max(ends)
    import re

    # "IMF annual average 2006, Albania (AL), imf-….csv:82" is one source, whatever its year and row.
    sources = sorted({re.sub(r"\s*\b\d{4}\b", "", r["source"].split(",")[0]).strip() for r in rates})
    return len(rates), len(pairs), first, last, sources


def _rate_table_repr(self):
    """How many rates, pairs and which days a table holds.

    >>> imf_annual()
    RateTable(10,607 rates, 173 pairs, 1940-01-01..2024-12-31)
    """
    n, pairs, first, last, _ = _rate_table_summary(self)
    if not n:
        return f"{type(self).__name__}(empty)"
    return f"{type(self).__name__}({n:,} rates, {pairs:,} pairs, {first}..{last if last else 'open-ended'})"


def _rate_table_html(self):
    from html import escape

    n, pairs, first, last, sources = _rate_table_summary(self)
    head = (f"<b>{escape(type(self).__name__)}</b>: {n:,} rates, {pairs:,} pairs, "
            f"{escape(str(first))} – {escape(str(last) if last else 'open-ended')}" if n else "<b>RateTable</b>: empty")
    if not n:
        return f"<div class='grantfolio-rates'>{head}</div>"
    shown = ", ".join(escape(s) for s in sources[:3]) + (f" and {len(sources) - 3} more" if len(sources) > 3 else "")
    rows = _rate_table_to_frame(self).head(10).to_html(index=False, escape=True)
    more = f"<p>the first 10 of {n:,} rows; <code>to_frame()</code> has them all</p>" if n > 10 else ""
    return f"<div class='grantfolio-rates'>{head}<br>sources: {shown}{rows}{more}</div>"


RateTable.from_frame = staticmethod(_from_frame)
RateTable.to_frame = _rate_table_to_frame
RateTable.__repr__ = _rate_table_repr
RateTable._repr_html_ = _rate_table_html
RateTable.convert_many = _convert_many_method

__all__ = ["METHODS", "RateTable", "imf_annual", "sum_by"]
