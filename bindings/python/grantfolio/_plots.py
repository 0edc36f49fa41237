"""matplotlib charts of a programme: each has a title, labelled axes and a legend where colours
mean something, stays readable at any programme size, and says what it leaves out."""
from ._grantfolio import Program, as_date
from ._words import MONTHS, day_text, id_list, words

#: Past this many grants a timeline draws one row per phase and grantee instead of one per grant.
TIMELINE_GRANT_ROWS = 40
#: The most rows a timeline draws; the rest are left out, and its title says how many.
TIMELINE_MAX_ROWS = 60


def _grantee_label(program, grant):
    if not grant.grantee:
        return "(no grantee)"
    try:
        org = program.organization(grant.grantee)
    except KeyError:
        return grant.grantee
    name = org.acronym or org.name
    return name if len(name) <= 40 else name[:39] + "…"  # a row label, not the whole name


def _date_axis(ax, lang):
    """Dates along x without overlapping ticks: matplotlib's concise labels in English; in Albanian
    the month's name (its first three letters), and the year at January."""
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter

    locator = mdates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    if lang == "en":
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        return

    def label(x, _pos):
        d = mdates.num2date(x)
        if d.month == 1 and d.day == 1:
            return str(d.year)
        return MONTHS[lang][d.month - 1][:3] + (f" {d.day}" if d.day != 1 else "")

    ax.xaxis.set_major_formatter(FuncFormatter(label))


def _undated_axis(ax, lang):
    """A date axis with nothing dated to draw: said on the chart, not left empty (matplotlib's date
    locator would warn of a range of no length)."""
    ax.text(0.5, 0.5, words(lang)["no_months"], transform=ax.transAxes, ha="center", va="center", color="0.3")
    ax.set_xticks([])


def _day(day, lang):
    return str(day) if lang == "en" else day_text(day, lang)


def plot_timeline(self, ax=None, as_of=None, lang="en"):
    """One bar per grant from its start to its end, labelled with its grantee and coloured by
    phase; an early closure shows the planned remainder hatched and a red cross at the actual end.
    Past ``TIMELINE_GRANT_ROWS`` grants, a row holds all the grants of one grantee in one phase;
    past ``TIMELINE_MAX_ROWS`` rows the rest are left out, and the title says how many. Grants
    without dates cannot be drawn; the title counts them too. Words and dates in ``lang`` ('en' or
    'sq'). Returns the Axes."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    w = words(lang)
    dated = sorted((g for g in self.grants if g.start and g.end), key=lambda g: (g.phase, g.start, g.id))
    undated = len(self.grants) - len(dated)
    grouped = len(dated) > TIMELINE_GRANT_ROWS
    rows = {}  # label -> grants, in order of first appearance
    for g in dated:
        label = (f"{g.phase} · {_grantee_label(self, g)}" if grouped
                 else f"{g.id} · {_grantee_label(self, g)}")
        rows.setdefault(label, []).append(g)
    shown = list(rows.items())[:TIMELINE_MAX_ROWS]
    left_rows = len(rows) - len(shown)
    if ax is None:
        _, ax = plt.subplots(figsize=(11, min(12.0, max(2.5, 0.3 * len(shown) + 1.5))))
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    phases = []
    early = False
    for y, (label, grants) in enumerate(shown):
        for g in grants:
            color = colors[(g.phase - 1) % len(colors)]
            if g.phase not in phases:
                phases.append(g.phase)
            start, end = mdates.date2num(g.start), mdates.date2num(g.end) + 1
            ax.barh(y, end - start, left=start, color=color, height=0.7)
            if g.closed_early and g.planned_end:
                early = True
                planned_end = mdates.date2num(g.planned_end) + 1
                ax.barh(y, planned_end - end, left=end, color="none", edgecolor=color, hatch="//", height=0.7)
                ax.plot([end], [y], marker="x", color="red", markersize=8)
    ax.set_yticks(range(len(shown)), [label for label, _ in shown], fontsize=8 if len(shown) > 30 else None)
    ax.invert_yaxis()
    if dated:
        _date_axis(ax, lang)
    else:
        _undated_axis(ax, lang)
    handles = [Patch(color=colors[(n - 1) % len(colors)], label=w["phase"].format(n=n)) for n in phases]
    if early:
        handles.append(Patch(facecolor="none", edgecolor="grey", hatch="//", label=w["closed_early"]))
    day = as_date(as_of) if as_of is not None else None  # checked even when nothing is dated
    if day is not None and dated:
        handles.append(ax.axvline(mdates.date2num(day), color="black", linestyle=":", linewidth=1,
                                  label=("as of " if lang == "en" else "më ") + _day(day, lang)))
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    ax.set_xlabel(w["date"])
    ax.set_ylabel(w["rows_grouped"] if grouped else w["rows"])
    left = []
    if left_rows:
        left.append(w["more_rows"].format(n=left_rows))
    if undated:
        left.append(w["undated"].format(n=undated))
    what = w["by_phase_grantee"] if grouped else w["by_phase"]
    ax.set_title(f"{self.acronym(lang)}: {what}" + (f" ({'; '.join(left)})" if left else ""))
    return ax


def plot_coverage(self, level="district", ax=None, lang="en"):
    """Grants per area of a level ('qark' or 'district'), every area shown; areas no grant reaches
    are marked. Grants for the whole country, and grants sited only above the level (a qark, for
    districts), reach no single area: the title says how many are left out that way. Words in
    ``lang`` ('en' or 'sq'). Returns the Axes."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    if level not in ("qark", "district"):
        raise ValueError(f"plot_coverage draws level 'qark' or 'district', not {level!r}")
    w = words(lang)
    df = self.coverage_frame(level)
    if ax is None:
        _, ax = plt.subplots(figsize=(10, min(12.0, max(3, 0.25 * len(df) + 1))))
    colors = ["tab:blue" if c else "tab:red" for c in df["covered"]]
    ax.barh(df["area"], df["grants"], color=colors)
    for y, covered in enumerate(df["covered"]):
        if not covered:
            ax.text(0.1, y, w["no_grant"], va="center", color="tab:red", fontsize=8)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(w["grants"])
    ax.set_ylabel(w["levels"][level])
    ax.legend(handles=[Patch(color="tab:blue", label=w["reached"]), Patch(color="tab:red", label=w["unreached"])],
              loc="lower right", fontsize=8)
    apart = []
    nationwide = len(df.attrs.get("nationwide", []))
    above = len(df.attrs.get("above_level", []))
    if nationwide:
        apart.append(w["n_nationwide"].format(n=nationwide))
    if above:
        apart.append(w["n_above"].format(n=above))
    title = w["per_level"].format(level=w["levels"][level])
    ax.set_title(f"{self.acronym(lang)}: {title}" + (f" ({w['not_in_bars'].format(what=', '.join(apart))})" if apart else ""))
    return ax


def _base_map_for(program, base_map):
    """The base map to draw `program` on: the one given, else Albania's when every qark the
    programme's gazetteer lists is on it."""
    from . import datasets

    qarqe = program.coverage_frame("qark")
    chosen = base_map if base_map is not None else datasets.albania_map()
    missing = [p for p in qarqe["place_id"] if chosen.find_area(p) is None]
    if missing or not len(qarqe):
        what = "the given base map" if base_map is not None else "Albania's base map"
        raise ValueError(f"{what} has no area for the programme's qarqe"
                         + (f" ({', '.join(missing[:5])}{'…' if len(missing) > 5 else ''})" if missing else " (it has none)")
                         + "; pass base_map= a BaseMap of the programme's gazetteer")
    return chosen, qarqe


def _label_point(area, points):
    """Where a qark's name goes: the mean of its district points when that lies inside it, else
    its first district point, else the mean of its boundary."""
    import numpy as np
    from matplotlib.path import Path

    ring = area.rings[0]
    if len(points):
        mean = points.mean(axis=0)
        return mean if Path(ring).contains_point(mean) else points[0]
    return np.asarray(ring).mean(axis=0)


# Where a label may go around its anchor, in points (dx, dy, horizontal alignment), first choice first.
_LABEL_OFFSETS = ((0, -11, "center"), (0, 8, "center"), (9, -3, "left"), (-9, -3, "right"), (0, -20, "center"), (0, 17, "center"))


def _place_labels(ax, labels, marks, fontsize):
    """Names written beside their anchors without covering the marks: each label (text, (x, y) in
    data coordinates, Annotation keywords) takes the first offset of _LABEL_OFFSETS whose drawn text
    clears every mark (centre (x, y) in data coordinates, radius in points) and every label already
    placed, else the offset that overlaps least. Call once the axes' limits, aspect and layout are
    set. Returns the Annotations."""
    import numpy as np

    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    ax.apply_aspect()
    px = fig.dpi / 72.0  # pixels per point
    centres = np.asarray([m[0] for m in marks], dtype=float).reshape(-1, 2)
    centres = ax.transData.transform(centres) if len(centres) else centres
    radii = np.asarray([m[1] for m in marks], dtype=float) * px + px  # and a point of air
    placed, out = [], []

    def overlap(b):
        total = 0.0
        for (cx, cy), r in zip(centres, radii):  # a mark: the square around it
            total += max(0.0, min(b.x1, cx + r) - max(b.x0, cx - r)) * max(0.0, min(b.y1, cy + r) - max(b.y0, cy - r))
        for p in placed:
            total += max(0.0, min(b.x1, p.x1) - max(b.x0, p.x0)) * max(0.0, min(b.y1, p.y1) - max(b.y0, p.y0))
        return total

    for text, (x, y), kwargs in labels:
        a = ax.annotate(text, (x, y), xytext=_LABEL_OFFSETS[0][:2], textcoords="offset points", ha=_LABEL_OFFSETS[0][2],
                        fontsize=fontsize, **kwargs)
        costs = []
        for k, (dx, dy, ha) in enumerate(_LABEL_OFFSETS):
            a.xyann, _ = (dx, dy), a.set_ha(ha)
            costs.append((overlap(a.get_window_extent(renderer)), k))
            if costs[-1][0] == 0.0:
                break
        dx, dy, ha = _LABEL_OFFSETS[min(costs)[1]]
        a.xyann, _ = (dx, dy), a.set_ha(ha)
        placed.append(a.get_window_extent(renderer))
        out.append(a)
    return out


def plot_map(self, ax=None, base_map=None, lang="en"):
    """Where the grants ran, on a map: each qark shaded by its grant-months (the months its grants
    ran there, added up), each district drawn as a point sized by the grants that reach it, the
    districts no grant reaches marked with a cross. Grants for the whole country reach every district
    and are not drawn: the legend names them, and the grants sited only at qark level (shaded in
    their qark, with no district point). The map data's attribution is written under it. Albania's
    base map (``datasets.albania_map()``) is used unless ``base_map`` gives another; a ValueError
    says when the programme's places are not on it. Words in ``lang`` ('en' or 'sq'). Returns the
    Axes."""
    import math

    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize
    from matplotlib.lines import Line2D
    from matplotlib.patches import Polygon
    from matplotlib.patheffects import withStroke

    import textwrap

    w = words(lang)
    chosen, qarqe = _base_map_for(self, base_map)
    districts = self.coverage_frame("district")
    if ax is None:  # laid out so that the legend beside the map stays inside the figure
        _, ax = plt.subplots(figsize=(7, 9), layout="constrained")
    months = dict(zip(qarqe["place_id"], qarqe["grant_months"].astype(float)))
    names = dict(zip(qarqe["place_id"], qarqe["area"]))
    norm = Normalize(vmin=0, vmax=max(1.0, max(months.values(), default=0.0)))
    cmap = plt.get_cmap("Blues")
    for ring in chosen.outline:
        ax.add_patch(Polygon(ring, closed=True, fill=False, edgecolor="0.2", linewidth=1.2, zorder=3))
    at = {p.place: (p.longitude, p.latitude) for p in chosen.points}
    labels = []
    for area in chosen.areas:
        value = months.get(area.place, 0.0)
        for ring in area.rings:
            ax.add_patch(Polygon(ring, closed=True, facecolor=cmap(norm(value)) if value > 0 else "0.93",
                                 edgecolor="white", linewidth=0.8, zorder=1))
        own = np.array([at[p] for p, q in zip(districts["place_id"], districts["qark"]) if q == names.get(area.place) and p in at])
        # Dark text with a light halo reads on every shade.
        labels.append((names.get(area.place, area.name), _label_point(area, own.reshape(-1, 2)),
                       {"color": "0.1", "zorder": 5, "path_effects": [withStroke(linewidth=2.2, foreground="white", alpha=0.85)]}))
    drawn = districts[districts["place_id"].isin(list(at))]
    reached = drawn[drawn["covered"]]
    unreached = drawn[~drawn["covered"]]
    most = int(reached["grants"].max()) if len(reached) else 1
    # A point's area grows with its grants, up to the area 8 grants get (a programme of thousands
    # would otherwise cover the country with one point).
    per_grant = 22 * min(1.0, 8 / most)

    def size(grants):
        return 18 + per_grant * grants

    ax.scatter([at[p][0] for p in reached["place_id"]], [at[p][1] for p in reached["place_id"]],
               s=[size(g) for g in reached["grants"]], color="tab:orange", edgecolor="black", linewidth=0.5, zorder=4)
    ax.scatter([at[p][0] for p in unreached["place_id"]], [at[p][1] for p in unreached["place_id"]],
               marker="x", s=30, color="tab:red", linewidth=1.2, zorder=4)
    lon = [x for r in chosen.outline for x in r[:, 0]] or [x for a in chosen.areas for r in a.rings for x in r[:, 0]]
    lat = [y for r in chosen.outline for y in r[:, 1]] or [y for a in chosen.areas for r in a.rings for y in r[:, 1]]
    pad = 0.1
    ax.set_xlim(min(lon) - pad, max(lon) + pad)
    ax.set_ylim(min(lat) - pad, max(lat) + pad)
    ax.set_aspect(1 / math.cos(math.radians((min(lat) + max(lat)) / 2)))  # degrees of longitude shrink with latitude
    ax.set_xlabel(w["longitude"])
    ax.set_ylabel(w["latitude"])
    colorbar = ax.figure.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.5, pad=0.02)
    colorbar.set_label(w["grant_months"])
    handles = [Line2D([], [], marker="o", linestyle="none", markerfacecolor="tab:orange", markeredgecolor="black",
                      markersize=math.sqrt(size(g)), label=w["reached_by_one"] if g == 1 else w["reached_by"].format(n=g))
               for g in sorted({1, most})]
    handles.append(Line2D([], [], marker="x", linestyle="none", color="tab:red",
                          label=w["unreached_points"].format(n=len(unreached))))
    nationwide = districts.attrs.get("nationwide", [])
    above = districts.attrs.get("above_level", [])
    # Long lists wrap: the legend sits beside the map and must not squeeze it.
    if nationwide:
        handles.append(Line2D([], [], linestyle="none", label=textwrap.fill(w["nationwide_legend"].format(ids=id_list(nationwide, lang)), 44)))
    if above:
        handles.append(Line2D([], [], linestyle="none", label=textwrap.fill(w["above_legend"].format(ids=id_list(above, lang)), 44)))
    # Beside the map, under the colour bar: inside it would hide the coast.
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 0.22), fontsize=7, frameon=False)
    ax.set_title(f"{self.acronym(lang)}: {w['map_title']}")
    ax.text(0, -0.08, chosen.attribution, transform=ax.transAxes, fontsize=6, color="0.3", va="top")
    # Names beside their qark's points, clear of every point and cross (radii in points: a marker of
    # size s is sqrt(s) points across), once the layout has sized the map.
    engine = ax.figure.get_layout_engine() if hasattr(ax.figure, "get_layout_engine") else None
    if engine is not None:
        engine.execute(ax.figure)
    marks = [(at[p], math.sqrt(size(g)) / 2) for p, g in zip(reached["place_id"], reached["grants"])]
    marks += [(at[p], math.sqrt(30) / 2) for p in unreached["place_id"]]
    _place_labels(ax, labels, marks, fontsize=7)
    return ax


Program.plot_timeline = plot_timeline
Program.plot_coverage = plot_coverage
Program.plot_map = plot_map
