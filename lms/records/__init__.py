"""Training records: the append-only ledger and everything read from it.

ledger.py           recording a completion (the one writer), and its repair
training_status.py  current / renewal window / expired: the one rule
assignments.py      what a supervisor or ORS asked someone to take, and by when
content_versions.py the versions of the pages a completion learned from
agency_records.py   what a supervisor may see of a person (their agency's part)
past_records.py, past_records_file.py  training done elsewhere, by hand or by file
ledger_export.py    the ledger as CSV, streamed
hot_sql.py          plain SQL for the few statements a roll-call burst runs
"""
