"""Errors raised by the clip store; the API maps each to an HTTP status."""


class StoreError(Exception):
    """Base class: a request the store refuses. `status` is the HTTP status to answer with."""

    status = 400


class NotFound(StoreError):
    """No such object in this household (also used for other households' objects)."""

    status = 404


class Invalid(StoreError):
    """Bad input: the message says what is wrong."""

    status = 400


class Conflict(StoreError):
    """The request clashes with the current state (e.g. a camera that is not recording)."""

    status = 409
