from collections.abc import Iterable
from datetime import date

LANGUAGES: tuple[str, ...]
MONTHS: dict[str, list[str]]
CHARTS: dict[str, dict[str, object]]

def day_text(day: date, lang: str) -> str: ...
def id_list(ids: Iterable[str], lang: str, most: int = 6) -> str: ...
def words(lang: str) -> dict[str, object]: ...
