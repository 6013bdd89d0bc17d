#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        # A wrong setting stops start-up with one clear line, not a stack trace.
        sys.stderr.write(f"Nyaya cannot start: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
