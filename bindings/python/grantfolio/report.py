"""The programme's report as one self-contained HTML file, for people who do not read code: the
programme at a glance, its grants as a table, phases, grantees and partners, a map and tables of
where the work was, when it ran, durations, money, and everything ``validate`` says.

Its figures are the report's own (``grantfolio report`` prints the same ones as text and JSON);
its charts are matplotlib's, inline as SVG: no code, no scripts, no network.

>>> import grantfolio
>>> page = grantfolio.report.html(grantfolio.datasets.caaht_2006(), lang="sq", currency="ALL")
>>> "209.762.381 Lek" in page, "1 shkurt 2005" in page
(True, True)

From a shell: ``python3 -m grantfolio report [SOURCE] --lang sq --currency ALL -o report.html``.
"""
import argparse
import html as _html
import io
import json
import os
import sys
import tempfile
import warnings
from decimal import Decimal

from ._grantfolio import _report_json, as_date
from ._words import LANGUAGES, day_text, words

_WORDS = {
    "en": {
        "glance": "At a glance", "donor": "Donor", "implementer": "Implementer", "ran": "Grants ran",
        "grants": "grants", "grantees_n": "grantees", "as_of": "Status as of", "revised": "Listing revised",
        "source": "Source", "totals": "Totals as stated", "converted": "converted on", "at": "at",
        "per": "per", "rate_from": "rate from", "identity": "already in", "grants_title": "The grants",
        "id": "Id", "phase": "Phase", "title": "Title", "grantee": "Grantee", "partners": "Partners",
        "sites": "Where", "start": "Start", "end": "End", "months": "Months", "status": "Status",
        "closed_early_on": "closed early on", "phases": "Phases", "name": "Name", "first": "First start",
        "last": "Last end", "orgs": "Grantees and partners", "org": "Organisation", "as_grantee": "Grantee of",
        "as_partner": "Partner in", "where": "Where the work was", "by_qark": "By qark", "by_district": "By district",
        "area": "Area", "grant_months": "Grant-months", "grant_ids": "Grants",
        "nationwide": "For the whole country (reach every district, not counted in an area)",
        "above": "Sited only at qark level (counted in their qark, in no district)",
        "uncovered": "Districts no grant reached", "when": "When", "by_country": "By recipient country",
        "by_region": "By recipient region", "code": "Code", "unstated": "{n} grants state none.", "active_title": "Grants active per month",
        "month": "month", "durations": "Durations", "dur_text": "{n} grants ran {lo}–{hi} days; mean {mean} days, "
        "median {median} days ({months} months on average).", "money": "Money",
        "implied": "The two stated totals imply {rate} {quote} per {base}.",
        "imf": "IMF annual average {year}: {rate} {quote} per {base} ({source}).",
        "awards": "Awards per grant ({known} of {all} grants)",
        "no_awards": "The source gives no amount per grant: only the programme's totals above are known.",
        "spending": "Spending against time on {date} (disbursements, expenditures and reimbursements, refunds deducted)",
        "award": "Award", "spent": "Spent", "spent_share": "Spent share", "time_share": "Time passed",
        "gap": "Gap (+ ahead of time)", "line": "Line",
        "lines_of": "Line: where the grant's record starts in {source}.",
        "phase_lines_of": "Line: where the phase's heading is in {source}.",
        "read_at": "{source}, lines {first}–{last}: the introduction",
        "quality": "Data quality", "no_findings": "validate finds nothing to report.",
        "severity": "Severity", "subject": "Subject", "field": "Field", "message": "Message",
        "nationwide_site": "whole country", "none": "—",
        "status_names": {"planned": "planned", "active": "active", "ended": "ended",
                         "closed-early": "closed early", "unknown": "unknown"},
        "currency_names": {},
    },
    "sq": {
        "glance": "Në një vështrim", "donor": "Donatori", "implementer": "Zbatuesi", "ran": "Grantet u zbatuan",
        "grants": "grante", "grantees_n": "grantmarrës", "as_of": "Gjendja më", "revised": "Lista e rishikuar më",
        "source": "Burimi", "totals": "Shumat e deklaruara", "converted": "konvertuar më", "at": "me kursin",
        "per": "për", "rate_from": "kursi nga", "identity": "tashmë në", "grants_title": "Grantet",
        "id": "Nr.", "phase": "Faza", "title": "Titulli", "grantee": "Grantmarrësi", "partners": "Partnerët",
        "sites": "Ku", "start": "Fillimi", "end": "Mbarimi", "months": "Muaj", "status": "Gjendja",
        "closed_early_on": "mbyllur para kohe më", "phases": "Fazat", "name": "Emri", "first": "Fillimi i parë",
        "last": "Mbarimi i fundit", "orgs": "Grantmarrësit dhe partnerët", "org": "Organizata",
        "as_grantee": "Grantmarrës i", "as_partner": "Partner në", "where": "Ku u punua", "by_qark": "Sipas qarkut",
        "by_district": "Sipas rrethit", "area": "Zona", "grant_months": "Muaj-grante", "grant_ids": "Grantet",
        "nationwide": "Për gjithë vendin (arrijnë çdo rreth, nuk numërohen në një zonë)",
        "above": "Vetëm në nivel qarku (numërohen në qarkun e tyre, në asnjë rreth)",
        "uncovered": "Rrethe pa asnjë grant", "when": "Kur", "by_country": "Sipas vendit përfitues",
        "by_region": "Sipas rajonit përfitues", "code": "Kodi", "unstated": "{n} grante nuk deklarojnë asnjë.", "active_title": "Grante aktive për muaj",
        "month": "muaji", "durations": "Kohëzgjatja", "dur_text": "{n} grante zgjatën {lo}–{hi} ditë; mesatarisht "
        "{mean} ditë, mediana {median} ditë ({months} muaj mesatarisht).", "money": "Paratë",
        "implied": "Dy shumat e deklaruara nënkuptojnë {rate} {quote} për {base}.",
        "imf": "Mesatarja vjetore e FMN-së {year}: {rate} {quote} për {base} ({source}).",
        "awards": "Shuma për grant ({known} nga {all} grante)",
        "no_awards": "Burimi nuk jep shumë për çdo grant: njihen vetëm shumat e programit më sipër.",
        "spending": "Shpenzimet kundrejt kohës më {date} (disbursime, shpenzime dhe rimbursime, pa kthimet)",
        "award": "Shuma e grantit", "spent": "Shpenzuar", "spent_share": "Pjesa e shpenzuar", "time_share": "Koha e kaluar",
        "gap": "Diferenca (+ para kohe)", "line": "Rreshti",
        "lines_of": "Rreshti: ku fillon regjistrimi i grantit në {source}.",
        "phase_lines_of": "Rreshti: ku është titulli i fazës në {source}.",
        "read_at": "{source}, rreshtat {first}–{last}: hyrja",
        "quality": "Cilësia e të dhënave", "no_findings": "validate nuk gjen asgjë për të raportuar.",
        "severity": "Rëndësia", "subject": "Subjekti", "field": "Fusha", "message": "Mesazhi",
        "nationwide_site": "gjithë vendi", "none": "—",
        "status_names": {"planned": "planifikuar", "active": "aktiv", "ended": "përfunduar",
                         "closed-early": "mbyllur para kohe", "unknown": "e panjohur"},
        "currency_names": {"ALL": "Lek"},
    },
}


def _e(text):
    return _html.escape("" if text is None else str(text))


def _number(text, lang, places=None):
    """A decimal text grouped the language's way: 209,762,381.00 (en), 209.762.381,00 (sq)."""
    value = Decimal(text)
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places))
    s = f"{value:,f}"
    return s.translate(str.maketrans(",.", ".,")) if lang == "sq" else s


def _money(m, lang):
    name = _WORDS[lang]["currency_names"].get(m["currency"], m["currency"])
    return f"{_number(m['amount'], lang)} {name}"


def _date(text, lang):
    """'2005-02-01' as '1 February 2005' (en) or '1 shkurt 2005' (sq); '' stays ''."""
    if not text:
        return ""
    return day_text(as_date(text), lang)


def _svg(fig):
    """A figure as inline SVG (no XML prolog), then closed. Text stays text (smaller, faster, and
    searchable in the page); ids are salted and no date is written, so the same report gives the
    same bytes."""
    import matplotlib
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "grantfolio"}):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]


def _table(headers, rows, cls=""):
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _charts(program, as_of, lang, timeline):
    """The three pictures: map, timeline, grants active per month (from the report's `timeline`),
    as SVG."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from ._plots import _date_axis, _undated_axis

    w = words(lang)
    out = {}
    try:
        out["map"] = _svg(program.plot_map(lang=lang).figure)
    except ValueError as e:  # places not on a base map: the tables still say where
        out["map"] = f"<p>{_e(e)}</p>"
    out["timeline"] = _svg(program.plot_timeline(as_of=as_of, lang=lang).figure)
    months = [as_date(m["month"] + "-01") for m in timeline]
    active = [m["active"] for m in timeline]
    fig, ax = plt.subplots(figsize=(10, 3))
    if months:
        ax.step(months, active, where="post", color="tab:blue")
        ax.fill_between(months, active, step="post", alpha=0.2, color="tab:blue")
        _date_axis(ax, lang)
    else:
        _undated_axis(ax, lang)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=0)
    ax.set_xlabel(w["month"])
    ax.set_ylabel(w["active"])
    ax.set_title(f"{program.acronym(lang)}: {w['active_title']}")
    out["active"] = _svg(fig)
    return out


def html(program, lang="en", as_of=None, currency="USD", rates=None):
    """The report of ``program`` as one HTML document (str): labels, dates and numbers in ``lang``
    ('en' or 'sq'), statuses as of ``as_of`` (any date-like; default the revision date, else
    today), the stated totals converted to ``currency`` with ``rates`` (default the embedded IMF
    table) at the latest rate known on that date."""
    from datetime import date as _date_type

    from . import rates as _rates

    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    w = _WORDS[lang]
    on = as_date(as_of) if as_of is not None else (program.revised_on or _date_type.today())
    table = rates if rates is not None else _rates.imf_annual()
    r = json.loads(_report_json(program, on, lang, table, currency))
    frame = program.to_frame(as_of=on)
    names = {o.id: (o.acronym or o.name) for o in program.organizations}
    pictures = _charts(program, on, lang, r["timeline"])
    p = r["program"]
    title = f"{p['acronym']} — {p['name']}" if p["acronym"] else p["name"]
    parts = [f"<h1>{_e(title)}</h1>"]

    # At a glance.
    starts = [g["planned_start"] for g in r["grant_list"] if g["planned_start"]]
    ends = [g["planned_end"] for g in r["grant_list"] if g["planned_end"]]
    facts = []
    if p["donor"]:
        facts.append((w["donor"], _e(p["donor"])))
    if p["implementer"]:
        facts.append((w["implementer"], _e(p["implementer"])))
    if starts:
        facts.append((w["ran"], f"{_e(_date(min(starts), lang))} – {_e(_date(max(ends), lang))}"))
    facts.append((w["grants"].capitalize(), f"{r['grants']}; {len(r['grantees'])} {w['grantees_n']}"))
    statuses = ", ".join(f"{n} {w['status_names'].get(s, s)}" for s, n in r["status"].items() if n)
    facts.append((f"{w['as_of']} {_date(r['as_of'], lang)}", _e(statuses)))
    if p["revised_on"]:
        facts.append((w["revised"], _e(_date(p["revised_on"], lang))))
    intro = p["introduction_lines"]
    read_at = w["read_at"].format(source=p["source"], first=intro[0], last=intro[1]) if intro else p["source"]
    facts.append((w["source"], _e(p["source"])))
    for m in r["totals"]:  # with where they were read
        facts.append((w["totals"], _e(f"{_money(m, lang)} ({read_at})")))
    for c in r.get("converted", {}).get("parts", []):
        if c["method"] == "identity":
            continue
        legs = "; ".join(f"{_number(leg['rate'], lang, 4)} {leg['quote']} {w['per']} {leg['base']}, {w['rate_from']} {leg['source']}"
                         for leg in c["rates"])
        facts.append((f"{w['converted'].capitalize()} {_date(r['as_of'], lang)}",
                      _e(f"{_money(c['from'], lang)} = {_money({'amount': c['amount'], 'currency': r['converted']['currency']}, lang)} "
                         f"({w['at']} {legs})")))
    parts.append(f"<h2>{_e(w['glance'])}</h2>" + "<dl>" + "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>")

    # The grants.
    rows = []
    for g, (_, f) in zip(r["grant_list"], frame.iterrows()):
        sites = w["nationwide_site"] if f["nationwide"] else ", ".join(f["districts"] or f["qarqe"])
        months = ""
        if g["planned_start"] and g["planned_end"]:
            a, b = as_date(g["planned_start"]), as_date(g["planned_end"])
            months = str((b.year - a.year) * 12 + b.month - a.month + 1)
        status = w["status_names"].get(g["status"], g["status"])
        if g["closed_early_on"]:
            status = f"<strong>{_e(w['closed_early_on'])} {_e(_date(g['closed_early_on'], lang))}</strong>"
        else:
            status = _e(status)
        rows.append([_e(g["id"]), _e(g["phase"]), _e(g["title"]), _e(g["grantee"] or w["none"]),
                     _e(", ".join(names.get(x, x) for x in f["partners"]) or w["none"]), _e(sites),
                     _e(_date(g["planned_start"], lang)), _e(_date(g["planned_end"], lang)), _e(months), status])
    headers = [w[k] for k in ("id", "phase", "title", "grantee", "partners", "sites", "start", "end", "months", "status")]
    lines = {g["id"]: g["line"] for g in r["grant_list"] if g["line"]}
    grants_note = ""
    if lines:  # where each grant's record starts in the source
        headers.append(w["line"])
        for row, g in zip(rows, r["grant_list"]):
            row.append(_e(g["line"] or w["none"]))
        grants_note = f"<p>{_e(w['lines_of'].format(source=p['source']))}</p>"
    parts.append(f"<h2>{_e(w['grants_title'])} ({len(rows)})</h2>" + _table(headers, rows, "grants") + grants_note)

    # Phases.
    headings = any(ph["line"] for ph in r["phases"])  # where each heading is in the source
    phase_rows = [[_e(ph["number"]), _e(ph["name"]), _e(", ".join(ph["grant_ids"])), _e(_date(ph["first"], lang)), _e(_date(ph["last"], lang))]
                  + ([_e(ph["line"] or w["none"])] if headings else []) for ph in r["phases"]]
    parts.append(f"<h2>{_e(w['phases'])}</h2>" + _table(
        [w["phase"], w["name"], w["grants"].capitalize(), w["first"], w["last"]] + ([w["line"]] if headings else []), phase_rows)
        + (f"<p>{_e(w['phase_lines_of'].format(source=p['source']))}</p>" if headings else ""))

    # Grantees and partners.
    partner_of = {}
    for gid, partners in zip(frame["id"], frame["partners"]):
        for x in partners:
            partner_of.setdefault(x, []).append(gid)
    grantee_of = {g["id"]: g["grants"] for g in r["grantees"] if g["id"]}
    org_rows = []
    for oid in sorted(set(grantee_of) | set(partner_of), key=lambda x: names.get(x, x).casefold()):
        org_rows.append([_e(names.get(oid, oid)), _e(", ".join(grantee_of.get(oid, [])) or w["none"]),
                         _e(", ".join(partner_of.get(oid, [])) or w["none"])])
    parts.append(f"<h2>{_e(w['orgs'])} ({len(org_rows)})</h2>" + _table([w["org"], w["as_grantee"], w["as_partner"]], org_rows))

    # Where.
    where = [f"<h2>{_e(w['where'])}</h2>", f"<figure>{pictures['map']}</figure>"]
    for level, label in (("country", w["by_country"]), ("region", w["by_region"])):
        c = r["coverage"][level]
        if c["areas"]:  # what the grants state of where they work (IATI, 360Giving)
            where.append(f"<h3>{_e(label)}</h3>" + _table(
                [w["code"], w["grants"].capitalize(), w["grant_ids"]],
                [[_e(a["code"]), _e(a["grants"]), _e(", ".join(a["grant_ids"]))] for a in c["areas"]]))
            if c["unstated"]:
                where.append(f"<p>{_e(w['unstated'].format(n=c['unstated']))}</p>")
    for level, label in (("qark", w["by_qark"]), ("district", w["by_district"])):
        c = r["coverage"][level]
        if not c["areas"]:
            continue  # no gazetteer with this level
        where.append(f"<h3>{_e(label)}</h3>" + _table(
            [w["area"], w["grants"].capitalize(), w["grant_months"], w["grant_ids"]],
            [[_e(a["name"]), _e(a["grants"]), _e(_number(str(a["grant_months"]), lang, 1)), _e(", ".join(a["grant_ids"]))]
             for a in c["areas"] if a["grants"]]))
        if c["nationwide"]:
            where.append(f"<p>{_e(w['nationwide'])}: {_e(', '.join(c['nationwide']))}</p>")
        if c["above_level"]:
            where.append(f"<p>{_e(w['above'])}: {_e(', '.join(c['above_level']))}</p>")
        if c["uncovered"] and level == "district":
            where.append(f"<p class=\"gap\">{_e(w['uncovered'])} ({len(c['uncovered'])}): {_e(', '.join(c['uncovered']))}</p>")
    parts.append("".join(where))

    # When.
    parts.append(f"<h2>{_e(w['when'])}</h2><figure>{pictures['timeline']}</figure><figure>{pictures['active']}</figure>")
    d = r["durations"]
    if d["grants"]:
        parts.append(f"<h2>{_e(w['durations'])}</h2><p>" + _e(w["dur_text"].format(
            n=d["grants"], lo=d["min_days"], hi=d["max_days"], mean=_number(str(d["mean_days"]), lang, 1),
            median=_number(str(d["median_days"]), lang, 1), months=_number(str(d["mean_months"]), lang, 1))) + "</p>")

    # Money.
    money = [f"<h2>{_e(w['money'])}</h2>", "<ul>" + "".join(f"<li>{_e(_money(m, lang))}</li>" for m in r["totals"]) + "</ul>"]
    if "implied_rate" in r:
        i = r["implied_rate"]
        money.append(f"<p>{_e(w['implied'].format(rate=_number(i['rate'], lang), quote=i['quote'], base=i['base']))}</p>")
        for ref in i["rate_table"]:
            money.append(f"<p>{_e(w['imf'].format(year=ref['year'], rate=_number(ref['rate'], lang, 2), quote=i['quote'], base=i['base'], source='; '.join(ref['sources'])))}</p>")
    a = r["awards"]
    if a["grants_with_award"]:
        money.append(f"<h3>{_e(w['awards'].format(known=a['grants_with_award'], all=r['grants']))}</h3>" + _table(
            [w["id"], w["money"]] + ([w["line"]] if lines else []),
            [[_e(gid), _e(_money({"amount": str(amt), "currency": cur}, lang))] + ([_e(lines.get(gid, w["none"]))] if lines else [])
             for gid, amt, cur in zip(frame["id"], frame["award_amount"], frame["award_currency"]) if amt is not None]))
    else:
        money.append(f"<p>{_e(w['no_awards'])}</p>")
    if r["spending"]:
        def percent(share):
            return _number(str(Decimal(share) * 100), lang, 1) + " %"

        rows = []
        for s in r["spending"]:
            if "error" in s:
                rows.append([_e(s["grant"]), "", "", "", "", _e(s["error"])])
                continue
            gap = Decimal(s["gap"])
            rows.append([_e(s["grant"]), _e(_money(s["award"], lang)), _e(_money(s["spent"], lang)), _e(percent(s["spent_share"])),
                         _e(percent(s["time_share"])), _e(("+" if gap >= 0 else "") + percent(s["gap"]))])
        money.append(f"<h3>{_e(w['spending'].format(date=_date(r['as_of'], lang)))}</h3>" + _table(
            [w["id"], w["award"], w["spent"], w["spent_share"], w["time_share"], w["gap"]], rows))
    parts.append("".join(money))

    # Data quality: what reading the file reported (where it was read from one), then what validate
    # finds in the programme with the same rates, each with the line it names.
    findings = [(d.severity, d.line, d.subject, d.field, d.message) for d in program.diagnostics]
    findings += [(f["severity"], f["line"], f["subject"], f["field"], f["message"]) for f in program.validate(rates=table)]
    if findings:
        parts.append(f"<h2>{_e(w['quality'])} ({len(findings)})</h2>" + _table(
            [w["severity"], w["line"], w["subject"], w["field"], w["message"]],
            [[_e(s), _e(line or w["none"]), _e(subject), _e(field), _e(message)] for s, line, subject, field, message in findings]))
    else:
        parts.append(f"<h2>{_e(w['quality'])}</h2><p>{_e(w['no_findings'])}</p>")

    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{_e(title)}</title>'
            f"<style>{_STYLE}</style></head><body>" + "\n".join(parts) + "</body></html>\n")


_STYLE = ("body{font-family:sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}"
          "table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}"
          "th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}"
          "th{background:#f0f0f0}dl{display:grid;grid-template-columns:max-content auto;gap:.25rem 1rem}"
          "dt{font-weight:bold}dd{margin:0}figure{margin:1rem 0}svg{max-width:100%;height:auto}.gap{color:#b00}")


def write_html(program, path, lang="en", as_of=None, currency="USD", rates=None):
    """Writes ``html(program, ...)`` to ``path`` whole or not at all: through a temporary file in
    the same folder, renamed over the target only once it is complete."""
    text = html(program, lang=lang, as_of=as_of, currency=currency, rates=rates)
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".grantfolio-", suffix=".html", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as an ordinary new file would be, not mkstemp's 0600
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


#: main()'s exit status when a source, rates file or output path is refused (and it said why); any
#: other failure is Python's own. `grantfolio report --format html` tells the two apart.
REFUSED = 3


def main(argv=None):
    """``python3 -m grantfolio report [SOURCE] [--lang en|sq] [--as-of DATE] [--currency CODE] -o FILE``."""
    import grantfolio

    parser = argparse.ArgumentParser(prog="python3 -m grantfolio report",
                                     description="The programme's report as one self-contained HTML file.")
    parser.add_argument("source", nargs="?", help="a programme file (default: the embedded CAAHT programme)")
    parser.add_argument("--lang", choices=LANGUAGES, default="en")
    parser.add_argument("--as-of", dest="as_of", help="date of the statuses and conversions (YYYY-MM-DD)")
    parser.add_argument("--currency", default="USD")
    parser.add_argument("--rates", help="rates file; default: the embedded IMF table")
    parser.add_argument("--listing-profile", dest="listing_profile", help="how a listing SOURCE is written")
    parser.add_argument("--strict", action="store_true", help="refuse a source that reading had to change")
    parser.add_argument("-o", "--output", required=True, help="the HTML file to write")
    a = parser.parse_args(argv)
    try:
        # What reading dropped, changed or guessed: one line, as the grantfolio command says it (read()'s
        # first ReadWarning is that summary; the rest, one per finding, are for programs).
        with warnings.catch_warnings(record=True) as found:
            warnings.simplefilter("always", grantfolio.ReadWarning)
            program = (grantfolio.read(a.source, strict=a.strict, listing_profile=a.listing_profile) if a.source
                       else grantfolio.datasets.caaht_2006())
        if found:
            summary = str(found[0].message).replace("program.diagnostics lists them all",
                                                    f"'grantfolio validate {a.source}' lists them all")
            print(f"grantfolio: warning: {summary}", file=sys.stderr)
        table = grantfolio.RateTable.from_csv(a.rates) if a.rates else None
        write_html(program, a.output, lang=a.lang, as_of=a.as_of, currency=a.currency, rates=table)
    except (OSError, ValueError, grantfolio.Error) as e:
        print(f"grantfolio: {e}; nothing written to {a.output}", file=sys.stderr)
        return REFUSED
    print(f"grantfolio: wrote {a.output}", file=sys.stderr)
    return 0

