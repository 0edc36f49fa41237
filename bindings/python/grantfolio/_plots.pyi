# The functions this module attaches to Program as methods (typed there too, in _grantfolio.pyi).
from typing import Optional

from matplotlib.axes import Axes

from ._grantfolio import BaseMap, Program, _DateLike

def plot_timeline(self: Program, ax: Optional[Axes] = None, as_of: Optional[_DateLike] = None, lang: str = "en") -> Axes: ...
def plot_coverage(self: Program, level: str = "district", ax: Optional[Axes] = None, lang: str = "en") -> Axes: ...
def plot_map(self: Program, ax: Optional[Axes] = None, base_map: Optional[BaseMap] = None, lang: str = "en") -> Axes: ...
TIMELINE_GRANT_ROWS: int
TIMELINE_MAX_ROWS: int
