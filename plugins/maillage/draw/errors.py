"""The one exception of the draw: a French message for the person running it."""

from __future__ import annotations


class DrawError(Exception):
    """A refused operation, with a French message (and the field it is about, if any)."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field
