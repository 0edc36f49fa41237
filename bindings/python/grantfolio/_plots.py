"""matplotlib charts of a programme: each has a title, labelled axes and a legend where colours
mean something, stays readable at any programme size, and says what it leaves out."""
from ._grantfolio import Program, as_date

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


def plot_timeline(self, ax=None, as_of=None):
    """One bar per grant from its start to its end, labelled with its grantee and coloured by
    phase; an early closure shows the planned remainder hatched and a red cross at the actual end.
    Past ``TIMELINE_GRANT_ROWS`` grants, a row holds all the grants of one grantee in one phase;
    past ``TIMELINE_MAX_ROWS`` rows the rest are left out, and the title says how many. Grants
    without dates cannot be drawn; the title counts them too. Returns the Axes."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

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
    locator = mdates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    handles = [Patch(color=colors[(n - 1) % len(colors)], label=f"phase {n}") for n in phases]
    if early:
        handles.append(Patch(facecolor="none", edgecolor="grey", hatch="//", label="planned, not run (closed early)"))
    if as_of is not None:
        day = as_date(as_of)
        handles.append(ax.axvline(mdates.date2num(day), color="black", linestyle=":", linewidth=1, label=f"as of {day}"))
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    ax.set_xlabel("date")
    ax.set_ylabel("phase · grantee" if grouped else "grant · grantee")
    left = []
    if left_rows:
        left.append(f"{left_rows} more rows not shown")
    if undated:
        left.append(f"{undated} grants without dates not shown")
    what = "grants by phase and grantee" if grouped else "grants by phase"
    ax.set_title(f"{self.acronym()}: {what}" + (f" ({'; '.join(left)})" if left else ""))
    return ax


def plot_coverage(self, level="district", ax=None):
    """Grants per area of a level ('qark' or 'district'), every area shown; areas no grant reaches
    are marked. Grants for the whole country, and grants sited only above the level (a qark, for
    districts), reach no single area: the title says how many are left out that way. Returns the
    Axes."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    if level not in ("qark", "district"):
        raise ValueError(f"plot_coverage draws level 'qark' or 'district', not {level!r}")
    df = self.coverage_frame(level)
    if ax is None:
        _, ax = plt.subplots(figsize=(10, min(12.0, max(3, 0.25 * len(df) + 1))))
    colors = ["tab:blue" if c else "tab:red" for c in df["covered"]]
    ax.barh(df["area"], df["grants"], color=colors)
    for y, covered in enumerate(df["covered"]):
        if not covered:
            ax.text(0.1, y, "no grant", va="center", color="tab:red", fontsize=8)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("grants")
    ax.set_ylabel(level)
    ax.legend(handles=[Patch(color="tab:blue", label="reached"), Patch(color="tab:red", label="no grant reaches it")],
              loc="lower right", fontsize=8)
    apart = []
    nationwide = len(df.attrs.get("nationwide", []))
    above = len(df.attrs.get("above_level", []))
    if nationwide:
        apart.append(f"{nationwide} nationwide")
    if above:
        apart.append(f"{above} sited only at qark level")
    ax.set_title(f"{self.acronym()}: grants per {level}" + (f" (not in the bars: {', '.join(apart)})" if apart else ""))
    return ax


Program.plot_timeline = plot_timeline
Program.plot_coverage = plot_coverage
