"""The registry of indicators: every definition module adds its indicators here."""

from __future__ import annotations

from caretrack.indicators.model import Indicator

REGISTRY: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    if indicator.id in REGISTRY:
        raise ValueError(f"indicator {indicator.id} defined twice")
    REGISTRY[indicator.id] = indicator
    return indicator


def indicator(id: str, title: str, unit: str, cohort: str, numerator: str, denominator: str | None, source: str,
              exclusions: str = "", higher_is_better: bool | None = None, measure_unit: str = "", years: int = 1):
    """Decorator: register the decorated `units(data)` function as an indicator."""

    def wrap(units):
        register(Indicator(id, title, unit, cohort, numerator, denominator, source, units, exclusions,
                           higher_is_better, measure_unit, years))
        return units

    return wrap


def get(id: str) -> Indicator:
    _load_definitions()
    try:
        return REGISTRY[id]
    except KeyError:
        raise KeyError(f"no indicator {id!r}; `caretrack indicators --list` shows them") from None


def all_indicators() -> list[Indicator]:
    _load_definitions()
    return list(REGISTRY.values())


def _load_definitions() -> None:
    import caretrack.indicators.definitions  # noqa: F401  (registers on import)
