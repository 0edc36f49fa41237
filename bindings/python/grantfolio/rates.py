"""Exchange-rate tables: the embedded IMF annual averages, or your own CSV."""
from ._grantfolio import RateTable, imf_annual  # noqa: F401

__all__ = ["RateTable", "imf_annual"]
