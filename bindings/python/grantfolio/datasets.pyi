from ._grantfolio import Program

def caaht_2006() -> Program: ...

__all__ = ["caaht_2006"]
