"""Queries over many people and courses that every dashboard, export and reminder shares.

states   the six cell states and their precedence (one definition of "overdue", "expiring")
facts    training facts of many people × courses in a fixed number of queries, and their Cells
columns  the live courses and the active members a dashboard shows
matrix   the agency matrix (screen, print view, exports)
"""
