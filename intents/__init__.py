"""The intent layer: one catalogue, a text parser, handlers and the conversation state."""

from .catalogue import INTENTS, SLOTS, Catalogue, default_catalogue
from .parser import Parser, ParseResult

__all__ = ["INTENTS", "SLOTS", "Catalogue", "ParseResult", "Parser", "default_catalogue"]
