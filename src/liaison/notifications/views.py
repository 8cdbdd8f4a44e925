"""Notification pages: the list (mark read), and the e-mail preferences per kind."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.accounts.requests import SignedInRequest
from liaison.common.bounds import parse_id
from liaison.notifications import selectors
from liaison.notifications.forms import PreferencesForm
from liaison.notifications.models import Notification
from liaison.notifications.services import mark_read, set_email_preferences


@login_required
def notification_list(request: SignedInRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    qs = selectors.notifications_of(request.user, unread_only=unread_only)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "page": page, "unread_only": unread_only, "querystring": "unread=1" if unread_only else "",
    })


@login_required
@require_POST
def read(request: SignedInRequest) -> HttpResponse:
    """Mark one notification (`id`) or all of them read; `open=1` then follows its link."""
    pk = parse_id(request.POST.get("id"))
    if pk is not None:
        mark_read(request.user, [pk])
        if request.POST.get("open"):
            user = request.user
            note = Notification.objects.filter(user=user, pk=pk).first()
            if note and note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts=None):
                return redirect(note.url)
    else:
        mark_read(request.user)
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def preferences(request: SignedInRequest) -> HttpResponse:
    current = selectors.email_preferences(request.user)
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        set_email_preferences(request.user, dict(form.cleaned_data))
        messages.success(request, _("Your e-mail preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
