"""Rich display in Jupyter."""
from html import escape

from ._grantfolio import Conversion, Grant, Money, Program


def _money_html(self):
    return f"<span class='grantfolio-money'>{escape(str(self.amount))}&nbsp;<b>{escape(self.currency)}</b></span>"


def _program_html(self):
    by_phase = {}
    for g in self.grants:
        by_phase[g.phase] = by_phase.get(g.phase, 0) + 1
    rows = [
        ("Programme", f"{escape(self.acronym())} — {escape(self.name())}"),
        ("Donor", escape(self.donor.name) if self.donor else "—"),
        ("Implementer", escape(self.implementer.name) if self.implementer else "—"),
        ("Revised", escape(str(self.revised_on)) if self.revised_on else "—"),
        ("Grants", f"{len(self.grants)} (" + ", ".join(f"phase {k}: {v}" for k, v in sorted(by_phase.items())) + ")"),
        ("Organisations", str(len(self.organizations))),
        ("Totals as written", "<br>".join(_money_html(m) for m in self.totals) or "—"),
    ]
    body = "".join(f"<tr><th style='text-align:left'>{k}</th><td style='text-align:left'>{v}</td></tr>" for k, v in rows)
    return f"<table class='grantfolio-program'>{body}</table>"


def _grant_html(self):
    sites = ", ".join(escape(s.as_written) for s in self.sites)
    closed = f" <b>closed early {escape(str(self.actual_end))}</b>" if self.closed_early else ""
    award = _money_html(self.award) if self.award is not None else "unknown"
    return (
        f"<div class='grantfolio-grant'><b>{escape(self.id)}</b> (phase {self.phase}) {escape(self.title)}<br>"
        f"{escape(str(self.planned_start))} – {escape(str(self.planned_end))}{closed}<br>"
        f"sites: {sites}<br>award: {award}</div>"
    )


def _conversion_html(self):
    rows = [
        ("Converted", _money_html(self.source)),
        ("Result", _money_html(self.result) + f" ({escape(self.rounding)}, once)"),
        ("On", escape(str(self.on))),
        ("How", escape(self.method)),
        ("Factor", escape(self.factor)),
    ]
    for r in self.rates:
        to = escape(str(r["valid_to"])) if r["valid_to"] else "open"
        leg = (f"1 {escape(r['base'])} = {escape(str(r['rate']))} {escape(r['quote'])}"
               f"{' (inverted)' if r['inverted'] else ''}, {escape(str(r['valid_from']))} – {to}, {escape(r['how'])}")
        rows.append(("Rate", f"{leg}<br><small>{escape(r['source'])}</small>"))
    body = "".join(f"<tr><th style='text-align:left'>{k}</th><td style='text-align:left'>{v}</td></tr>" for k, v in rows)
    return f"<table class='grantfolio-conversion'>{body}</table>"


Money._repr_html_ = _money_html
Conversion._repr_html_ = _conversion_html
Program._repr_html_ = _program_html
Grant._repr_html_ = _grant_html
