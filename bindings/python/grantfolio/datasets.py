"""The data grantfolio carries."""
from ._grantfolio import _datasets


def caaht_2006():
    """USAID's CAAHT (KVKTNj) anti-trafficking grants in Albania, 2005–2006: 24 grants in 3 phases to
    22 NGOs, US$ 2,097,624 in all, as listed on 10 May 2006. A fresh Program each call."""
    return _datasets.caaht_2006()


__all__ = ["caaht_2006"]
