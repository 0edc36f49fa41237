"""The data grantfolio carries."""
from ._grantfolio import _datasets


def caaht_2006():
    """USAID's CAAHT (KVKTNj) anti-trafficking grants in Albania, 2005–2006: 24 grants in 3 phases to
    22 NGOs, US$ 2,097,624 in all, as listed on 10 May 2006. A fresh Program each call."""
    return _datasets.caaht_2006()


def albania_map():
    """Albania's base map (data/geo/): the 12 qarqe as polygons tied to the gazetteer's qark ids,
    the country's outline, a point in each of the 36 districts of 2000–2015, and the attribution
    their licences ask a map to show (Natural Earth, public domain; district points ODbL 1.0).
    What ``Program.plot_map`` draws on."""
    return _datasets.albania_map()


__all__ = ["albania_map", "caaht_2006"]
