from django import forms
from django.contrib.auth import validators as auth_validators
from django.utils.translation import gettext_lazy as _

from .models import ROLES_ORG_ADMIN_MAY_GRANT, Role

GRANTABLE_ROLE_CHOICES = [(role.value, role.label) for role in ROLES_ORG_ADMIN_MAY_GRANT]


class MemberInviteForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[auth_validators.UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @/./+/-/_ only. The person logs in with it."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), help_text=_("The invitation link to choose a password is sent here."))
    role = forms.ChoiceField(label=_("Role"), choices=GRANTABLE_ROLE_CHOICES, initial=Role.CASEWORKER)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=GRANTABLE_ROLE_CHOICES)


class OrganisationSwitchForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)
