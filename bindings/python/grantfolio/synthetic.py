"""A seeded generator of realistic programmes (the same seed gives the same programme everywhere)."""
from ._grantfolio import _synthetic_program


def program(grants=100, transactions=1000, seed=1):
    """A generated Program: grants with partners and sites in Albania, awards and transactions in
    several currencies (1995–2024), early closures, Unicode titles."""
    return _synthetic_program(int(grants), int(transactions), int(seed))


__all__ = ["program"]
