"""Vezha's fuzzer: seeded hostile inputs for every parser and rule stage (``python -m fuzz``)."""
