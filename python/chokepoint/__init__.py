"""chokepoint in Python: run scenarios, open results with their coordinates, draw
every figure, write a report to share.

    import chokepoint
    res = chokepoint.run(paths=20000)              # the built-in default scenario
    chokepoint.headline(res)                       # the headline table (pandas)
    chokepoint.plot.fan_chart(res, "wind")         # one figure, a matplotlib Figure
    chokepoint.report(res, "report.html")          # one self-contained HTML page
"""
from . import plot
from .report import report
from .results import DataTree, Results, check_file, open_results, source
from .runner import ChokepointError, find_binary, run
from .tables import headline, paired_change

__version__ = "1.0.0"
__all__ = ["open_results", "run", "report", "plot", "headline", "paired_change", "Results",
           "ChokepointError", "find_binary", "check_file", "source", "DataTree"]
