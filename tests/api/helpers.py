"""Calling the API in tests: a client holding a personal token, made through the real service."""

from rest_framework.test import APIClient

from api.tokens import token_create


def token_for(user, scope: str = "write", days: int = 30) -> str:
    _token, raw = token_create(actor=user, user=user, name="test", scope=scope, days=days)
    return raw


def api_client(member, scope: str = "write") -> APIClient:
    """A client for a membership (or a user) with a fresh token of that scope."""
    user = getattr(member, "user", member)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user, scope)}")
    return client


def url(path: str) -> str:
    return "/api/v1/" + path.lstrip("/")
