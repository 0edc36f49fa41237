"""Arrow views of a programme and of a rate table (the PyCapsule interface, no copies on the way out).

``pyarrow.table(program)``, ``polars.from_arrow(program.transactions)``, ``duckdb.sql("SELECT ... FROM
t")`` read them directly; pandas through ``to_frame(dtype_backend="pyarrow")``. Each access makes a
snapshot: a table made before the programme changes keeps what it held."""
from ._grantfolio import (ArrowTable, Program, RateTable, _arrow_coverage, _arrow_grants, _arrow_rates, _arrow_sites,
                          _arrow_transactions)
from ._frames import _as_of


def grants_table(self, as_of=None):
    """One row per grant as an Arrow table: ids and titles as text, partners, qarqe and districts as
    lists, dates as date32, the award as decimal128 with award_currency beside it, status as of
    ``as_of`` (default: the revision date)."""
    return _arrow_grants(self, _as_of(self, as_of))


def sites_table(self):
    """One row per grant and site (a long table): grant, as_written, place_id and place (null when the
    gazetteer does not know it), level, qark, district, note."""
    return _arrow_sites(self)


def coverage_table(self, level="district"):
    """Coverage per area of a level ("qark" or "district") as an Arrow table, every area listed:
    area, place_id, qark (null at qark level), grants, grant_months, grant_ids (list), covered. The
    grants for the whole country and those sited only above the level are in the schema metadata
    (``grantfolio:nationwide``, ``grantfolio:above_level``: JSON lists of ids), as
    ``coverage_frame``'s attrs."""
    return _arrow_coverage(self, str(level))


def _transactions(self):
    """Every transaction as an Arrow table, straight from the columnar store: grant (dictionary of grant
    ids), kind, value_date (date32), amount (decimal128), currency (dictionary), note (null where none)."""
    return _arrow_transactions(self)


def _program_stream(self, requested_schema=None):
    return grants_table(self).__arrow_c_stream__(requested_schema)


def _rates_stream(self, requested_schema=None):
    return _arrow_rates(self).__arrow_c_stream__(requested_schema)


def _require_pyarrow(what):
    try:
        import pyarrow
    except ImportError as e:  # pragma: no cover - both tested stacks have it
        raise ImportError(f"{what} needs pyarrow (pip install pyarrow)") from e
    return pyarrow


def sites_frame(self, dtype_backend="numpy_nullable"):
    """The sites table as a pandas DataFrame (one row per grant and place)."""
    return _to_pandas(sites_table(self), dtype_backend, "sites_frame")


def _to_pandas(table, dtype_backend, what):
    pa = _require_pyarrow(what)
    import pandas as pd

    t = pa.table(table)
    if dtype_backend == "pyarrow":
        return t.to_pandas(types_mapper=pd.ArrowDtype)
    if dtype_backend == "numpy_nullable":
        return t.to_pandas()
    raise ValueError(f"dtype_backend must be 'numpy_nullable' or 'pyarrow', not {dtype_backend!r}")


def write_parquet(self, path, table="grants", **options):
    """Writes one of the programme's tables ("grants", "sites" or "transactions") to a Parquet file
    through pyarrow, types kept (decimal128, date32, dictionaries): the way to hand a portfolio to
    Spark, DuckDB or polars. ``options`` go to ``pyarrow.parquet.write_table``."""
    _require_pyarrow("write_parquet")
    import os

    import pyarrow as pa
    import pyarrow.parquet as pq

    tables = {"grants": grants_table, "sites": sites_table, "transactions": _transactions}
    if table not in tables:
        raise ValueError(f"table must be one of {sorted(tables)}, not {table!r}")
    pq.write_table(pa.table(tables[table](self)), os.fspath(path), **options)


def _table_to_pandas(self, dtype_backend="pyarrow"):
    """This table as a pandas DataFrame (``dtype_backend="pyarrow"``: ArrowDtype columns, no copies)."""
    return _to_pandas(self, dtype_backend, "ArrowTable.to_pandas")


Program.grants_table = grants_table
Program.sites_table = sites_table
Program.coverage_table = coverage_table
Program.sites_frame = sites_frame
Program.transactions = property(_transactions)
Program.write_parquet = write_parquet
Program.__arrow_c_stream__ = _program_stream
RateTable.__arrow_c_stream__ = _rates_stream
ArrowTable.to_pandas = _table_to_pandas
