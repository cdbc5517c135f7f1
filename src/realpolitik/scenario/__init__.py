"""Scenarios: the file format analysts write, and its loader.

A scenario names the actors of a conflict, the issues in dispute (each with a
position scale), the offers on the table, the factors that make each actor
value settling or fighting on, the levers others can pull, and the evidence —
verbatim quotes from source documents — behind every number.
"""

from realpolitik.scenario.actor_table import EumTable, eum_table, eum_uncertainty
from realpolitik.scenario.load import load, loads
from realpolitik.scenario.schema import SCHEMA_VERSION, Scenario

__all__ = ["SCHEMA_VERSION", "EumTable", "Scenario", "eum_table", "eum_uncertainty", "load", "loads"]
