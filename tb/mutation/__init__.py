"""Mutation testing of the RTL: a catalogue of small, named edits of rtl/ (catalogue.py),
each applied to a copy of rtl/ (mutate.py), built and run against a fast subset of the
regression and, for survivors, the whole regression (runner.py, job.py); the kill matrix
and its JSON/CSV report (report.py). `make mutants` is `python -m tb.mutation`."""
