import re
from datetime import date

import pytest

import grantfolio


@pytest.fixture(scope="module")
def caaht():
    return grantfolio.datasets.caaht_2006()


@pytest.fixture(scope="module")
def pages(caaht):
    return {lang: grantfolio.report.html(caaht, lang=lang, currency="ALL") for lang in ("en", "sq")}


def _grant_rows(page):
    table = re.search(r'<table class="grants">.*?</table>', page, re.S).group(0)
    return re.findall(r"<tr><td>(G\d\d)</td>", table)


def test_the_report_has_every_section_in_order(pages):
    en = pages["en"]
    headings = re.findall(r"<h2>(.*?)(?: \(\d+\))?</h2>", en)
    assert headings == ["At a glance", "The grants", "Phases", "Grantees and partners", "Where the work was", "When",
                        "Durations", "Money", "Data quality"]
    assert _grant_rows(en) == [f"G{k:02d}" for k in range(1, 25)]
    assert en.count("<svg") == 3  # map, timeline, grants active per month


def test_the_report_is_self_contained(pages):
    for page in pages.values():
        assert "<script" not in page and "src=" not in page and "<link" not in page
        assert "dc:date" not in page  # no wall clock written


def test_albanian_numbers_dates_and_labels(pages):
    sq = pages["sq"]
    assert '<html lang="sq">' in sq
    assert "209.762.381 Lek" in sq and "2.097.624 USD" in sq
    assert "1 shkurt 2005" in sq and "31 korrik 2006" in sq
    assert "Rrethe pa asnjë grant (9)" in sq
    assert "ku u zbatuan grantet" in sq and "grante aktive për muaj" in sq  # the charts too
    en = pages["en"]
    assert "209,762,381 ALL" in en and "1 February 2005" in en
    assert "Districts no grant reached (9): Kuçovë, Skrapar, Bulqizë, Mat, Peqin, Mallakastër, Kolonjë, Kurbin, Kavajë" in en


def test_the_rate_its_source_and_date_are_spelled_out(pages):
    en = pages["en"]
    assert "<dt>Converted on 10 May 2006</dt>" in en
    assert "2,097,624 USD = 205,783,998.27 ALL (at 98.1034 ALL per USD, rate from IMF annual average 2006, Albania (AL), " \
           "imf-annual-average-per-usd.csv:82)" in en
    assert "The two stated totals imply 99.99999094 ALL per USD." in en
    assert "IMF annual average 2005: 99.87 ALL per USD" in en
    # CAAHT's listing gives no amount per grant: said, not left blank.
    assert "The source gives no amount per grant" in en


def test_early_closure_nationwide_and_qark_only_grants_are_said_apart(pages):
    en = pages["en"]
    assert "<strong>closed early on 28 February 2006</strong>" in en  # G15
    assert "For the whole country (reach every district, not counted in an area): G01, G02, G10" in en
    assert "Sited only at qark level (counted in their qark, in no district): G04" in en


def test_every_grant_names_the_listing_line_it_was_read_from(caaht, pages):
    en, sq = pages["en"], pages["sq"]
    table = re.search(r'<table class="grants">.*?</table>', en, re.S).group(0)
    assert "<th>Line</th>" in table
    lines = re.findall(r"<tr><td>(G\d\d)</td>.*?<td>(\d+)</td></tr>", table)
    assert lines == [(g.id, str(g.source.line)) for g in caaht.grants]
    assert lines[0] == ("G01", "58") and lines[-1] == ("G24", "534")
    assert "Line: where the grant&#x27;s record starts in caaht-grants-2006-05-10.sq.txt." in en
    assert "<th>Rreshti</th>" in sq and "Rreshti: ku fillon regjistrimi i grantit në caaht-grants-2006-05-10.sq.txt." in sq
    # The totals name the lines they were read from, the phases the line of their heading.
    assert "2,097,624 USD (caaht-grants-2006-05-10.sq.txt, lines 1–46: the introduction)" in en
    assert "209.762.381 Lek (caaht-grants-2006-05-10.sq.txt, rreshtat 1–46: hyrja)" in sq
    phases = re.search(r"<h2>Phases</h2><table.*?</table>", en, re.S).group(0)
    assert re.findall(r"<tr><td>(\d)</td>.*?<td>(\d+)</td></tr>", phases) == [("1", "56"), ("2", "149"), ("3", "288")]
    # An IATI activity names its line in the XML file too.
    import pathlib
    dfid = pathlib.Path(__file__).parents[1] / "cpp" / "data" / "iati" / "dfid-gb-1-109616-2.01.xml"
    page = grantfolio.report.html(grantfolio.read(dfid), currency="GBP")
    assert re.search(r"<tr><td>GB-1-109616-101</td>.*?<td>28</td></tr>", page)


def test_data_quality_is_everything_validate_says_with_its_lines(pages):
    # CAAHT: the two notes `grantfolio validate` prints, the rate check included.
    quality = re.search(r"<h2>Data quality \(2\)</h2><table.*?</table>", pages["en"], re.S).group(0)
    assert "no grant has an award" in quality and "1.93% apart" in quality
    # A listing read from a file: what reading reported, then what validate finds, each with its line
    # (the CLI prints the same: tests/cli/broken-listing.txt:4:14 and :2).
    import pathlib
    import warnings

    broken = pathlib.Path(__file__).parents[1] / "cli" / "broken-listing.txt"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", grantfolio.ReadWarning)
        program = grantfolio.read(broken)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no chart complains of having no dates to draw
        page = grantfolio.report.html(program)
    assert "no grant has planned dates: nothing to draw" in page
    rows = re.findall(r"<tr><td>(error|warning|info)</td><td>(\d+|—)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>",
                      re.search(r"<h2>Data quality \(6\)</h2><table.*?</table>", page, re.S).group(0))
    assert rows[0] == ("error", "4", "G01", "duration", "31 shkurt 2006 is not a calendar date")
    assert ("info", "—", "", "revised", "no revision date found in the page footers") in rows
    assert rows[-1] == ("warning", "2", "G01", "sites", "unknown place &#x27;Atlantida&#x27;, kept as written")


def test_the_same_report_gives_the_same_bytes(caaht, pages):
    assert grantfolio.report.html(caaht, lang="en", currency="ALL") == pages["en"]


def test_written_whole_under_the_path_asked_for(caaht, tmp_path):
    target = tmp_path / "caaht.en.html"
    grantfolio.report.write_html(caaht, target, as_of=date(2006, 1, 15))
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["caaht.en.html"]  # no temporary file left
    with pytest.raises(ValueError, match="lang must be one of en, sq"):
        grantfolio.report.write_html(caaht, tmp_path / "x.html", lang="fr")
    assert not (tmp_path / "x.html").exists()


def test_from_the_command_line(tmp_path):
    from grantfolio.__main__ import main

    out = tmp_path / "r.html"
    assert main(["report", "--lang", "sq", "--as-of", "2006-01-15", "-o", str(out)]) == 0
    assert "Gjendja më 15 janar 2006" in out.read_text(encoding="utf-8")
    assert main(["export"]) == 2


def test_the_command_line_says_what_reading_changed(tmp_path, capsys):
    import pathlib

    from grantfolio.__main__ import main

    indonesia = pathlib.Path(__file__).parents[1] / "cpp" / "data" / "iati" / "es-maec-indonesia-2.01.xml"
    assert main(["report", str(indonesia), "-o", str(tmp_path / "r.html")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"grantfolio: warning: {indonesia}: ") and err[0].endswith(f"'grantfolio validate {indonesia}' lists them all")
    assert err[1] == f"grantfolio: wrote {tmp_path / 'r.html'}" and len(err) == 2
    assert main(["report", str(tmp_path), "-o", str(tmp_path / "x.html")]) == grantfolio.report.REFUSED
    assert capsys.readouterr().err.endswith(f"nothing written to {tmp_path / 'x.html'}\n")


@pytest.mark.filterwarnings("ignore::grantfolio.ReadWarning")  # the file's own findings
def test_any_source_gets_the_same_sections():
    import pathlib

    indonesia = pathlib.Path(__file__).parents[1] / "cpp" / "data" / "iati" / "es-maec-indonesia-2.01.xml"
    page = grantfolio.report.html(grantfolio.read(indonesia))
    assert "<h2>The grants" in page and "<h2>Where the work was</h2>" in page
    assert "no area for the programme&#x27;s qarqe" in page  # no base map for Indonesia: said where the map would be
    # Places by what the activities state: Indonesia, in every one of the file's activities that names a country.
    assert re.search(r"<h3>By recipient country</h3><table.*?<td>ID</td><td>\d+</td>", page)
    assert "<h3>By qark</h3>" not in page
    # Its activities have transactions: spending against time, per grant, or why there is none.
    assert "<h3>Spending against time on " in page
