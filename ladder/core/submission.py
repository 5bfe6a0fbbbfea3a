"""What a page does with a submitted form: on a valid POST, call the service and say so.

The service holds the rules; a ValidationError it raises belongs on the form the user sees,
and a success is flashed before the page redirects. Each app places errors on its forms its
own way, so the caller passes that function in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

FormT = TypeVar("FormT", bound=forms.BaseForm)


def saved(
    request: HttpRequest,
    form: FormT,
    save: Callable[[], str | None],
    *,
    show_errors: Callable[[FormT, ValidationError], None],
) -> bool:
    """On a valid POST, run ``save`` (the service call; it returns the message to flash).

    ``save`` returns None when the page it redirects to says what happened (a job's
    progress page, say), so there is nothing to flash.

    A ValidationError from the service goes on the form through ``show_errors``. True means
    saved, so the caller redirects; False means show the form again.
    """
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        message = save()
    except ValidationError as exc:
        show_errors(form, exc)
        return False
    if message is not None:
        messages.success(request, message)
    return True
