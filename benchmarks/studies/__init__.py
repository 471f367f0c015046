"""One-off measurements behind single figures on the course pages, each a
``python -m benchmarks.studies.NAME`` writing one results file: wsgiref's listen
backlog, a real burn-rate alert, what the app's metrics cost."""
