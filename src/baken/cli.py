"""The `baken` command: Django's management commands plus Baken's own.

`baken --help` lists every command, Baken's own under the `[accounts]` and `[audit]` headings.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baken.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    from baken import config

    # Check the environment before Django starts, so that a missing production secret is one
    # clear line rather than a traceback.
    try:
        config.load()
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"baken: configuration error: {exc}\n")
        raise SystemExit(2) from None

    argv = list(sys.argv)
    argv[0] = "baken"
    # Django prints only its own usage line for `--help`; the full list of commands is `help`.
    if len(argv) == 2 and argv[1] in {"--help", "-h"}:
        argv[1] = "help"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
