"""The course's exercises and labs as tools: what ``make check``, ``lab-start``, ``lab-check`` and
``progress`` run (exercise, lab, progress), and ``checking``, the helper every checker in
docs/exercises/ and docs/labs/ imports. A package, so a checker imports it as installed
(``pip install -e .``) wherever it runs from, never by putting docs/ on sys.path."""
