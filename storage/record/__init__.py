"""The record checked against the chain: replay the entries into the state they describe, compare.

:mod:`storage.record.replay` folds the entries, one at a time and with no database, into the rows
the tables should hold (one module per area: register, motions, ballots, meetings, complaints);
:mod:`storage.record.compare` reads the tables and names every difference as a
:class:`~storage.record.findings.Finding`.
"""
