import pathlib
from datetime import date
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import grantfolio  # noqa: E402


@pytest.fixture(scope="module")
def caaht():
    return grantfolio.datasets.caaht_2006()


def test_to_frame(caaht):
    df = caaht.to_frame()
    assert len(df) == 24
    for col in ("id", "phase", "title", "grantee", "planned_start", "planned_end", "actual_end", "status",
                "qarqe", "districts", "award_amount", "award_currency"):
        assert col in df.columns
    row = df.set_index("id").loc["G15"]
    assert row["actual_end"] == pd.Timestamp("2006-02-28") and row["status"] == "closed-early"
    by_id = df.set_index("id")
    # Lists are tuples of names, in the order the grant's sites name them (as the listing writes them).
    assert by_id.loc["G09", "qarqe"] == ("Vlorë", "Fier") and not by_id.loc["G09", "nationwide"]
    # A grant for the whole country: nationwide, and no qark of its own (no marker text in a list).
    assert by_id.loc["G01", "qarqe"] == () and by_id.loc["G01", "districts"] == () and by_id.loc["G01", "nationwide"]
    assert sorted(df.loc[df["nationwide"], "id"]) == ["G01", "G02", "G10"]
    assert (df["status"] == "active").sum() == 18  # as of the revision date, 2006-05-10
    assert (caaht.to_frame(as_of=date(2006, 1, 15))["status"] == "active").sum() == 21
    # No award: None in the amount and in its currency alike.
    assert df["award_amount"].map(lambda x: x is None).all() and df["award_currency"].map(lambda x: x is None).all()
    assert df.groupby("phase").size().to_dict() == {1: 5, 2: 7, 3: 12}


def test_amounts_stay_decimal():
    p = grantfolio.synthetic.program(grants=30, transactions=100, seed=2)
    df = p.to_frame(as_of=date(2010, 1, 1))
    amounts = df["award_amount"].dropna()
    assert len(amounts) > 0 and all(isinstance(a, Decimal) for a in amounts)
    tx = p.transactions_frame()
    assert len(tx) == 100 and all(isinstance(a, Decimal) for a in tx["amount"])
    assert set(tx["kind"]) <= {"commitment", "disbursement", "expenditure", "refund"}


def test_coverage_and_timeline(caaht):
    d = caaht.coverage_frame("district")
    assert len(d) == 36
    assert sorted(d.loc[~d["covered"], "area"]) == sorted(
        ["Kuçovë", "Skrapar", "Bulqizë", "Mat", "Peqin", "Mallakastër", "Kolonjë", "Kurbin", "Kavajë"])
    assert d.attrs["nationwide"] == ["G01", "G02", "G10"] and d.attrs["above_level"] == ["G04"]
    q = caaht.coverage_frame("qark")
    assert len(q) == 12 and q["covered"].all()
    t = caaht.timeline_frame()
    assert t.iloc[0]["month"] == pd.Timestamp("2005-02-01") and t.iloc[0]["active"] == 1
    assert t.set_index("month").loc["2006-01-01", "active"] == 21


def test_plots(caaht):
    ax = caaht.plot_timeline()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 24 and all(" · " in t for t in labels)  # each grant with its grantee
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_legend() is not None
    assert {t.get_text() for t in ax.get_legend().get_texts()} >= {"phase 1", "phase 2", "phase 3", "planned, not run (closed early)"}
    ax2 = caaht.plot_coverage(level="district")
    # G04 is sited only at qark level: said in the title with the three nationwide grants.
    assert "3 nationwide" in ax2.get_title() and "1 sited only at qark level" in ax2.get_title()
    ticks = ax2.get_xticks()
    assert all(float(t).is_integer() for t in ticks)  # whole grants only
    with pytest.raises(ValueError, match="'qark' or 'district'"):
        caaht.plot_coverage(level="nationwide")


def test_albania_map_is_tied_to_the_gazetteer():
    m = grantfolio.datasets.albania_map()
    assert len(m.areas) == 12 and len(m.points) == 36 and len(m.outline) == 1
    berat = m.find_area("Q-BERAT")
    assert berat.code == "AL-01" and berat.rings[0].shape[1] == 2
    assert not berat.rings[0].flags.writeable  # the shared map cannot be edited through an array
    assert m.find_point("D-PEQIN").name == "Peqin" and m.find_area("nope") is None
    assert "ODbL 1.0" in m.attribution and "Natural Earth" in m.attribution
    assert repr(m) == "BaseMap(areas=12, points=36)"


@pytest.mark.filterwarnings("ignore::grantfolio.ReadWarning")  # the Indonesian file's own findings
def test_map_shades_qarqe_marks_districts_and_names_what_it_does_not_draw(caaht):
    import matplotlib.pyplot as plt
    from matplotlib.collections import PathCollection
    from matplotlib.patches import Polygon

    ax = caaht.plot_map()
    polygons = [p for p in ax.patches if isinstance(p, Polygon)]
    assert len(polygons) == 12 + 1  # the qarqe and the outline
    reached, unreached = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(reached.get_offsets()) == 36 - 9 and len(unreached.get_offsets()) == 9
    # Point sizes follow the grants: Tiranë's district has the most.
    d = caaht.coverage_frame("district")
    sizes = dict(zip(d.loc[d["covered"], "place_id"], reached.get_sizes()))
    assert max(sizes, key=sizes.get) == d.loc[d["grants"].idxmax(), "place_id"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "district no grant reaches (9)" in legend
    assert "nationwide, not drawn: G01, G02, G10" in legend
    assert "qark level only, no district point: G04" in legend
    texts = [t.get_text() for t in ax.texts]
    assert grantfolio.datasets.albania_map().attribution in texts
    assert sum(t in texts for t in d["qark"].unique()) == 12  # every qark named
    assert ax.get_title() == "CAAHT: where the grants ran"
    # Drawn, no qark's name covers a district's mark (Kukës sat on its district's point), and the
    # legend beside the map stays inside the figure.
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    names = [t for t in ax.texts if t.get_text() in set(d["qark"])]
    for points in (reached, unreached):
        centres = ax.transData.transform(points.get_offsets())
        radii = [(s ** 0.5) / 2 * fig.dpi / 72 for s in points.get_sizes()] * (len(centres) if len(points.get_sizes()) == 1 else 1)
        for t in names:
            box = t.get_window_extent(renderer)
            for (x, y), r in zip(centres, radii):
                clear = x + r <= box.x0 or x - r >= box.x1 or y + r <= box.y0 or y - r >= box.y1
                assert clear, f"{t.get_text()} covers the mark at {ax.transData.inverted().transform((x, y))}"
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.x1 <= fig.bbox.x1 and legend.y0 >= fig.bbox.y0
    # Thousands of grants: points no larger than 8 grants' and the legend's id lists cut short, so
    # the map keeps its size.
    big = grantfolio.synthetic.program(grants=3000, transactions=0, seed=3).plot_map()
    points = [c for c in big.collections if isinstance(c, PathCollection)][0]
    assert max(points.get_sizes()) <= 18 + 22 * 8
    assert all(len(t.get_text()) < 200 and "more" in t.get_text() for t in big.get_legend().get_texts() if "not drawn" in t.get_text())
    big.figure.canvas.draw()
    assert big.get_window_extent().height >= 0.75 * ax.get_window_extent().height  # about as tall as CAAHT's
    # A programme whose places are not on the map is refused with the way out.
    indonesia = pathlib.Path(__file__).parents[1] / "cpp" / "data" / "iati" / "es-maec-indonesia-2.01.xml"
    with pytest.raises(ValueError, match="no area for the programme's qarqe.*pass base_map="):
        grantfolio.read(indonesia).plot_map()
    plt.close("all")


def test_charts_speak_albanian(caaht):
    import matplotlib.pyplot as plt

    ax = caaht.plot_timeline(as_of="2006-01-15", lang="sq")
    legend = {t.get_text() for t in ax.get_legend().get_texts()}
    assert {"faza 1", "faza 3", "më 15 janar 2006", "planifikuar, pa u zbatuar (mbyllur para kohe)"} <= legend
    assert ax.get_title().endswith(": grantet sipas fazës")
    ax.figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert "2006" in ticks and any(t in ("pri", "kor", "tet", "shk", "maj", "gus", "qer") for t in ticks), ticks
    ax = caaht.plot_coverage(lang="sq")
    assert ax.get_title().endswith("grante për rreth (jashtë shtyllave: 3 për gjithë vendin, 1 vetëm në nivel qarku)")
    ax = caaht.plot_map(lang="sq")
    assert ax.get_title() == "KVKTNj: ku u zbatuan grantet"  # the Albanian acronym too
    assert "rreth pa asnjë grant (9)" in [t.get_text() for t in ax.get_legend().get_texts()]
    with pytest.raises(ValueError, match="lang must be one of en, sq"):
        caaht.plot_map(lang="fr")
    plt.close("all")


def test_a_large_timeline_is_grouped_capped_and_says_what_it_leaves_out():
    import matplotlib.pyplot as plt

    p = grantfolio.synthetic.program(grants=200, transactions=0, seed=5)
    ax = p.plot_timeline(as_of="2006-01-15")
    height = ax.figure.get_size_inches()[1]
    assert height <= 12.0
    rows = len(ax.get_yticklabels())
    assert rows <= grantfolio._plots.TIMELINE_MAX_ROWS
    assert ax.get_ylabel() == "phase · grantee"
    if rows == grantfolio._plots.TIMELINE_MAX_ROWS:
        assert "more rows not shown" in ax.get_title()
    assert any(t.get_text().startswith("as of 2006-01-15") for t in ax.get_legend().get_texts())
    plt.close("all")


def _edited_caaht(tmp_path, edit):
    """CAAHT through its grantfolio JSON, edited as a dict, read back."""
    import json

    j = json.loads(grantfolio.datasets.caaht_2006().to_json())
    edit(j)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(j, ensure_ascii=False), encoding="utf-8")
    return grantfolio.read(path)


def _same_as_public_constructors(series):
    """A categorical column equals what pandas' public, checking constructors give."""
    cat = series.array
    assert cat.categories.is_unique
    rebuilt = pd.Categorical.from_codes(cat.codes, dtype=pd.CategoricalDtype(list(cat.categories)))
    assert rebuilt.codes.dtype == cat.codes.dtype and rebuilt.equals(cat)


GRANT_COLUMNS = ["id", "phase", "title", "grantee", "grantee_id", "partners", "planned_start", "planned_end",
                 "actual_start", "actual_end", "status", "qarqe", "districts", "nationwide", "award_amount",
                 "award_currency", "reporting_org"]


def _same_as_the_arrow_table(program, as_of=None, frame=None):
    """to_frame() has grants_table()'s columns, in its order, with the same values (lists as tuples,
    nulls as None, NaN or NaT as the column's type has them). Without pyarrow (Debian's stack), the
    columns and their order only."""
    df = program.to_frame(as_of=as_of) if frame is None else frame
    assert list(df.columns) == GRANT_COLUMNS
    try:
        import pyarrow as pa
    except ImportError:
        return
    table = pa.table(program.grants_table(as_of))
    assert list(df.columns) == table.column_names
    for name in table.column_names:
        want = table.column(name).to_pylist()
        got = df[name].tolist()
        if pa.types.is_list(table.schema.field(name).type) or pa.types.is_large_list(table.schema.field(name).type):
            want = [tuple(x) for x in want]
        elif pa.types.is_date(table.schema.field(name).type):
            got = [None if pd.isna(x) else (x.date() if hasattr(x, "date") else x) for x in got]
        else:
            got = [None if not isinstance(x, (str, tuple)) and pd.isna(x) else x for x in got]
        assert got == want, name


def test_to_frame_is_the_arrow_table(caaht):
    _same_as_the_arrow_table(caaht)
    _same_as_the_arrow_table(grantfolio.synthetic.program(grants=500, transactions=0, seed=4), as_of=date(2010, 1, 1))


def test_coverage_and_timeline_ids_are_tuples(caaht):
    q = caaht.coverage_frame("qark").set_index("area")
    assert all(isinstance(x, tuple) for x in q["grant_ids"]) and "G09" in q.loc["Fier", "grant_ids"]
    assert (q["grant_ids"].map(len) == q["grants"]).all()
    t = caaht.timeline_frame()
    assert t.iloc[0]["grant_ids"] == ("G01",) or len(t.iloc[0]["grant_ids"]) == t.iloc[0]["active"]
    assert (t["grant_ids"].map(len) == t["active"]).all()


def test_transactions_frame_minor_units_feed_convert_many():
    p = grantfolio.synthetic.program(grants=200, transactions=3000, seed=9)
    tx = p.transactions_frame()
    assert tx["minor_units"].dtype == "int64"
    for a, c, m in zip(tx["amount"], tx["currency"], tx["minor_units"]):
        assert Decimal(int(m)) / grantfolio.Money(1, c).minor_units == a
    imf = grantfolio.rates.imf_annual()
    d = tx[(tx["kind"] == "disbursement")]
    per_grant = imf.convert_many(d["minor_units"], d["currency"], d["value_date"], to="USD", missing="last-known",
                                 by=d["grant"].cat.codes, groups=len(p))
    totals = p.converted_totals(imf, to="USD", by="grant", missing="last-known")
    want = dict(zip(totals["grant"], totals["total"]))
    got = {p.grants[k].id: Decimal(int(v)).scaleb(-2) for k, v in enumerate(per_grant) if p.grants[k].id in want}
    assert got == want
    # A note is None where there is none, as in the Arrow table.
    assert tx["note"].map(lambda x: x is None or isinstance(x, str)).all()


def test_minor_units_missing_where_not_whole(tmp_path):
    def edit(j):
        j["grants"][0]["transactions"] = [
            {"amount": "10.25", "currency": "USD", "kind": "disbursement", "value_date": "2005-03-01", "note": ""},
            {"amount": "0.005", "currency": "USD", "kind": "disbursement", "value_date": "2005-03-02", "note": "half a cent"},
            {"amount": "7", "currency": "XDR", "kind": "disbursement", "value_date": "2005-03-03", "note": ""},
            {"amount": "1200", "currency": "JPY", "kind": "refund", "value_date": "2005-03-04", "note": ""}]

    p = _edited_caaht(tmp_path, edit)
    with pytest.warns(grantfolio.GrantfolioWarning, match=r"2 transaction\(s\) .* \(first: row 1\)"):
        tx = p.transactions_frame()
    assert str(tx["minor_units"].dtype) == "Int64"
    assert tx["minor_units"].tolist() == [1025, pd.NA, pd.NA, 1200]
    assert tx["amount"].tolist() == [Decimal("10.25"), Decimal("0.005"), Decimal("7"), Decimal("1200")]
    assert tx["note"].tolist() == [None, "half a cent", None, None]


def test_to_frame_texts_dates_and_categories_at_the_edges(tmp_path):
    titles = {"G01": "Ελληνικά και 中文 🙂", "G02": "Çelësi i Shqipërisë", "G03": "plain ascii"}

    def edit(j):
        for g in j["grants"]:
            g["title"] = titles.get(g["id"], g["title"])
            if g["id"] == "G02":
                g["planned_end"] = "2300-01-31"  # beyond datetime64[ns]
        # two grantees that share a name (distinct organisations)
        j["organizations"][1]["name"] = j["organizations"][0]["name"]
        for g in j["grants"]:
            if g["grantee"]["id"] == j["organizations"][1]["id"]:
                g["grantee"]["name"] = j["organizations"][0]["name"]
        # a gazetteer with more districts than a 64-bit mask holds
        j["places"] += [{"id": f"D-X{k}", "level": "district", "name": f"X{k}", "definite": f"X{k}", "genitive": f"X{k}",
                         "parent": "Q-BERAT", "code": None, "aliases": []} for k in range(70)]
        for g in j["grants"]:
            if g["id"] == "G03":
                g["sites"] = [dict(g["sites"][0], name=f"X{k}", level="district", place_id=f"D-X{k}", as_written=f"X{k}",
                                   district=f"X{k}", qark="Berat", note=None) for k in (65, 3, 65)]

    p = _edited_caaht(tmp_path, edit)
    df = p.to_frame().set_index("id")
    for gid, title in titles.items():
        assert df.loc[gid, "title"] == title
    # a column with a date out of datetime64[ns]'s range holds datetime.date objects instead
    assert df.loc["G02", "planned_end"] == date(2300, 1, 31) and df.loc["G01", "planned_end"] == date(2006, 7, 31)
    assert str(df["planned_start"].dtype) == "datetime64[ns]"
    # grantees by name: one category for the two organisations; their ids stay apart
    orgs = p.organizations
    shared = [g for g in p.grants if g.grantee in (orgs[0].id, orgs[1].id)]
    assert len({df.loc[g.id, "grantee"] for g in shared}) == 1
    assert {df.loc[g.id, "grantee_id"] for g in shared} == {g.grantee for g in shared}
    # 70 more districts than a 64-bit set holds; a repeated site is named once, in the sites' order.
    assert df.loc["G03", "districts"] == ("X65", "X3") and df.loc["G03", "qarqe"] == ("Berat",)
    for col in ("grantee", "grantee_id", "status", "reporting_org"):
        _same_as_public_constructors(df[col])
    _same_as_the_arrow_table(p)


def test_award_columns_keep_every_amount_exact(tmp_path):
    awards = {"G01": ("2097624", "USD"), "G02": ("0.5", "USD"), "G03": ("1200", "JPY"), "G04": ("98.1234", "ALL")}

    def edit(j):
        for g in j["grants"]:
            if g["id"] in awards:
                g["award"] = {"amount": awards[g["id"]][0], "currency": awards[g["id"]][1]}

    df = _edited_caaht(tmp_path, edit).to_frame().set_index("id")
    for gid, (amount, cur) in awards.items():
        assert (df.loc[gid, "award_amount"], df.loc[gid, "award_currency"]) == (Decimal(amount), cur)
    assert df.loc["G05", "award_amount"] is None and df.loc["G05", "award_currency"] is None
    pa = pytest.importorskip("pyarrow")
    p = _edited_caaht(tmp_path, edit)
    table = pa.table(p)
    assert table.schema.field("award_amount").type == pa.decimal128(38, 4)  # the finest award's scale
    assert table.column("award_currency").combine_chunks().dictionary.to_pylist() == ["ALL", "JPY", "USD"]
    assert table.column("award_amount").null_count == 20
    _same_as_the_arrow_table(p)

    # No decimal128 scale holds 12 integer digits beside 29 decimals: exact text, said in the metadata.
    awards.update(G05=("123456789012", "USD"), G06=("0.00000000000000000000000000001", "USD"))
    p = _edited_caaht(tmp_path, edit)
    table = pa.table(p)
    field = table.schema.field("award_amount")
    assert field.type == pa.string() and b"grantfolio:decimal" in field.metadata
    got = dict(zip(table.column("id").to_pylist(), table.column("award_amount").to_pylist()))
    assert Decimal(got["G05"]) == Decimal("123456789012") and Decimal(got["G06"]) == Decimal("1e-29")
    assert got["G07"] is None


def test_to_frame_threads_agree():
    p = grantfolio.synthetic.program(grants=70_000, transactions=0, seed=5)  # enough grants to be split
    one = p.to_frame(as_of=date(2010, 1, 1), threads=1)
    two = p.to_frame(as_of=date(2010, 1, 1), threads=2)
    pd.testing.assert_frame_equal(one, two)
    # The Arrow table is built in parts too (bounds at multiples of 64 rows): the same values.
    _same_as_the_arrow_table(p, as_of=date(2010, 1, 1), frame=one)
    _same_as_public_constructors(one["grantee"])
    # Grants with the same places share one (immutable) tuple: as many objects as distinct sets.
    for col in ("qarqe", "districts", "partners"):
        assert len({id(x) for x in one[col]}) == len(set(one[col]))
    _same_as_the_arrow_table(p, as_of=date(2010, 1, 1), frame=one)
