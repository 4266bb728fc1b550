"""Password rules beyond Django's defaults.

Django 5.2 rewrote the message of its minimum-length rule and its Dutch catalogue has not
caught up, so Dutch users would read it in English; this rule carries its own message.
"""

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.utils.translation import ngettext


class MinimumLength(MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short: use at least %(min_length)d character.",
            "This password is too short: use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
