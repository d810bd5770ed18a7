"""The analyst's workbench: a web application over the store (`roadmaps serve`)."""
from .app import create_app

__all__ = ["create_app"]
