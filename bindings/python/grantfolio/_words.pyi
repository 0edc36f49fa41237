LANGUAGES: tuple[str, ...]
MONTHS: dict[str, list[str]]
CHARTS: dict[str, dict[str, object]]

def words(lang: str) -> dict[str, object]: ...
