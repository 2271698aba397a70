"""Demo and real content loaders for cms (run by `manage.py load_demo` through DEMO_STEPS).

Every loader is idempotent: a page, snippet or row that already exists (found by slug or
natural key) is left as it is, so ORS edits survive and a second run changes nothing.
"""
