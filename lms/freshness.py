"""Version stamps that tell cached, per-person data when it has gone stale.

Two kinds of stamp live in the default cache:
- the content stamp changes whenever anything authored changes (pages, snippets, images,
  documents, sites, settings, agencies);
- a person's stamp changes whenever something of theirs changes (progress, attempts,
  completions, memberships, groups, authenticators, e-mail addresses, roll-call attendance);
- a person's access stamp changes only with what decides their roles (the account itself,
  groups, permissions, memberships, authenticators), so finishing a quiz or reading a lesson
  does not make every worker work the roles out again.

Caches key their entries with the stamps, so a change makes the old entries unreachable; nothing
has to find and delete them. A stamp that is missing (cache restarted or evicted) is replaced by
a new random one, which again only makes old entries unreachable.

Stamps are only trustworthy when every worker sees the same cache (Redis in production, or a
single process in development and tests): `stamps_are_shared()` says so, and callers fall back
to no caching otherwise.
"""

from __future__ import annotations

import functools
import secrets

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

CONTENT_KEY = "lms:stamp:content"
PERSON_KEY = "lms:stamp:person:{}"
ACCESS_KEY = "lms:stamp:access:{}"

# Apps whose models are authored content shown on pages.
CONTENT_APPS = frozenset(
    {
        "auth",  # groups, and so who may do what
        "wagtailcore",
        "wagtailimages",
        "wagtaildocs",
        "wagtailredirects",
        "courses",
        "quiz",
        "certificates",
        "cms",
        "lms",
    }
)
# Records in those apps that are written while people use the site and shown on no shared page:
# stamping the content for them would empty every cache at each login or page view.
NOT_CONTENT = frozenset(
    {
        "wagtailcore.modellogentry",
        "wagtailcore.pagelogentry",
        "wagtailcore.referenceindex",
        "wagtailcore.revision",
        "wagtailcore.comment",
        "wagtailcore.commentreply",
        "wagtailcore.pagesubscription",
        "wagtailcore.uploadedfile",
        "wagtailcore.taskstate",
        "wagtailcore.workflowstate",
        "wagtailimages.rendition",
        "lms.user",
        "lms.reminderlog",
        "certificates.certificatefile",
        "cms.programregistration",
        "cms.registrationnote",
        "cms.technicalassistancerequest",
        "cms.assistancenote",
        "wagtailforms.formsubmission",
        # A person's answers: written with the attempt (which renews the person's stamp), never
        # shown on a shared page. Deleting someone's attempts must not empty every cache.
        "quiz.attemptquestion",
    }
)
# Apps whose models with a `user` foreign key hold a person's own records.
PERSON_APPS = frozenset(
    {"lms", "rollcall", "courses", "quiz", "certificates", "cms", "mfa", "account"}
)
# Person records that decide roles (lms.roles): a change renews the access stamp as well.
ACCESS_MODELS = frozenset({"lms.membership", "mfa.authenticator"})


def stamps_are_shared() -> bool:
    """Whether every worker reads the same stamps (see the module docstring)."""
    return bool(getattr(settings, "ROLLCALL_SHARED_CACHE", False))


def _read(keys: list[str], also: tuple[str, ...] = ()) -> tuple[list[str], dict]:
    """The stamps under `keys` (made when missing), and whatever is under `also`, in one trip."""
    found = cache.get_many([*keys, *also])
    missing = {key: secrets.token_hex(6) for key in keys if key not in found}
    if missing:
        for key, value in missing.items():
            cache.add(key, value, timeout=None)  # another worker may have set one just now
        found.update(cache.get_many(list(missing)))
    return [str(found.get(key, "")) for key in keys], {k: found[k] for k in also if k in found}


def content_stamp() -> str:
    """The content stamp alone (code that runs outside a request: the quiz engine, progress)."""
    (content,), _ = _read([CONTENT_KEY])
    return content


class KeptPerContent:
    """Answers worked out from authored content alone, kept in this process under the content
    stamp: asked again after anything authored changed, they are worked out again. Without a
    shared cache (see stamps_are_shared) nothing is kept.

    For small answers many requests need (a course's outline, a quiz's question pool); one
    entry per key, replaced when the stamp moves on.
    """

    def __init__(self) -> None:
        self._kept: dict[object, tuple[str, object]] = {}

    def get(self, key, work_out):
        if not stamps_are_shared():
            return work_out()
        stamp = content_stamp()
        kept = self._kept.get(key)
        if kept is not None and kept[0] == stamp:
            return kept[1]
        answer = work_out()
        self._kept[key] = (stamp, answer)
        return answer


def access_stamp_with(user_id: int, key: str, *, request=None) -> tuple[str, object]:
    """(the person's access stamp, whatever is under `key`), in one round trip; with the
    request, all its stamps come along and are kept for the rest of it."""
    if request is not None:
        (_, _, access), found = _stamps_of_request(request, user_id, (key,))
    else:
        (access,), found = _read([ACCESS_KEY.format(user_id)], (key,))
    return access, found.get(key)


def stamps_for(user_id: int) -> tuple[str, str]:
    """(content stamp, person stamp) in one round trip."""
    (content, person), _ = _read([CONTENT_KEY, PERSON_KEY.format(user_id)])
    return content, person


def _stamps_of_request(request, user_id: int, also: tuple[str, ...]) -> tuple[tuple, dict]:
    """(content, person, access) stamps, read once per request so everything keyed in one
    request agrees; `also` are fetched in the same round trip."""
    memo = getattr(request, "_lms_stamps", None)
    extra: dict = {}
    if memo is None or memo[0] != user_id:
        keys = [CONTENT_KEY, PERSON_KEY.format(user_id), ACCESS_KEY.format(user_id)]
        stamps, extra = _read(keys, also)
        memo = (user_id, tuple(stamps))
        request._lms_stamps = memo
    elif also:
        extra = cache.get_many(list(also))
    return memo[1], extra


def stamps_for_request(request, user_id: int, *, also: tuple[str, ...] = ()):
    """(content stamp, person stamp), read once per request.

    With `also`, returns (stamps, {key: value}) and fetches those cache keys in the same round
    trip (the page cache's entry).
    """
    (content, person, _), extra = _stamps_of_request(request, user_id, also)
    return ((content, person), extra) if also else (content, person)


def access_stamps_for_request(request, user_id: int) -> tuple[str, str]:
    """(content stamp, access stamp): what a person's roles depend on (groups' permissions are
    content)."""
    (content, _, access), _ = _stamps_of_request(request, user_id, ())
    return content, access


def _write_new_stamps(keys: tuple[str, ...]) -> None:
    if len(keys) == 1:
        cache.set(keys[0], secrets.token_hex(6), timeout=None)
    else:
        cache.set_many({key: secrets.token_hex(6) for key in keys}, timeout=None)


def _renew(*keys: str) -> None:
    if not keys:
        return
    _write_new_stamps(keys)
    if transaction.get_connection().in_atomic_block:
        # Once more after commit: a reader between this write and the commit may have cached
        # the old state under the stamp just set.
        transaction.on_commit(lambda: _write_new_stamps(keys))


def content_changed() -> None:
    _renew(CONTENT_KEY)


def person_changed(user_id: int | None, *, access: bool = False) -> None:
    """Something of this person's changed; `access` when it may change their roles."""
    if user_id:
        _renew(PERSON_KEY.format(user_id))
        if access:
            _renew(ACCESS_KEY.format(user_id))


def people_changed(user_ids) -> None:
    """person_changed for many people at once, in one round trip: for bulk writes, which send
    no signal (bulk_create, queryset updates)."""
    _renew(*sorted({PERSON_KEY.format(user_id) for user_id in user_ids if user_id}))


def _person_id_of(instance) -> int | None:
    label = instance._meta.label_lower
    if label == settings.AUTH_USER_MODEL.lower():
        return instance.pk
    if label == "certificates.certificate":
        completion = getattr(instance, "completion", None)
        return getattr(completion, "user_id", None)
    if instance._meta.app_label in PERSON_APPS:
        return getattr(instance, "user_id", None)
    return None


@functools.cache
def _is_person_model(model) -> bool:
    label = model._meta.label_lower
    if label in (settings.AUTH_USER_MODEL.lower(), "certificates.certificate"):
        return True
    if model._meta.app_label not in PERSON_APPS:
        return False
    return any(field.name == "user" for field in model._meta.concrete_fields)


@functools.cache
def _decides_access(model) -> bool:
    label = model._meta.label_lower
    return label == settings.AUTH_USER_MODEL.lower() or label in ACCESS_MODELS


@functools.cache
def _is_content_model(model) -> bool:
    meta = model._meta
    return (
        meta.app_label in CONTENT_APPS
        and meta.label_lower not in NOT_CONTENT
        and not _is_person_model(model)
    )


def _on_write(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # fixtures
    if _is_person_model(sender):
        person_changed(_person_id_of(instance), access=_decides_access(sender))
    elif _is_content_model(sender):
        content_changed()


def _on_groups_changed(sender, instance, action, pk_set, **kwargs) -> None:
    """A person's groups or own permissions changed (either side of the relation)."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    if isinstance(instance, user_model):
        if action.startswith("post_"):
            person_changed(instance.pk, access=True)
        return
    # From the group's (or permission's) side: the people are in pk_set, except for a clear,
    # which names nobody, so they are noted just before it.
    if action == "pre_clear":
        instance._lms_cleared_user_ids = list(instance.user_set.values_list("pk", flat=True))
        return
    if action == "post_clear":
        pk_set = getattr(instance, "_lms_cleared_user_ids", [])
    if action.startswith("post_"):
        for user_id in pk_set or ():
            person_changed(user_id, access=True)


def _on_group_permissions_changed(sender, action, **kwargs) -> None:
    if action.startswith("post_"):
        content_changed()


def _on_page_moved(sender, **kwargs) -> None:
    content_changed()  # a move rewrites descendants' paths with a bulk update: no post_save


def connect() -> None:
    post_save.connect(_on_write, dispatch_uid="lms.freshness.save")
    post_delete.connect(_on_write, dispatch_uid="lms.freshness.delete")
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    m2m_changed.connect(
        _on_groups_changed, sender=user_model.groups.through, dispatch_uid="lms.freshness.groups"
    )
    m2m_changed.connect(
        _on_groups_changed,
        sender=user_model.user_permissions.through,
        dispatch_uid="lms.freshness.user_permissions",
    )
    from django.contrib.auth.models import Group

    m2m_changed.connect(
        _on_group_permissions_changed,
        sender=Group.permissions.through,
        dispatch_uid="lms.freshness.group_permissions",
    )
    from wagtail.signals import post_page_move

    post_page_move.connect(_on_page_moved, dispatch_uid="lms.freshness.page_move")
