"""Typed domain errors raised by services; views map them to a clear message and status code."""

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """Base class: the message is meant for the user, in the active language."""

    status_code = 400


class NotAllowed(DomainError):
    """The actor has no right to this action (e.g. R-REC-2: only the recording authority edits)."""

    status_code = 403


class StaleVersion(DomainError):
    """Someone else changed the object after the actor loaded it (concurrent edit)."""

    status_code = 409


class InvalidState(DomainError):
    """The object's state does not allow the action (e.g. modifying a revoked record)."""

    status_code = 409


__all__ = ["DomainError", "InvalidState", "NotAllowed", "StaleVersion", "ValidationError"]
