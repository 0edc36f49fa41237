import copy
import json
import pathlib
import pickle
import warnings
from datetime import date
from decimal import Decimal

import pytest

import grantfolio
from grantfolio import Money

HERE = pathlib.Path(__file__).parent


@pytest.fixture(scope="module")
def caaht():
    return grantfolio.datasets.caaht_2006()


def test_caaht(caaht):
    assert len(caaht) == 24 and len(caaht.grants) == 24
    assert [p.number for p in caaht.phases] == [1, 2, 3]
    assert caaht.acronym() == "CAAHT" and caaht.acronym("sq") == "KVKTNj"
    assert caaht.donor.acronym == "USAID"
    assert caaht.revised_on == date(2006, 5, 10)
    assert caaht.totals == [Money("2097624", "USD"), Money("209762381", "ALL")]
    assert len({g.grantee for g in caaht.grants}) == 22
    g15 = caaht.grant("G15")
    assert g15.closed_early and g15.actual_end == date(2006, 2, 28)
    assert g15.planned_start == date(2005, 10, 1) and g15.planned_end == date(2006, 7, 31)
    assert g15.status_on(date(2006, 3, 15)) == "closed-early"
    assert sum(g.active_on(date(2006, 1, 15)) for g in caaht.grants) == 21
    g09 = caaht.grant("G09")
    assert [s.place for s in g09.sites][-2:] == ["C-NOVOSELE", "C-LEVAN"]
    assert caaht.place("C-NOVOSELE").parent == "D-VLORE"
    assert caaht.organization("vatra").spellings == ["Qendra Psiko-Sociale“Vatra”", "Qendra Psiko-sociale “Vatra”"]
    with pytest.raises(KeyError):
        caaht.grant("G99")


def test_pickle_copy_and_equality(caaht):
    assert pickle.loads(pickle.dumps(caaht)) == caaht
    assert copy.copy(caaht) == caaht and copy.deepcopy(caaht) == caaht
    m = Money("12.30", "ALL")
    assert pickle.loads(pickle.dumps(m)) == m and copy.deepcopy(m) == m
    assert hash(Money("1.5", "USD")) == hash(Money("1.50", "USD"))


def test_version_1_pickles_still_load():
    """Pickles written by grantfolio 0.1.0 (format version 1): every later release must read them."""
    caaht = pickle.loads((HERE / "data" / "caaht-v1.pickle").read_bytes())
    assert caaht == grantfolio.read(HERE.parent / "cpp" / "data" / "caaht-v1.json")
    money = pickle.loads((HERE / "data" / "money-v1.pickle").read_bytes())
    assert money == Money("205783998.27", "ALL")


def test_read_and_save_every_format(tmp_path, caaht):
    for fmt in ("binary", "xml", "text", "json"):
        path = tmp_path / f"caaht.{fmt}"
        caaht.save(path.as_posix(), format=fmt)
        assert grantfolio.read(path) == caaht, fmt
    listing = HERE.parents[2] / "shared" / "data" / "listings" / "caaht-grants-2006-05-10.sq.txt"
    assert len(grantfolio.read(listing).grants) == 24
    profile = HERE.parents[1] / "data" / "programs" / "caaht-2006" / "listing-profile.json"
    assert grantfolio.read(listing, listing_profile=profile).grants == grantfolio.read(listing).grants
    with pytest.raises(grantfolio.ParseError, match="not a listing profile"):
        grantfolio.read(listing, listing_profile=path)  # a JSON export is not a profile
    with pytest.raises(TypeError, match="listing_profile takes a path"):
        grantfolio.read(listing, listing_profile=3)
    with pytest.raises(ValueError, match="unknown format 'yaml' .save writes binary, xml, text, json, iati or 360giving"):
        caaht.save((tmp_path / "x").as_posix(), format="yaml")
    assert not (tmp_path / "x").exists()


def test_publishable_exports(tmp_path, caaht):
    xml = caaht.to_iati(org_id="US-GOV-1", generated_at="2006-05-10T00:00:00Z")
    assert '<iati-identifier>US-GOV-1-G01</iati-identifier>' in xml
    assert '<other-identifier ref="G01" type="A1" />' in xml
    assert 'generated-datetime="2006-05-10T00:00:00Z"' in xml and 'xml:lang="sq"' in xml
    (tmp_path / "caaht.xml").write_text(xml, encoding="utf-8")
    back = grantfolio.read(tmp_path / "caaht.xml")
    assert [g.id for g in back.grants] == ["US-GOV-1-" + g.id for g in caaht.grants]
    with pytest.raises(ValueError, match="'US GOV' cannot prefix activity identifiers"):
        caaht.to_iati(org_id="US GOV")
    package = json.loads(caaht.to_360giving(prefix="360G-caaht"))
    g15 = next(g for g in package["grants"] if g["id"] == "360G-caaht-G15")
    assert g15["actualDates"] == [{"endDate": "2006-02-28"}]
    assert g15["fundingOrganization"][0]["id"] == "360G-caaht-usaid"
    with pytest.raises(ValueError, match="not a 360Giving prefix"):
        caaht.to_360giving(prefix="GB-CHC-1")
    # IATI's standard ruleset on the export: the listing states no sector (rule 6.2.2, an error per
    # activity) and the ids lack the publisher's identifier (1.1.21, a warning); given both, nothing.
    found = caaht.check_iati_rules(today=date(2026, 12, 8))
    assert {(f["rule"], f["severity"]) for f in found} == {("6.2.2", "error"), ("1.1.21", "warning")}
    assert len(found) == 48 and found[0]["subject"] == "G01" and found[0]["line"] == 3
    assert caaht.check_iati_rules(org_id="US-GOV-1", sectors=["15180"]) == []
    assert caaht.check_iati_rules(org_id="US-GOV-1", sectors=[("15160", 60), ("15180", Decimal("40"))]) == []
    assert {f["rule"] for f in caaht.check_iati_rules(org_id="US-GOV-1", sectors=["15180:50"])} == {"2.1.4"}
    with pytest.raises(TypeError, match="a list of codes"):
        caaht.check_iati_rules(sectors="15180")
    assert '<sector code="15180" vocabulary="1" />' in caaht.to_iati(sectors=["15180"])
    # 360Giving's quality checks: one accuracy warning (a co-funder besides USAID), the rest usefulness notes.
    checks = caaht.check_360giving(prefix="360G-caaht", today="2026-12-08")
    assert [f["rule"] for f in checks if f["severity"] == "warning"] == ["MoreThanOneFundingOrg"]
    assert sum(f["rule"] == "RecipientOrg360GPrefix" for f in checks) == 24
    # save writes both formats (without the publisher's identifiers), and they read back.
    for fmt in ("iati", "360giving"):
        caaht.save(tmp_path / f"caaht.{fmt}", format=fmt)
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            back = grantfolio.read(tmp_path / f"caaht.{fmt}")
        assert [g.id for g in back.grants] == [g.id for g in caaht.grants], fmt
        # The listing states no grant's amount: a package the schema requires them of says so.
        said = [str(w.message) for w in seen]
        assert (fmt == "360giving") == any("has no amountAwarded" in m for m in said), said[:3]


def test_bad_files_are_errors_not_crashes(tmp_path):
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x16" + b"\x00" * 7 + b"serialization::archive" + b"\xff" * 100)
    with pytest.raises(grantfolio.Error, match="truncated|damaged"):
        grantfolio.read(bad)
    with pytest.raises(grantfolio.Error, match="cannot open"):
        grantfolio.read(tmp_path / "missing.bin")


def test_validate_and_synthetic():
    problems = grantfolio.datasets.caaht_2006().validate()
    assert {p["severity"] for p in problems} == {"info"}
    a = grantfolio.synthetic.program(grants=50, transactions=300, seed=4)
    b = grantfolio.synthetic.program(grants=50, transactions=300, seed=4)
    assert a == b and len(a.grants) == 50
    assert a.transaction_count == 300
    assert sum(len(a.transactions_of(g.id)) for g in a.grants) == 300
    assert all(isinstance(t.amount.amount, Decimal) for g in a.grants for t in a.transactions_of(g.id))


def test_html(caaht):
    html = caaht._repr_html_()
    assert "CAAHT" in html and "USAID" not in html or "United States Agency" in html
    assert "closed early" in caaht.grant("G15")._repr_html_()
    assert "<b>USD</b>" in Money("1", "USD")._repr_html_()


def test_read_360giving_keeps_decimals_exact():
    import os
    shared = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data", "360giving")
    # The fixture's grants have no ids and no recipients: said, one warning each, and kept.
    with pytest.warns(grantfolio.ReadWarning) as seen:
        p = grantfolio.read(os.path.join(shared, "fixture-decimal-amounts.json"))
    assert len(seen) == 15 and "7 ids of 7 grants guessed; 7 other warnings" in str(seen[0].message)  # the summary, 14 problems
    df = p.to_frame()
    assert len(df) == 7 and sum(df["award_amount"]) == Decimal("7000.7")


def test_every_name_that_takes_a_date_takes_any_date_like(caaht):
    import matplotlib
    import numpy as np
    import pandas as pd

    matplotlib.use("Agg")
    g15 = caaht.grant("G15")
    for on in (date(2006, 1, 15), "2006-01-15", pd.Timestamp("2006-01-15 12:00"), np.datetime64("2006-01-15"),
               pd.Timestamp("2006-01-15").to_pydatetime()):
        assert g15.status_on(on) == "active" and g15.active_on(on)
        frame = caaht.to_frame(as_of=on)
        assert frame.set_index("id").loc["G15", "status"] == "active"
    assert g15.status_on("2006-03-01") == "closed-early"
    ax = caaht.plot_timeline(as_of="2006-01-15")  # was an IndexError inside matplotlib
    assert ax.lines, "the as-of line is drawn"
    t = grantfolio.RateTable()
    t.add("USD", "ALL", "98.10", pd.Timestamp("2006-01-01"), "2006-12-31", source="test")
    assert t.convert(Money("1", "USD"), "ALL", on=np.datetime64("2006-06-30")) == Money("98.10", "ALL")
    with pytest.raises(ValueError, match="NaT"):
        caaht.to_frame(as_of=pd.NaT)


def test_diff_of_two_revisions():
    caaht = grantfolio.datasets.caaht_2006()
    same = caaht.diff(grantfolio.read(HERE.parent / "cpp" / "data" / "caaht-v7.json"))
    assert (same["changes"], same["matched_by"], same["renumbered"]) == (0, "title and grantee", [])
    # Two unrelated programmes: every grant added and removed, their money in the sums.
    d = grantfolio.read(HERE.parent / "cpp" / "data" / "iati" / "dfid-gb-1-109616-2.01.xml").diff(caaht)
    assert d["matched_by"] == "id" and len(d["removed"]) == 5 and len(d["added"]) == 24
    assert {s["kind"] for s in d["sums"]} >= {"expenditure", "award"}
    with pytest.raises(TypeError):
        caaht.diff(None)


def test_read_a_list_merges_into_one_portfolio():
    data = HERE.parent / "cpp" / "data" / "iati"
    uk, nl = data / "dfid-gb-1-109616-2.01.xml", data / "nl-mfa-2.03.xml"
    with pytest.warns(grantfolio.ReadWarning, match="named 'DFID' here"):
        both = grantfolio.read([uk, nl])
    assert len(both.grants) == len(grantfolio.read(uk).grants) + len(grantfolio.read(nl).grants) == 18
    # The same file twice: each activity once; the merge says so, without a warning (they are identical).
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        twice = grantfolio.read((uk, uk))
    assert len(twice.grants) == 5
    said = [d for d in twice.diagnostics if "published twice" in d.message]
    assert len(said) == 5 and all(d.severity == "info" for d in said)
    with pytest.raises(ValueError, match="at least one path"):
        grantfolio.read([])

