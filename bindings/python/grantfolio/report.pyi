from os import PathLike
from typing import Optional, Sequence, Union

from ._grantfolio import Program, RateTable, _DateLike

LANGUAGES: tuple[str, ...]
REFUSED: int

def html(program: Program, lang: str = "en", as_of: Optional[_DateLike] = None, currency: str = "USD",
         rates: Optional[RateTable] = None) -> str: ...
def write_html(program: Program, path: Union[str, PathLike[str]], lang: str = "en", as_of: Optional[_DateLike] = None,
               currency: str = "USD", rates: Optional[RateTable] = None) -> None: ...
def main(argv: Optional[Sequence[str]] = None) -> int: ...
