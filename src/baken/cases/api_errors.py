"""How the cases API answers a refusal: the services' errors as 400 and 409 with a `detail`
message, a field error for input that names something unavailable, and the error responses the
schema documents for each step."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError

from baken.cases.common import CaseError, ConflictError, TransitionNotAllowedError
from baken.cases.serializers import DetailSerializer


class CaseRefused(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = gettext_lazy("The case cannot take this step.")
    default_code = "refused"


class CaseConflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("The case changed or does not allow this step.")
    default_code = "conflict"


@contextmanager
def service_errors() -> Iterator[None]:
    """A service's refusal as the API's answer (its message is the `detail`)."""
    try:
        yield
    except (TransitionNotAllowedError, ConflictError) as exc:
        raise CaseConflict(str(exc)) from exc
    except CaseError as exc:
        raise CaseRefused(str(exc)) from exc


def invalid(field: str, message: str) -> ValidationError:
    """A 400 with `message` as the error of `field`."""
    return ValidationError({field: [message]})


def listed(values: Sequence[object]) -> str:
    return ", ".join(str(value) for value in values)


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(DetailSerializer, description=description)


NOT_FOUND = _error("No case with this id in your teams' cases")
FORBIDDEN = _error("Your role may not take this step on the case")
REFUSED = OpenApiResponse(description="Field errors, or `detail`: why the rules refuse the step")
CONFLICT = _error("Somebody changed the case first (reload it), or the transition is forbidden")
WRITE_RESPONSES = {400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT}
READ_RESPONSES = {403: FORBIDDEN, 404: NOT_FOUND}
