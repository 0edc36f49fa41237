"""The words grantfolio's charts and HTML report print, in English and Albanian."""

LANGUAGES = ("en", "sq")

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "sq": ["janar", "shkurt", "mars", "prill", "maj", "qershor", "korrik", "gusht", "shtator", "tetor", "nëntor",
           "dhjetor"],
}

#: The charts' words; {n}, {level}, {what}... are filled in by the chart.
CHARTS = {
    "en": {
        "phase": "phase {n}", "closed_early": "planned, not run (closed early)", "date": "date",
        "rows_grouped": "phase · grantee", "rows": "grant · grantee", "more_rows": "{n} more rows not shown",
        "undated": "{n} grants without dates not shown", "by_phase_grantee": "grants by phase and grantee",
        "by_phase": "grants by phase", "grants": "grants", "reached": "reached", "unreached": "no grant reaches it",
        "no_grant": "no grant", "per_level": "grants per {level}", "not_in_bars": "not in the bars: {what}",
        "n_nationwide": "{n} nationwide", "n_above": "{n} sited only at qark level",
        "levels": {"qark": "qark", "district": "district"},
        "map_title": "where the grants ran", "longitude": "longitude (°E)", "latitude": "latitude (°N)",
        "grant_months": "grant-months in the qark", "reached_by_one": "district reached by 1 grant",
        "reached_by": "district reached by {n} grants", "unreached_points": "district no grant reaches ({n})",
        "nationwide_legend": "nationwide, not drawn: {ids}", "above_legend": "qark level only, no district point: {ids}",
        "active_title": "grants active per month", "month": "month", "active": "grants active",
        "no_months": "no grant has planned dates: nothing to draw", "n_more": "{n} more",
    },
    "sq": {
        "phase": "faza {n}", "closed_early": "planifikuar, pa u zbatuar (mbyllur para kohe)", "date": "data",
        "rows_grouped": "faza · grantmarrësi", "rows": "granti · grantmarrësi", "more_rows": "{n} rreshta të tjerë nuk shfaqen",
        "undated": "{n} grante pa data nuk shfaqen", "by_phase_grantee": "grantet sipas fazës dhe grantmarrësit",
        "by_phase": "grantet sipas fazës", "grants": "grante", "reached": "i arritur", "unreached": "asnjë grant nuk e arrin",
        "no_grant": "asnjë grant", "per_level": "grante për {level}", "not_in_bars": "jashtë shtyllave: {what}",
        "n_nationwide": "{n} për gjithë vendin", "n_above": "{n} vetëm në nivel qarku",
        "levels": {"qark": "qark", "district": "rreth"},
        "map_title": "ku u zbatuan grantet", "longitude": "gjatësia gjeografike (°L)", "latitude": "gjerësia gjeografike (°V)",
        "grant_months": "muaj-grante në qark", "reached_by_one": "rreth i arritur nga 1 grant",
        "reached_by": "rreth i arritur nga {n} grante", "unreached_points": "rreth pa asnjë grant ({n})",
        "nationwide_legend": "për gjithë vendin, nuk vizatohen: {ids}",
        "above_legend": "vetëm në nivel qarku, pa pikë rrethi: {ids}",
        "active_title": "grante aktive për muaj", "month": "muaji", "active": "grante aktive",
        "no_months": "asnjë grant nuk ka data të planifikuara: nuk ka çfarë të vizatohet", "n_more": "{n} të tjerë",
    },
}


def day_text(day, lang):
    """A date written out: '1 February 2005' (en), '1 shkurt 2005' (sq)."""
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def id_list(ids, lang, most=6):
    """Ids joined for a legend or title: all of them up to ``most``, else the first ``most`` and how
    many more ('G0001, G0002, …, 412 more')."""
    ids = list(ids)
    if len(ids) <= most:
        return ", ".join(ids)
    return ", ".join(ids[:most]) + ", … " + words(lang)["n_more"].format(n=len(ids) - most)


def words(lang):
    """The charts' words in ``lang``; a ValueError names the languages there are."""
    if lang not in CHARTS:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    return CHARTS[lang]
