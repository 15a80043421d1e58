"""Analyses over a project's codings, returned as pandas DataFrames: theme tables by arm and
role, co-occurrence of codes, the framework matrix and quotes.

Every module here imports pandas (and scipy) lazily or is itself imported lazily by the CLI,
so `qualkit --help` does not pay for them.
"""
