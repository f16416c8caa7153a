"""The web UI and HTTP API over the store: ``create_app(settings, store=None)``; ``vezha serve``."""
from .app import create_app

__all__ = ["create_app"]
