"""/account/profile/: the person corrects the name and badge number their certificates print."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lms.people.profile import NameAndBadgeForm, badge_memberships, update_name_and_badge


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    memberships = list(badge_memberships(user))
    has_badge = bool(memberships)
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "badge_number": memberships[0].badge_number if memberships else "",
    }
    form = NameAndBadgeForm(request.POST or None, initial=initial, has_badge=has_badge)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = update_name_and_badge(
            user=user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            badge_number=data["badge_number"] if has_badge else None,
        )
        if changes:
            messages.success(
                request,
                "Saved. New certificates print this name; to reprint one you already hold, "
                "open it from your certificates and ask for a reissue.",
            )
        else:
            messages.info(request, "Nothing changed.")
        return redirect("lms:profile")
    return render(
        request,
        "account/profile.html",
        {"form": form, "memberships": memberships},
        status=400 if form.is_bound else 200,
    )
