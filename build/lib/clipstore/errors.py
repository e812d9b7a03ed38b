"""Errors raised by the clip store; the API maps each to an HTTP status."""


class StoreError(Exception):
    """Base class: a request the store refuses. `status` is the HTTP status to answer with."""

    status = 400


class NotFound(StoreError):
    """No such object in this household (also used for other households' objects)."""

    status = 404


class Forbidden(StoreError):
    """The member's role does not allow this (their own household's objects they may see)."""

    status = 403


class Invalid(StoreError):
    """Bad input: the message says what is wrong."""

    status = 400


class Conflict(StoreError):
    """The request clashes with the current state (e.g. a camera that is not recording)."""

    status = 409


class NeedsConfirmation(Conflict):
    """A destructive change that was not confirmed: the message names what would go and how to confirm."""

    def __init__(self, message: str, count: int, **details: object) -> None:
        super().__init__(message)
        self.count = count
        self.details = details

    def payload(self) -> dict:
        """Extra JSON fields for the API's 409 answer."""
        return {"count": self.count, "confirm": True, **self.details}
