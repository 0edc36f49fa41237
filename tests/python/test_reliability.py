"""Hostile input never kills the interpreter (a notebook's kernel), and saves refuse what is not a file."""
import os
import pickle
import re
import zlib
from datetime import date
from decimal import Decimal

import pytest

import grantfolio

TRAILER = b"\ngrantfolio-crc32 "


def reseal(body: bytes) -> bytes:
    return body + TRAILER + b"%08x\n" % zlib.crc32(body)


def test_an_xml_archive_without_its_closing_tag_raises_instead_of_aborting(tmp_path):
    path = tmp_path / "caaht.xml"
    grantfolio.datasets.caaht_2006().save(str(path), format="xml")
    data = path.read_bytes()
    body = data[:data.rfind(TRAILER)]
    # The checksum re-sealed, so the archive reader itself meets the missing tag; before the fix
    # Boost threw from the archive's destructor and the process ended with SIGABRT.
    path.write_bytes(reseal(body[:body.rfind(b"</boost_serialization>")]))
    with pytest.raises(grantfolio.Error, match="closing </boost_serialization> tag"):
        grantfolio.read(path)
    path.write_bytes(reseal(body + b"<junk"))
    with pytest.raises(grantfolio.Error, match="unexpected content after the programme"):
        grantfolio.read(path)


def test_text_that_is_not_utf8_is_refused_where_it_stands(tmp_path):
    path = tmp_path / "bad.xml"
    path.write_bytes(b'<?xml version="1.0"?>\n<iati-activities version="2.03">\n  <iati-activity>\xff</iati-activity>\n'
                     b"</iati-activities>\n")
    with pytest.raises(grantfolio.ParseError) as e:
        grantfolio.read(path)
    assert (e.value.line, e.value.column) == (3, 18)


def test_a_save_replaces_only_a_regular_file(tmp_path):
    p = grantfolio.datasets.caaht_2006()
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(grantfolio.Error, match="it is a directory"):
        p.save(str(folder), format="json")
    assert folder.is_dir() and not any(folder.iterdir())
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(grantfolio.Error, match="it is a FIFO"):
        p.save(str(fifo), format="xml")
    target = tmp_path / "target.bin"
    link = tmp_path / "link.bin"
    link.symlink_to("target.bin")
    p.save(str(link))
    assert link.is_symlink() and grantfolio.read(target) == p


def test_every_hostile_seed_raises_a_grantfolio_error_with_its_place():
    # The hostile cases (tests/fuzz/make_hostile_seeds.py), read as a notebook would.
    root = os.path.join(os.path.dirname(__file__), "..", "fuzz", "regressions")
    seen = 0
    for target in ("archive", "json", "giving360", "iati", "source"):
        folder = os.path.join(root, target)
        for name in sorted(os.listdir(folder)):
            if not name.startswith("hostile-"):
                continue
            path = os.path.join(folder, name)
            # strict: a value the reader does not keep (an IATI amount 1e2, currency XXX) is an
            # error too, where without it the rest of the file is read and a ReadWarning says so.
            with pytest.raises(grantfolio.Error) as e:
                grantfolio.read(path, strict=True)
            assert path in str(e.value), str(e.value)
            seen += 1
    assert seen >= 15


def test_a_bad_value_costs_that_value_a_warning_and_an_entry_in_diagnostics():
    path = os.path.join(os.path.dirname(__file__), "..", "cli", "iati-one-bad-value.xml")
    with pytest.warns(grantfolio.ReadWarning) as seen:
        p = grantfolio.read(path)
    assert re.search(r": 2 planned dates of 2 activities not kept, 1 transaction of 1 activity not kept; first at .*iati-one-bad-value.xml:24:", str(seen[0].message))
    # The summary, then each problem with its line.
    assert len(seen) == 4 and all(issubclass(w.category, grantfolio.GrantfolioWarning) for w in seen)
    assert str(seen[1].message).startswith(path + ":24:")
    assert [g.id for g in p.grants] == ["XM-T-1", "XM-T-2"]
    assert len(p.transactions_of("XM-T-2")) == 1
    lost = [d for d in p.diagnostics if d.effect == "not kept" and d.element == "transaction"]
    assert [(d.subject, d.line) for d in lost] == [("XM-T-2", 24)]
    (d,) = [d for d in p.diagnostics if d.severity == "error"]
    assert (d.line, d.subject) == (24, "XM-T-2")
    assert d.field.endswith("/transaction[2]/value/@currency")
    assert "the transaction ('25') is not kept" in d.message
    assert str(d).startswith(path + ":24:")
    with pytest.raises(grantfolio.ParseError, match=r"strict=True"):
        grantfolio.read(path, strict=True)


def test_read_takes_paths_and_refuses_what_is_not_one():
    import pathlib
    import warnings
    path = pathlib.Path(__file__).parent.parent / "cli" / "iati-one-bad-value.xml"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", grantfolio.ReadWarning)
        assert len(grantfolio.read(path).grants) == 2
        assert len(grantfolio.read(os.fsencode(path)).grants) == 2
    with pytest.raises(TypeError, match="takes a path"):
        grantfolio.read(None)
    assert grantfolio.datasets.caaht_2006().diagnostics == ()


def test_a_damaged_pickle_raises_instead_of_crashing():
    import pickle
    data = pickle.dumps(grantfolio.datasets.caaht_2006())
    for cut in (len(data) // 3, len(data) // 2, len(data) - 40):
        with pytest.raises((grantfolio.Error, pickle.UnpicklingError, EOFError)):
            pickle.loads(data[:cut])


def test_an_iati_grant_knows_its_publisher_and_the_status_it_states():
    shared = os.environ.get("GRANTFOLIO_SHARED_DATA") or os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data")
    p = grantfolio.read(os.path.join(shared, "iati", "activity-standard-example-annotated-2.03.xml"))
    (g,) = p.grants
    assert (g.reporting_org, g.stated_status) == ("AA-AAA-123456789", "implementation")
    caaht = grantfolio.datasets.caaht_2006().grants[0]
    assert (caaht.reporting_org, caaht.stated_status) == (None, None)  # a listing states neither


def test_an_iati_grant_and_parent_keep_the_record_they_were_read_from():
    # A UK programme (the parent activity, now a phase) and its projects (the grants), IATI 2.01.
    fixture = os.path.join(os.path.dirname(__file__), "..", "cpp", "data", "iati", "dfid-gb-1-109616-2.01.xml")
    p = grantfolio.read(fixture)
    g = p.grants[0]
    assert (g.source.format, g.source.version) == ("iati", "2.01")
    assert g.source.text.startswith("<iati-activity") and g.id in g.source.text
    parents = [ph for ph in p.phases if ph.source is not None]
    assert len(parents) == 3 and all("<iati-identifier>GB-1-" in ph.source.text for ph in parents)
    assert pickle.loads(pickle.dumps(p)).grants[0].source == g.source  # nothing lost in a pickle
    # Each record says where it starts in the file (the activity elements on lines 28 and 140).
    assert (g.source.line, [ph.source.line for ph in parents]) == (28, [1, 140, 507])
    # A listing's grant keeps its lines: G01's record runs from its title (line 58) to its last
    # description line, as read.
    listing = grantfolio.datasets.caaht_2006().grants[0].source
    assert (listing.format, listing.version, listing.line) == ("listing", "", 58)
    assert listing.text.startswith("Titulli i Projektit: Zgjerimi") and "OJQ-ja:" in listing.text
    assert repr(listing) == "SourceRecord('listing', '', %d bytes, line 58)" % len(listing.text.encode())
    caaht = grantfolio.datasets.caaht_2006()
    assert caaht.introduction.line == 1 and "US$ 2,097,624" in caaht.introduction.text
    assert [ph.source.line for ph in caaht.phases] == [56, 149, 288]
    assert p.introduction is None  # an IATI file has no introduction


def test_every_path_argument_takes_os_pathlike(tmp_path):
    # read() took a Path; save() and RateTable.from_csv() raised TypeError.
    p = grantfolio.datasets.caaht_2006()
    target = tmp_path / "caaht.bin"
    p.save(target)
    assert grantfolio.read(target) == p
    rates = tmp_path / "rates.csv"
    rates.write_text("base,quote,rate,valid_from,valid_to,source\nUSD,GBP,1.5,2006-01-01,2006-12-31,test\n")
    assert len(grantfolio.RateTable.from_csv(rates)) == 1


def test_file_problems_are_oserrors_of_the_right_kind_and_grantfolio_errors(tmp_path):
    import errno
    missing = tmp_path / "nope.bin"
    for call in (lambda: grantfolio.read(missing), lambda: grantfolio.RateTable.from_csv(missing),
                 lambda: grantfolio.datasets.caaht_2006().save(tmp_path / "no-such-folder" / "x.bin")):
        with pytest.raises(FileNotFoundError) as e:
            call()
        assert isinstance(e.value, grantfolio.Error) and isinstance(e.value, grantfolio.FileNotFound)
        assert e.value.errno == errno.ENOENT and e.value.filename
    with pytest.raises(IsADirectoryError) as e:
        grantfolio.read(tmp_path)
    assert isinstance(e.value, grantfolio.FileError) and str(tmp_path) in str(e.value)
    if os.geteuid() != 0:  # root reads anything
        locked = tmp_path / "locked.json"
        locked.write_text("{}")
        locked.chmod(0)
        with pytest.raises(PermissionError):
            grantfolio.read(locked)
    namespace = {}
    exec("from grantfolio import *", namespace)
    import builtins
    assert not [n for n in namespace if n != "__builtins__" and hasattr(builtins, n)]  # nothing shadows a builtin


def test_an_unknown_grant_id_is_a_key_error_everywhere():
    p = grantfolio.datasets.caaht_2006()
    for call in (lambda: p.grant("nope"), lambda: p.transactions_of("nope")):
        with pytest.raises(KeyError, match="no grant 'nope'"):
            call()


def test_a_missing_rate_names_its_pair_and_day_and_a_parse_error_its_place(tmp_path):
    from datetime import date
    table = grantfolio.rates.imf_annual()
    with pytest.raises(grantfolio.MissingRate) as e:
        table.convert(grantfolio.Money("1", "USD"), "ALL", on=date(2030, 1, 1))
    assert (e.value.base, e.value.quote, e.value.on) == ("USD", "ALL", date(2030, 1, 1))
    bad = tmp_path / "bad.json"
    bad.write_text('{"grants": [\n  {"id": }]}')
    with pytest.raises(grantfolio.ParseError) as p:
        grantfolio.read(bad)
    assert (p.value.path, p.value.line) == (str(bad), 2)


def test_participants_sectors_and_recipient_places_are_typed():
    shared = os.environ.get("GRANTFOLIO_SHARED_DATA") or os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data")
    p = grantfolio.read(os.path.join(shared, "iati", "activity-standard-example-annotated-2.03.xml"))
    (g,) = p.grants
    assert [(x.role, x.org, x.type, x.activity_id) for x in g.participants] == [
        ("funding", "BB-BBB-123456789", "40", "BB-BBB-123456789-1234"),
        ("accountable", "CC-CCC-123456789", "10", "CC-CCC-123456789-1234"),
        ("extending", "AA-AAA-123456789", "21", "AA-AAA-123456789-1234"),
    ]
    assert g.participants[2].crs_channel == "000000" and g.participants[0].crs_channel is None
    assert [(c.code, c.vocabulary, c.percentage) for c in g.sectors] == [
        ("111", "2", Decimal("50")), ("112", "2", Decimal("50")), ("A1", "99", Decimal("100"))]
    assert g.sectors[2].vocabulary_uri == "http://example.com/vocab.html"
    assert [(c.code, c.vocabulary, c.percentage) for c in g.recipient_countries] == [("AF", None, Decimal("25")), ("AG", None, Decimal("25"))]
    assert sum(c.percentage for c in g.recipient_countries + g.recipient_regions) == 100
    assert "Classification('111', vocabulary='2', percentage=50)" == repr(g.sectors[0])
    back = pickle.loads(pickle.dumps(p)).grants[0]
    assert back.participants == g.participants and back.sectors == g.sectors and back.recipient_regions == g.recipient_regions
    caaht = grantfolio.datasets.caaht_2006().grants[0]
    assert (caaht.participants, caaht.sectors, caaht.recipient_countries) == ([], [], [])  # a listing states no roles


def test_titles_and_descriptions_in_every_language():
    shared = os.environ.get("GRANTFOLIO_SHARED_DATA") or os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data")
    p = grantfolio.read(os.path.join(shared, "iati", "activity-standard-example-annotated-2.03.xml"))
    (g,) = p.grants
    assert g.language == "en"
    assert [(n.language, n.text) for n in g.titles] == [(None, "Activity title"), ("fr", "Titre de l'activité"), ("es", "Título de la actividad")]
    assert [d.type for d in g.descriptions] == ["1", "2", "3"]
    assert g.descriptions[1].narratives[1].text.startswith("Objectifs de l'activité")
    assert repr(g.titles[1]) == "Narrative('fr', \"Titre de l'activité\")"
    assert repr(g.descriptions[0]) == "Description(type='1', 2 narratives)"
    back = pickle.loads(pickle.dumps(p)).grants[0]
    assert (back.language, back.titles, back.descriptions) == (g.language, g.titles, g.descriptions)


def test_locations_tags_policy_markers_relations_and_documents():
    shared = os.environ.get("GRANTFOLIO_SHARED_DATA") or os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data")
    p = grantfolio.read(os.path.join(shared, "iati", "activity-standard-example-annotated-2.03.xml"))
    (g,) = p.grants
    kan = g.sites[0]
    assert (kan.as_written, kan.note) == ("Location name", "Location description")
    assert kan.point == (Decimal("31.616944"), Decimal("65.716944"))
    assert kan.detail["ref"] == "AF-KAN" and kan.detail["exactness"] == "1" and kan.detail["feature_designation"] == "ADMF"
    assert kan.detail["administrative"] == [{"vocabulary": "G1", "code": "1453782", "level": "1"}]
    assert kan.detail["point"]["srs_name"] == "http://www.opengis.net/def/crs/EPSG/0/4326"
    assert [n.text for n in kan.detail["activity_descriptions"]] == ["A description that qualifies the activity taking place at the location."]
    assert [(t.code, t.vocabulary, t.narratives[0].text) for t in g.coded_tags] == [
        ("1", "1", "A description of the tag"), ("T1", "99", "A description of the tag")]
    assert g.sectors[2].narratives[0].text == "A description of the sector" and g.sectors[0].narratives == []
    assert [(m.vocabulary, m.code, m.significance) for m in g.policy_markers][:2] == [("1", "2", "3"), ("1", "9", "4")]
    assert repr(g.policy_markers[0]) == "PolicyMarker('2', significance='3')"
    scope = g.humanitarian_scopes[0]
    assert (scope.type, scope.vocabulary, scope.code) == ("1", "1-2", "EQ-2015-000048-NPL")
    assert [n.language for n in scope.narratives] == [None, "fr"]
    assert [(r.ref, r.type) for r in g.related_activities] == [("AA-AAA-123456789-6789", "1")]
    doc = g.document_links[0]
    assert (doc.format, doc.categories, doc.languages, doc.document_date) == (
        "application/vnd.oasis.opendocument.text", ["A01"], ["en"], date(2014, 2, 5))
    assert [n.text for n in doc.titles] == ["Project Report 2013", "Rapport de projet 2013"]
    back = pickle.loads(pickle.dumps(p)).grants[0]
    assert (back.sites, back.coded_tags, back.policy_markers, back.humanitarian_scopes, back.related_activities, back.document_links) == (
        g.sites, g.coded_tags, g.policy_markers, g.humanitarian_scopes, g.related_activities, g.document_links)
    caaht = grantfolio.datasets.caaht_2006().grants[0]
    assert caaht.sites[0].detail == {} and caaht.sites[0].point is None  # a listing names places, no points


def test_a_transaction_says_all_its_source_says():
    shared = os.environ.get("GRANTFOLIO_SHARED_DATA") or os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data")
    p = grantfolio.read(os.path.join(shared, "iati", "activity-standard-example-annotated-2.03.xml"))
    (g,) = p.grants
    budget, planned, _, incoming = p.transactions_of(g.id)
    assert (budget.kind, budget.note) == ("budget", "")  # no longer a note: the budget's own fields
    assert budget.detail == {"period_start": date(2014, 1, 1), "period_end": date(2014, 12, 31), "type": "1", "status": "1"}
    assert planned.detail["provider"] == {"org": "BB-BBB-123456789", "activity_id": "BB-BBB-123456789-1234AA", "type": "10", "name": "Agency B"}
    assert incoming.transaction_date == date(2012, 1, 1) and incoming.note == "Transaction description text"  # the value date too
    d = incoming.detail
    assert (d["ref"], d["humanitarian"], d["flow_type"], d["finance_type"], d["tied_status"]) == ("1234", "1", "10", "110", "3")
    assert [(c.code, c.vocabulary) for c in d["aid_types"]] == [("A01", "1"), ("1", "2")]
    assert d["receiver"]["activity_id"] == "AA-AAA-123456789-1234"
    assert pickle.loads(pickle.dumps(p)).transactions_of(g.id)[3].detail == d
