"""matplotlib charts of a programme."""
from ._grantfolio import Program, as_date


def plot_timeline(self, ax=None, as_of=None):
    """One bar per grant from its start to its end, grouped by phase; an early closure shows the
    planned remainder hatched and a red mark at the actual end. Returns the Axes."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    grants = sorted((g for g in self.grants if g.start and g.end), key=lambda g: (g.phase, g.start, g.id))
    if ax is None:
        _, ax = plt.subplots(figsize=(10, max(2.5, 0.32 * len(grants) + 1)))
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    labels = []
    for y, g in enumerate(grants):
        color = colors[(g.phase - 1) % len(colors)]
        start, end = mdates.date2num(g.start), mdates.date2num(g.end) + 1
        ax.barh(y, end - start, left=start, color=color, height=0.7,
                label=f"phase {g.phase}" if f"phase {g.phase}" not in ax.get_legend_handles_labels()[1] else None)
        if g.closed_early and g.planned_end:
            planned_end = mdates.date2num(g.planned_end) + 1
            ax.barh(y, planned_end - end, left=end, color="none", edgecolor=color, hatch="//", height=0.7)
            ax.plot([end], [y], marker="x", color="red", markersize=8)
        labels.append(f"{g.id}")
    ax.set_yticks(range(len(grants)), labels)
    ax.invert_yaxis()
    ax.xaxis_date()
    if as_of is not None:
        ax.axvline(mdates.date2num(as_date(as_of)), color="black", linestyle=":", linewidth=1)
    ax.set_title(f"{self.acronym()}: grants by phase (× = closed early)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def plot_coverage(self, level="district", ax=None):
    """Grants per area of a level, every area shown; areas no grant reaches are marked. Nationwide
    grants are counted apart, in the title. Returns the Axes."""
    import matplotlib.pyplot as plt

    df = self.coverage_frame(level)
    if ax is None:
        _, ax = plt.subplots(figsize=(10, max(3, 0.25 * len(df) + 1)))
    colors = ["tab:blue" if c else "tab:red" for c in df["covered"]]
    ax.barh(df["area"], df["grants"], color=colors)
    for y, (n, covered) in enumerate(zip(df["grants"], df["covered"])):
        if not covered:
            ax.text(0.1, y, "no grant", va="center", color="tab:red", fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("grants")
    nationwide = len(df.attrs.get("nationwide", []))
    ax.set_title(f"{self.acronym()}: grants per {level} (plus {nationwide} nationwide)")
    return ax


Program.plot_timeline = plot_timeline
Program.plot_coverage = plot_coverage
