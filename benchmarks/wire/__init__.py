"""``make wire``: the bytes between nginx and the app, recorded on the app's socket (run.py)."""
