"""The model over time: saved runs, what changed between two of them and why.

An assessment is a moment in a sequence: news arrives, an analyst updates an
estimate, and the question is which part of the answer moved. This package
keeps each answer (:mod:`.runs`) so that two of them can be compared.
"""
