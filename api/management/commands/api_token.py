"""Personal API tokens from the command line (an administrator on the server):

    manage.py api_token create USERNAME --scope read [--days 90] [--name "monthly report"]
    manage.py api_token list USERNAME
    manage.py api_token revoke PREFIX

`create` prints the token once; it cannot be read back.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from api.models import ApiToken
from api.tokens import DEFAULT_DAYS, token_create, token_revoke, tokens_of


class Command(BaseCommand):
    help = "Create, list or revoke a person's personal API tokens."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Make a token and print it once.")
        create.add_argument("username")
        create.add_argument("--scope", choices=ApiToken.Scope.values, default=ApiToken.Scope.READ)
        create.add_argument("--days", type=int, default=DEFAULT_DAYS)
        create.add_argument("--name", default="made on the command line")
        listing = sub.add_parser("list", help="A person's tokens (prefix, scope, expiry, last use).")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="Revoke a token by the prefix shown in lists.")
        revoke.add_argument("prefix")

    def _user(self, username):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account {username!r}.")
        return user

    def handle(self, *args, action, **options):
        if action == "create":
            user = self._user(options["username"])
            try:
                token, raw = token_create(
                    actor=None, user=user, name=options["name"], scope=options["scope"], days=options["days"]
                )
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from None
            self.stdout.write(raw)
            self.stderr.write(
                f"Token {token.prefix}… ({token.scope}) for {user.username}, expires {token.expires_at:%Y-%m-%d}. "
                "Shown once: copy it now."
            )
        elif action == "list":
            for token in tokens_of(self._user(options["username"])):
                state = "revoked" if token.revoked_at else ("expired" if token.is_expired else "in use")
                used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
                expires = f"{token.expires_at:%Y-%m-%d}"
                self.stdout.write(
                    f"{token.prefix}…  {token.scope:5}  expires {expires}  last used {used}  {state}  {token.name}"
                )
        else:
            token = ApiToken.objects.filter(prefix=options["prefix"].rstrip("…")).first()
            if token is None:
                raise CommandError("No token with that prefix.")
            token_revoke(actor=None, token=token)
            self.stdout.write(f"Token {token.prefix}… revoked.")
