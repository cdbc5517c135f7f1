"""realpolitik: why a party rejects a deal that seems to benefit it, and what
would change its mind.

Quickstart::

    >>> import realpolitik as rp
    >>> s = rp.load("scenarios/ukraine-2025-07.yaml")
    >>> r = rp.why(s, actor="russia", offer="us-2025")
    >>> r.decision
    'reject'
"""

from realpolitik.analysis.decision import DecisionResult, why
from realpolitik.errors import InputError, RealpolitikError, ScenarioError
from realpolitik.scenario import Scenario, load, loads

__all__ = [
    "DecisionResult",
    "InputError",
    "RealpolitikError",
    "Scenario",
    "ScenarioError",
    "load",
    "loads",
    "why",
]
__version__ = "0.1.0"
