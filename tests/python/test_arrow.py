"""Arrow views through the PyCapsule interface (register_arrow.cpp, _arrow.py): pyarrow, polars and
DuckDB on the current stack; the C stream itself read with ctypes on both (Debian has no pyarrow)."""
import ctypes
from datetime import date
from decimal import Decimal

import numpy as np
import pytest

import grantfolio
from grantfolio import Money, rates


@pytest.fixture(scope="module")
def caaht():
    return grantfolio.datasets.caaht_2006()


@pytest.fixture(scope="module")
def synth():
    return grantfolio.synthetic.program(grants=300, transactions=4000, seed=11)


# ---- the C stream, read by hand (the ABI of the Arrow C data interface) ----

class ArrowSchema(ctypes.Structure):
    pass


ArrowSchema._fields_ = [("format", ctypes.c_char_p), ("name", ctypes.c_char_p), ("metadata", ctypes.c_void_p),
                        ("flags", ctypes.c_int64), ("n_children", ctypes.c_int64),
                        ("children", ctypes.POINTER(ctypes.POINTER(ArrowSchema))),
                        ("dictionary", ctypes.POINTER(ArrowSchema)), ("release", ctypes.c_void_p),
                        ("private_data", ctypes.c_void_p)]


class ArrowArray(ctypes.Structure):
    pass


ArrowArray._fields_ = [("length", ctypes.c_int64), ("null_count", ctypes.c_int64), ("offset", ctypes.c_int64),
                       ("n_buffers", ctypes.c_int64), ("n_children", ctypes.c_int64),
                       ("buffers", ctypes.POINTER(ctypes.c_void_p)),
                       ("children", ctypes.POINTER(ctypes.POINTER(ArrowArray))),
                       ("dictionary", ctypes.POINTER(ArrowArray)), ("release", ctypes.c_void_p),
                       ("private_data", ctypes.c_void_p)]


class ArrowArrayStream(ctypes.Structure):
    pass


_get_schema = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ArrowArrayStream), ctypes.POINTER(ArrowSchema))
_get_next = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ArrowArrayStream), ctypes.POINTER(ArrowArray))
_last_error = ctypes.CFUNCTYPE(ctypes.c_char_p, ctypes.POINTER(ArrowArrayStream))
_release_stream = ctypes.CFUNCTYPE(None, ctypes.POINTER(ArrowArrayStream))
_release_schema = ctypes.CFUNCTYPE(None, ctypes.POINTER(ArrowSchema))
_release_array = ctypes.CFUNCTYPE(None, ctypes.POINTER(ArrowArray))
ArrowArrayStream._fields_ = [("get_schema", _get_schema), ("get_next", _get_next), ("get_last_error", _last_error),
                             ("release", _release_stream), ("private_data", ctypes.c_void_p)]


def _stream_of(obj):
    capsule = obj.__arrow_c_stream__()
    get = ctypes.pythonapi.PyCapsule_GetPointer
    get.restype, get.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_char_p]
    return capsule, ctypes.cast(get(capsule, b"arrow_array_stream"), ctypes.POINTER(ArrowArrayStream))


def test_the_c_stream_is_one_record_batch_with_typed_columns(synth):
    capsule, stream = _stream_of(synth.transactions)
    schema, batch, end = ArrowSchema(), ArrowArray(), ArrowArray()
    assert stream.contents.get_schema(stream, ctypes.byref(schema)) == 0
    assert schema.format == b"+s" and schema.n_children == 6
    children = {schema.children[i].contents.name.decode(): schema.children[i].contents.format.decode()
                for i in range(schema.n_children)}
    assert children == {"grant": "i", "kind": "c", "value_date": "tdD", "amount": "d:38,2", "currency": "s", "note": "u"}
    assert stream.contents.get_next(stream, ctypes.byref(batch)) == 0
    assert batch.length == 4000 and batch.n_children == 6
    days = ctypes.cast(batch.children[2].contents.buffers[1], ctypes.POINTER(ctypes.c_int32))
    assert date.fromordinal(date(1970, 1, 1).toordinal() + days[0]) == synth.transactions_of(
        synth.grants[0].id)[0].value_date or days[0] > 0
    assert stream.contents.get_next(stream, ctypes.byref(end)) == 0 and not end.release  # the end
    _release_array(batch.release)(ctypes.byref(batch))
    _release_schema(schema.release)(ctypes.byref(schema))
    assert not batch.release and not schema.release
    del capsule  # the unconsumed stream is released with its capsule


def test_a_stream_not_consumed_is_freed_and_a_table_outlives_its_programme():
    p = grantfolio.synthetic.program(grants=20, transactions=50, seed=2)
    t = p.transactions
    for _ in range(50):
        t.__arrow_c_stream__()  # dropped at once
    del p
    _, stream = _stream_of(t)
    batch = ArrowArray()
    assert stream.contents.get_next(stream, ctypes.byref(batch)) == 0 and batch.length == 50
    _release_array(batch.release)(ctypes.byref(batch))
    assert len(t) == 50 and t.column_names[3] == "amount" and "transactions: 50 rows" in repr(t)


# ---- consumers (the current stack) ----

def test_pyarrow_reads_grants_sites_transactions_and_rates_with_their_types(caaht, synth):
    pa = pytest.importorskip("pyarrow")
    grants = pa.table(caaht)
    assert grants.num_rows == 24 and grants.schema.metadata[b"grantfolio:program"] == b"CAAHT"
    assert grants.schema.field("planned_start").type == pa.date32()
    assert grants.schema.field("partners").type == pa.list_(pa.field("item", pa.string(), nullable=False))
    row = {r["id"]: r for r in grants.to_pylist()}["G15"]
    assert (row["planned_start"], row["actual_end"], row["status"]) == (date(2005, 10, 1), date(2006, 2, 28), "closed-early")
    frame = caaht.to_frame().set_index("id")
    assert [r["grantee"] for r in grants.to_pylist()] == frame["grantee"].astype(str).tolist()

    sites = pa.table(caaht.sites_table())
    assert sites.num_rows == sum(len(g.sites) for g in caaht.grants)
    lezhe = [r for r in sites.to_pylist() if r["place_id"] == "D-LEZHE"][0]
    assert (lezhe["level"], lezhe["district"]) == ("district", "Lezhë")

    tx = pa.table(synth.transactions)
    assert tx.schema.field("amount").type == pa.decimal128(38, 2) and tx.num_rows == synth.transaction_count
    # Every amount exact and in its place: the same as the transactions one by one.
    by_hand = [(g.id, t.kind, t.value_date, t.amount) for g in synth.grants for t in synth.transactions_of(g.id)]
    rows = [(r["grant"], r["kind"], r["value_date"], Money(r["amount"], r["currency"])) for r in tx.to_pylist()]
    assert sorted(rows, key=repr) == sorted(by_hand, key=repr)

    imf = pa.table(rates.imf_annual())
    assert imf.num_rows == len(rates.imf_annual())
    # No decimal128 scale holds every IMF rate (10 integer digits beside 29 decimals): exact text.
    assert imf.schema.field("rate").type == pa.string()
    all_2006 = [r for r in imf.to_pylist() if r["quote"] == "ALL" and r["valid_from"] == date(2006, 1, 1)][0]
    assert Decimal(all_2006["rate"]) == rates.imf_annual().explain(Money("1", "USD"), "ALL", on="2006-06-01").rates[0]["rate"]


def test_polars_and_duckdb_read_them_without_pyarrow_in_between(synth):
    pl = pytest.importorskip("polars")
    duckdb = pytest.importorskip("duckdb")
    df = pl.DataFrame(synth.transactions)
    assert df.height == synth.transaction_count and str(df.schema["amount"]).startswith("Decimal")
    transactions = synth.transactions  # noqa: F841  (DuckDB finds it by name)
    got = dict(duckdb.sql("SELECT currency::VARCHAR, sum(amount) FROM transactions GROUP BY 1").fetchall())
    want = {}
    for g in synth.grants:
        for t in synth.transactions_of(g.id):
            want[t.amount.currency] = want.get(t.amount.currency, Decimal(0)) + t.amount.amount
    assert got == want


def test_grants_repeated_text_is_dictionary_encoded_and_every_reader_gets_the_names(caaht):
    pa = pytest.importorskip("pyarrow")
    pl = pytest.importorskip("polars")
    duckdb = pytest.importorskip("duckdb")
    table = pa.table(caaht)
    for name in ("grantee", "grantee_id", "award_currency", "status"):
        assert pa.types.is_dictionary(table.schema.field(name).type), name
    for name in ("qarqe", "districts"):
        assert pa.types.is_dictionary(table.schema.field(name).type.value_type), name
    # Dictionaries: the gazetteer's qarqe in its order, the grantees that have grants.
    assert table.column("qarqe").combine_chunks().values.dictionary.to_pylist()[:2] == ["Berat", "Dibër"]
    assert len(table.column("grantee").combine_chunks().dictionary) == 22
    g09 = {g.id: g for g in caaht.grants}["G09"]
    want = (caaht.organization(g09.grantee).name, ["Vlorë", "Fier"])
    df = pl.DataFrame(caaht.grants_table()).filter(pl.col("id") == "G09")
    assert (df["grantee"][0], df["qarqe"][0].to_list()) == want
    g = caaht.grants_table()  # noqa: F841  (DuckDB finds it by name)
    got = duckdb.sql("SELECT grantee::VARCHAR, list_transform(qarqe, lambda x: x::VARCHAR) FROM g WHERE id = 'G09'").fetchall()
    assert got == [want]


def test_pandas_gets_arrow_dtypes_and_parquet_keeps_the_types(caaht, synth, tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pandas as pd
    import pyarrow.parquet as pq

    df = caaht.to_frame(dtype_backend="pyarrow")
    assert isinstance(df["planned_start"].dtype, pd.ArrowDtype) and len(df) == 24
    assert df["qarqe"].iloc[2] is not None
    long = caaht.sites_frame()
    assert len(long) == sum(len(g.sites) for g in caaht.grants) and "qark" in long.columns
    path = tmp_path / "tx.parquet"
    synth.write_parquet(path, table="transactions")
    back = pq.read_table(path)
    assert back.schema.field("amount").type == pa.decimal128(38, 2) and back.num_rows == synth.transaction_count
    with pytest.raises(ValueError, match="grants"):
        synth.write_parquet(tmp_path / "x.parquet", table="nope")


def test_coverage_table_is_coverage_frame_in_arrow(caaht):
    t = caaht.coverage_table("district")
    assert len(t) == 36 and t.column_names == ["area", "place_id", "qark", "grants", "grant_months", "grant_months_split",
                                               "grant_ids", "covered"]
    _, stream = _stream_of(t)  # readable without pyarrow (both stacks)
    schema = ArrowSchema()
    assert stream.contents.get_schema(stream, ctypes.byref(schema)) == 0
    formats = [schema.children[i].contents.format.decode() for i in range(schema.n_children)]
    assert formats == ["u", "u", "u", "l", "g", "g", "+l", "b"]
    _release_schema(schema.release)(ctypes.byref(schema))
    pa = pytest.importorskip("pyarrow")
    import json

    table = pa.table(t)
    frame = caaht.coverage_frame("district")
    assert table.column("area").to_pylist() == frame["area"].tolist()
    assert table.column("grants").to_pylist() == frame["grants"].tolist()
    assert table.column("grant_months").to_pylist() == frame["grant_months"].tolist()
    assert table.column("grant_months_split").to_pylist() == frame["grant_months_split"].tolist()
    assert [tuple(x) for x in table.column("grant_ids").to_pylist()] == frame["grant_ids"].tolist()
    assert table.column("covered").to_pylist() == frame["covered"].tolist()
    assert table.column("qark").to_pylist() == frame["qark"].tolist()
    meta = table.schema.metadata
    assert json.loads(meta[b"grantfolio:nationwide"]) == frame.attrs["nationwide"] == ["G01", "G02", "G10"]
    assert json.loads(meta[b"grantfolio:above_level"]) == ["G04"] and meta[b"grantfolio:level"] == b"district"
    q = pa.table(caaht.coverage_table("qark"))
    assert q.num_rows == 12 and q.column("qark").null_count == 12 and all(q.column("covered").to_pylist())
    with pytest.raises(grantfolio.InvalidArgument):
        caaht.coverage_table("planet")


def test_convert_many_takes_arrow_polars_and_arrow_backed_pandas_columns(synth):
    pa = pytest.importorskip("pyarrow")
    pl = pytest.importorskip("polars")
    import pandas as pd

    tx = synth.transactions_frame()
    imf = rates.imf_annual()
    want = imf.convert_many(tx["minor_units"].to_numpy(), tx["currency"].astype(str).to_numpy(),
                            tx["value_date"].to_numpy(), to="USD", missing="last-known")
    arrow = pa.table({"minor": pa.array(tx["minor_units"].to_numpy()),
                      "currency": pa.array(tx["currency"].astype(str).tolist()).dictionary_encode(),
                      "day": pa.array(tx["value_date"].dt.date.tolist(), pa.date32())})
    got = imf.convert_many(arrow["minor"], arrow["currency"], arrow["day"], to="USD", missing="last-known")
    assert got.tolist() == want.tolist()
    frame = pl.from_arrow(arrow)
    got = imf.convert_many(frame["minor"], frame["currency"], frame["day"], to="USD", missing="last-known")
    assert got.tolist() == want.tolist()
    backed = arrow.to_pandas(types_mapper=pd.ArrowDtype)
    got = imf.convert_many(backed["minor"], backed["currency"], backed["day"], to="USD", missing="last-known")
    assert got.tolist() == want.tolist()
    # A dictionary column with a missing currency is refused, naming the row.
    holed = pa.array(["USD", None, "EUR"]).dictionary_encode()
    with pytest.raises(ValueError, match="row 1: the currency is missing"):
        imf.convert_many(np.array([1, 2, 3]), holed, np.array(["2006-01-01"] * 3, dtype="datetime64[D]"))
