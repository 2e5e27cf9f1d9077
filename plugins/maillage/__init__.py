"""Maillage: a static-site knowledge commons for territorial cooperation."""

__version__ = "0.1.0"
