"""A URL's full name ("legal:fir_detail") from its own name ("fir_detail"), for tests that keep tables of
pages by their own names (the sweep, the access matrices) and reverse them.

Every app's URLs live in its namespace (app_name in its urls.py); a page's own name is unique across
them, which this checks when it reads the resolver."""

from functools import cache

from django.urls import URLPattern, URLResolver, get_resolver


@cache
def _full_names() -> dict[str, str]:
    names: dict[str, str] = {}

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in ("admin", "api"):
                    # Django's admin names its own pages (admin:login), the REST API its endpoints
                    # (api:case); tables of web pages never meet them
                    continue
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                full = f"{namespace}:{pattern.name}" if namespace else pattern.name
                assert names.get(pattern.name, full) == full, f"two pages are named {pattern.name}"
                names[pattern.name] = full

    walk(get_resolver().url_patterns, "")
    return names


def qualified(name: str) -> str:
    """The full name to reverse: "case_detail" -> "cases:case_detail" (a full name is kept)."""
    return name if ":" in name else _full_names().get(name, name)
