"""Indicator definitions, one module per theme; importing this registers them all,
in the order the annual report presents them."""

from caretrack.indicators.definitions import population  # noqa: F401, I001
from caretrack.indicators.definitions import profile  # noqa: F401
from caretrack.indicators.definitions import placements  # noqa: F401
from caretrack.indicators.definitions import costs  # noqa: F401
from caretrack.indicators.definitions import adoption  # noqa: F401
from caretrack.indicators.definitions import permanence  # noqa: F401
from caretrack.indicators.definitions import health  # noqa: F401
from caretrack.indicators.definitions import care_leavers  # noqa: F401
from caretrack.indicators.definitions import missing  # noqa: F401
from caretrack.indicators.definitions import timeliness  # noqa: F401
