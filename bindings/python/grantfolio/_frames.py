"""pandas views of a programme, built from columns assembled in C++."""
from datetime import date as _date

from ._grantfolio import Program, _burn_columns, _coverage_columns, _grant_columns, _timeline_columns, _transaction_columns, as_date

#: What a grant has spent unless told otherwise: IATI's disbursements (3), expenditures (4) and
#: reimbursements (7); refunds are deducted.
SPENDING_KINDS = ("disbursement", "expenditure", "reimbursement")


def _as_of(program, as_of):
    if as_of is not None:
        return as_date(as_of)
    return program.revised_on or _date.today()


def _categorical(codes, categories):
    """A Categorical from int32 codes (-1: missing) and categories that the C++ side made distinct
    (they are keys of a hash map there). pandas' public constructors would check them again by
    hashing every category (0.1 s for 200,000 grantee names); where this pandas has the private
    fast paths, they are used (tests/python/test_frames.py checks that the result equals
    Categorical.from_codes)."""
    import numpy as np
    import pandas as pd

    index = pd.Index(categories, dtype=object, copy=False)
    n = len(index)
    codes = codes.astype(np.int8 if n < 127 else np.int16 if n < 32767 else np.int32, copy=False)
    simple = getattr(pd.Categorical, "_simple_new", None)
    fast = getattr(pd.CategoricalDtype, "_from_fastpath", None)
    if simple is not None and fast is not None:
        return simple(codes, fast(index, False))
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(index))


def _assemble(columns):
    """A DataFrame from C++ columns: dicts of codes and categories become Categoricals, dicts of
    values and a mask nullable Int64, lists object columns (no dtype inference); arrays are taken
    as they are."""
    import numpy as np
    import pandas as pd

    data = {}
    for name, col in columns.items():
        if isinstance(col, dict) and "mask" in col:
            data[name] = pd.arrays.IntegerArray(col["values"], col["mask"])
        elif isinstance(col, dict):
            data[name] = _categorical(col["codes"], col["categories"])
        elif isinstance(col, np.ndarray) and col.dtype == object:
            data[name] = pd.Series(col, dtype=object, copy=False)
        elif isinstance(col, list):
            arr = np.empty(len(col), dtype=object)
            arr[:] = col
            data[name] = pd.Series(arr, dtype=object, copy=False)
        else:
            data[name] = col
    return pd.DataFrame(data, copy=False)


def to_frame(self, as_of=None, threads=0, dtype_backend=None):
    """One row per grant, the columns of ``grants_table()`` in its order: id, phase, title, grantee,
    grantee_id, partners, planned_start, planned_end, actual_start, actual_end, status (as of
    ``as_of``, default the revision date), qarqe, districts, nationwide, award_amount,
    award_currency, reporting_org.

    partners, qarqe and districts are tuples (of organisation ids, and of area names in the order
    the grant's sites first name them; grants with the same ones share one tuple); a grant for the
    whole country has ``nationwide`` True and no qarqe of its own. award_amount is an exact Decimal
    and award_currency its ISO code, both None where a grant has no award. Repeating text columns
    (grantee, grantee_id, status, reporting_org) are Categoricals; grantee categories are names, in
    the programme's order of organisations (two organisations of one name share a category;
    grantee_id tells them apart). Dates are datetime64[ns]; a date column with a date outside that
    type's range (1677-09-22..2262-04-11) holds datetime.date objects instead. Built in C++ over
    ``threads`` threads (0: every core) with the GIL released, then turned into Python objects.

    ``dtype_backend="pyarrow"`` gives the Arrow table of ``grants_table()`` as ArrowDtype columns
    instead (no Python objects: decimal128 awards, date32 dates, list columns for partners, qarqe
    and districts), the form pandas 2 and 3 read without copies."""
    if dtype_backend is not None:
        from ._arrow import _to_pandas, grants_table

        return _to_pandas(grants_table(self, as_of), dtype_backend, "to_frame")
    return _assemble(_grant_columns(self, _as_of(self, as_of), int(threads)))


def transactions_frame(self):
    """One row per transaction, in the order they were added: grant (its id), kind, value_date,
    amount (exact Decimal), currency, minor_units, note (None where none). Grant, kind and currency
    are categorical.

    ``minor_units`` is the amount in its currency's minor unit (cents; whole yen) as int64, ready
    for ``RateTable.convert_many`` and ``rates.sum_by`` with no Python loop. Where an amount is not
    a whole number of minor units (finer than the currency's unit, beyond int64, or in a currency
    without one, such as XDR) it is missing (nullable Int64, <NA>) and a GrantfolioWarning says how
    many rows and the first one: the amount column still has it exactly."""
    import warnings

    from . import GrantfolioWarning

    columns = _transaction_columns(self)
    minor = columns["minor_units"]
    if isinstance(minor, dict):
        rows = minor["mask"].nonzero()[0]
        warnings.warn(f"{len(rows)} transaction(s) are not whole minor units of their currency (first: row "
                      f"{rows[0]}); their minor_units are <NA>", GrantfolioWarning, stacklevel=2)
    return _assemble(columns)


def coverage_frame(self, level="district"):
    """Grants and grant-months per area of a level ('qark' or 'district'), every area listed,
    reached or not. ``grant_months`` counts each grant's months whole in every area it reaches;
    ``grant_months_split`` splits them in equal shares among its areas (sites carry no
    percentages), so that column adds up to the placed grants' months. ``df.attrs['nationwide']``
    lists the grants for the whole country (reported apart), ``df.attrs['above_level']`` those sited
    only above the level."""
    import pandas as pd

    r = _coverage_columns(self, level)
    df = pd.DataFrame(r["columns"])
    df["covered"] = df["grants"] > 0
    df.attrs["level"] = level
    df.attrs["nationwide"] = list(r["extra"]["nationwide"])
    df.attrs["above_level"] = list(r["extra"]["above_level"])
    return df


def timeline_frame(self):
    """One row per calendar month from the first grant's start to the last grant's end: month (its
    first day), active (grants running on at least one of its days), grant_ids."""
    import pandas as pd

    return pd.DataFrame(_timeline_columns(self))


def burn_frame(self, as_of=None, rates=None, kinds=SPENDING_KINDS, missing="raise", max_age=None):
    """Spending against time, one row per grant, as of a date (any date-like; default the
    revision date, else today): ``award`` and ``spent`` (exact Decimal, in the award's
    ``currency``; spent is the transactions of ``kinds`` up to the date, refunds deducted, each
    converted to the award's currency at its value date through ``rates`` where it is in another),
    ``spent_share`` (spent / award), ``time_share`` (the share of the grant's days, actual dates where
    known, passed by the date) and ``gap`` (spent_share - time_share: above 0 spends ahead of time,
    below 0 behind), as floats rounded to 6 decimals; ``note`` says why a grant has no figures ("no
    award", "no dates", or the conversion that failed), and is None otherwise."""
    import pandas as pd

    if isinstance(kinds, str):
        kinds = (kinds,)
    columns = _burn_columns(self, _as_of(self, as_of), rates, [str(k) for k in kinds], str(missing), max_age)
    # Text and Decimal columns stay object columns (None where missing) on every pandas, as in to_frame.
    return _assemble(columns)


def converted_totals(self, rates, to="USD", by="grant", kind="disbursement", missing="raise", max_age=None,
                     threads=0, split="full"):
    """Transactions of a kind converted to ``to`` at their value dates and summed per group,
    straight from the columnar store: one row per ``by`` group that has transactions, with
    ``total`` (exact Decimal), ``currency`` and ``transactions``. The group column is named after
    ``by`` and typed as elsewhere: "grant" gives grant ids (str), "phase" phase numbers, "year"
    calendar years and "fiscal_year" (or "fiscal-year") US federal fiscal years (FY2006: 1 October
    2005 to 30 September 2006), each int64, "qark" the qark's name (as ``coverage_frame`` gives it) with its
    gazetteer id beside it in ``qark_id``; a grant that reaches several qarqe counts whole in
    each, and grants for the whole country and those with no known place form the groups
    "nationwide" and "unplaced" (``qark_id`` None). "publisher", "funder", "recipient" (organisation
    ids, with ``<by>_name`` beside them), "country", "region" and "sector" group by what each grant
    states (its reporting organisation; its funders; its grantee; its recipient countries, or the
    programme's country where it names no place; its regions; its sectors, "VOCABULARY:CODE" outside
    the DAC 5-digit list). With ``split="full"`` (the default) a grant counts whole in every group it
    names; with ``split="weighted"`` each of its amounts is split among them by the percentages its
    source gives (equal shares where it gives none), to the minor unit, so that the groups add up
    to the unsplit total; ``df.attrs["split"]`` says how many grants were split each way. Grants
    that name no group form the group "unstated".

    Each transaction is rounded once to the target's minor unit, then summed.
    ``df.attrs["methods"]`` counts the conversions per path, so a "last-known" policy at work
    shows. ``threads=0`` uses every core; the GIL is released."""
    import numpy as np
    import pandas as pd

    by = str(by)
    if by == "fiscal_year":
        by = "fiscal-year"
    r = self._converted_totals(rates, str(to), by, str(kind), str(missing), max_age, int(threads), str(split))
    keys = r["key"]
    columns = {}
    if by in ("phase", "year", "fiscal-year"):
        columns[by.replace("-", "_")] = np.array([int(k) for k in keys], dtype=np.int64)
    elif by == "qark":
        names, ids = [], []
        for k in keys:
            place = self.place(k) if k not in ("nationwide", "unplaced") else None
            names.append(place.name if place is not None else k)
            ids.append(k if place is not None else None)
        columns["qark"] = names
        columns["qark_id"] = ids
    elif by in ("publisher", "funder", "recipient"):
        # Organisation ids, with the organisation's name beside them ("unstated": None).
        columns[by] = keys
        names = {o.id: o.name for o in self.organizations}
        columns[by + "_name"] = [names.get(k) for k in keys]
    else:
        columns[by] = keys
    columns["total"] = r["total"]
    columns["currency"] = str(to)
    columns["transactions"] = np.asarray(r["transactions"], dtype=np.int64)
    df = pd.DataFrame(columns)
    df.attrs["methods"] = dict(r["methods"])
    df.attrs["missing"] = missing
    df.attrs["split"] = {"mode": str(split), "by_percentage": r["split_by_percentage"], "equally": r["split_equally"]}
    return df


Program.converted_totals = converted_totals
Program.burn_frame = burn_frame
Program.to_frame = to_frame
Program.transactions_frame = transactions_frame
Program.coverage_frame = coverage_frame
Program.timeline_frame = timeline_frame
