from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.query_params import parse_id
from core.web import refusal_messages, save_form

from . import selectors, services
from .forms import MemberInviteForm, MemberRoleForm, OrganisationSwitchForm
from .middleware import SESSION_KEY
from .models import Membership, Role
from .permissions import role_required


@require_POST
def language_set(request):
    """The language switcher (Django's set_language), remembered on her account when she is signed in,
    so every device she signs in on, and her emails and notifications, follow it."""
    from django.views.i18n import set_language

    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.preferred_language_set(user=request.user, language=language)
    return response


@login_required
@require_POST
def organisation_switch(request):
    form = OrganisationSwitchForm(request.POST)
    target = None
    if form.is_valid():
        target = next((m for m in request.memberships if m.pk == form.cleaned_data["membership"]), None)
    if target is None:
        messages.error(request, _("You are not an active member of that organisation."))
    else:
        request.session[SESSION_KEY] = target.pk
        messages.success(
            request,
            _("You are now working as %(role)s in %(org)s.")
            % {"role": target.get_role_display(), "org": target.organisation.name},
        )
    return redirect("home")


def _member_or_404(request, membership_id) -> Membership:
    try:
        return selectors.membership_get_in_organisation(
            organisation=request.membership.organisation, membership_id=membership_id
        )
    except Membership.DoesNotExist:
        raise Http404 from None


@role_required(Role.ORG_ADMIN)
def member_list(request):
    members = selectors.membership_list_for_organisation(request.membership.organisation)
    return render(request, "consortium/member_list.html", {"members": members})


@role_required(Role.ORG_ADMIN)
def member_invite(request):
    form = MemberInviteForm(request.POST or None)
    saved, membership = save_form(request, form, lambda data: services.member_invite(actor=request.membership, **data))
    if saved:
        messages.success(
            request,
            _("%(name)s was added. An invitation to choose a password was sent to %(email)s.")
            % {"name": membership.user.display_name, "email": membership.user.email},
        )
        return redirect("consortium:member_list")
    return render(request, "consortium/member_invite.html", {"form": form})


@role_required(Role.ORG_ADMIN)
def member_edit(request, membership_id):
    member = _member_or_404(request, membership_id)
    if member.role == Role.COORDINATOR and not request.user.is_superuser:
        # The service refuses it too; say so before she fills in a form that cannot be saved.
        messages.error(request, services.COORDINATOR_REFUSAL)
        return redirect("consortium:member_list")
    form = MemberRoleForm(request.POST or None, initial={"role": member.role})
    if save_form(
        request,
        form,
        lambda data: services.membership_change_role(actor=request.membership, membership=member, role=data["role"]),
    ).saved:
        messages.success(request, _("The role of %(name)s was changed.") % {"name": member.user.display_name})
        return redirect("consortium:member_list")
    return render(request, "consortium/member_edit.html", {"form": form, "member": member})


@role_required(Role.ORG_ADMIN)
@require_POST
def member_set_active(request, membership_id, active):
    member = _member_or_404(request, membership_id)
    service = services.membership_reactivate if active else services.membership_deactivate
    try:
        service(actor=request.membership, membership=member)
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        text = _("%(name)s can work in this organisation again.") if active else _("%(name)s was deactivated.")
        messages.success(request, text % {"name": member.user.display_name})
    return redirect("consortium:member_list")


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """A new member follows the emailed link and chooses her password."""

    template_name = "registration/invitation_accept.html"
    success_url = reverse_lazy("consortium:invitation_done")
    # The link is spent once the password is set: Django's token includes the password hash.


@login_required
def district_options(request):
    """<option>s of one state's districts, for the state → district selects (htmx)."""
    # Anything but a real id (huge, "²", junk) is an empty list, never a 500.
    state_id = parse_id(next((v for k, v in request.GET.items() if k.endswith("state")), ""))
    districts = selectors.district_list_for_state(state_id) if state_id else []
    return render(request, "consortium/_district_options.html", {"districts": districts})
