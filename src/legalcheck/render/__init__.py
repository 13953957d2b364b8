"""Renderers: each turns a result (``result.py``) into one output format. No I/O of their own
beyond what they are handed (a Console, or a string they return)."""
