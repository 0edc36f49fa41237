from datetime import date

LANGUAGES: tuple[str, ...]
MONTHS: dict[str, list[str]]
CHARTS: dict[str, dict[str, object]]

def day_text(day: date, lang: str) -> str: ...
def words(lang: str) -> dict[str, object]: ...
