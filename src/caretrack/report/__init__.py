"""Reports: the annual children in care and care leavers report and the committee
performance sections, as HTML and PDF, from the indicator engine's figures.

`build(store, Options(year=...), out)` writes them (caretrack.report.render); the
`caretrack report` command is its front end. Templates: caretrack/report/templates,
or the authority's own (docs/reports.md).
"""

from caretrack.report.render import Built, Options, build

__all__ = ["build", "Options", "Built"]
