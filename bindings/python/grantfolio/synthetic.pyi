from typing import SupportsIndex

from ._grantfolio import Program

def program(grants: SupportsIndex = 100, transactions: SupportsIndex = 1000, seed: SupportsIndex = 1) -> Program: ...

__all__ = ["program"]
