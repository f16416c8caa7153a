"""Hardening: crash-safety checks (``crash``) used by tests and ``benchmarks/crash.py``."""
