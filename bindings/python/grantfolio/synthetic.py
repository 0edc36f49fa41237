"""A seeded generator of realistic programmes (the same seed gives the same programme everywhere)."""
import operator

from ._grantfolio import _synthetic_program


def program(grants=100, transactions=1000, seed=1):
    """A generated Program: grants with partners and sites in Albania, awards and transactions in
    several currencies (1995–2024), early closures, Unicode titles. Counts and seed are integers
    (numpy integers too); 1.5 grants is a TypeError, not 1 grant.

    >>> len(program(grants=12, transactions=30, seed=3).grants)
    12
    """
    return _synthetic_program(operator.index(grants), operator.index(transactions), operator.index(seed))


__all__ = ["program"]
