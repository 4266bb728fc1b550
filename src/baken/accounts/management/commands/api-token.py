"""`baken api-token USERNAME [--days 90]`: issue an API token for a system acting as a user."""

# ruff: noqa: N999 (the module name is the command name, and commands here are hyphenated)

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from baken.accounts import services
from baken.accounts.models import User

MIN_DAYS = 1
MAX_DAYS = 365


class Command(BaseCommand):
    help = (
        "Print a new API token for USERNAME (use it as 'Authorization: Token <token>'). "
        "Only its hash is stored, so it is shown once; the issue is audited."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--days",
            type=int,
            default=90,
            help=f"days until the token expires, {MIN_DAYS} to {MAX_DAYS} (default 90)",
        )

    def handle(self, *args: Any, username: str, days: int, **options: Any) -> None:
        if not MIN_DAYS <= days <= MAX_DAYS:
            raise CommandError(f"--days must be between {MIN_DAYS} and {MAX_DAYS}, not {days}.")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user with the user name {username!r}.")
        if not user.is_active:
            raise CommandError(f"User {username!r} is not active; no token was issued.")
        try:
            token = services.issue_api_token(user, days)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        # The token alone goes to stdout so that scripts can capture it; the note goes to stderr.
        self.stdout.write(token)
        self.stderr.write(f"Token for {username}, valid for {days} days. It is not shown again.")
