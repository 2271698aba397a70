"""The in-app notification list, preferences, and the one-click unsubscribe link of e-mails."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from lms.models import Notification
from lms.notifications.kinds import KINDS
from lms.notifications.preferences import preferences_for, set_preferences, turn_off
from lms.notifications.unsubscribe import read_unsubscribe_token

PAGE_SIZE = 30


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    entries = Notification.objects.filter(recipient=request.user).only(
        "title", "body", "url", "created_at", "read_at", "kind"
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    unread = Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()
    return render(request, "lms/notifications.html", {"page": page, "unread": unread})


@login_required
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Follow an entry's link, marking it read (a plain link works without JavaScript)."""
    notification = get_object_or_404(Notification, pk=notification_id, recipient=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())
    target = notification.url or "/notifications/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/notifications/"
    return redirect(target)


@login_required
@require_POST
def notification_mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=notification_id, recipient=request.user)
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("lms:notifications")


@login_required
@require_POST
def notification_mark_all_read(request: HttpRequest) -> HttpResponse:
    marked = Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    messages.success(request, f"Marked {marked} notification{'s' if marked != 1 else ''} as read.")
    return redirect("lms:notifications")


@login_required
@require_http_methods(["GET", "POST"])
def notification_preferences(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        set_preferences(user=request.user, turned_on=set(request.POST.getlist("kind")))
        messages.success(request, "Your notification preferences were saved.")
        return redirect("lms:notification_preferences")
    return render(
        request,
        "lms/notification_preferences.html",
        {"preferences": preferences_for(request.user)},
    )


@csrf_exempt  # RFC 8058: mail clients POST here without a session; the signed token is the proof
@require_http_methods(["GET", "POST"])
def notification_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (link scanners follow links); POST turns the kind off, no sign-in."""
    found = read_unsubscribe_token(token)
    if found is None:
        return render(request, "lms/notification_unsubscribe.html", {"invalid": True}, status=400)
    user_id, kind = found
    done = request.method == "POST"
    if done:
        turn_off(user_id=user_id, kind=kind)
    return render(
        request,
        "lms/notification_unsubscribe.html",
        {"kind": KINDS[kind], "done": done, "token": token},
    )
