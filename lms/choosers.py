"""A searchable chooser for people, used where ORS picks an account in the Wagtail admin.

A plain dropdown of accounts lists every officer in the state (100,000 at full scale) in every
form that names a person; the memberships inline that used one could not be rendered for a
large agency. Wagtail's generic chooser shows one page of people at a time, searched by name
or e-mail.

It names people of every agency, so only those who may change agencies (ORS staff) may open it.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

MAY_CHOOSE_PEOPLE = "lms.change_agency"


class PersonSearchForm(BaseFilterForm):
    """Searches names and e-mail addresses in the database (accounts are not search-indexed)."""

    q = forms.CharField(
        label=_("Name or e-mail"),
        widget=forms.TextInput(attrs={"placeholder": _("Name or e-mail")}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            for word in query.split()[:4]:
                objects = objects.filter(
                    Q(first_name__icontains=word)
                    | Q(last_name__icontains=word)
                    | Q(email__icontains=word)
                )
            self.is_searching = True
            self.search_query = query
        return objects


class OrsOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(MAY_CHOOSE_PEOPLE):
            raise PermissionDenied  # Wagtail answers with its "no permission" redirect
        return super().dispatch(request, *args, **kwargs)


class PersonListMixin:
    filter_form_class = PersonSearchForm
    ordering = ["last_name", "first_name", "pk"]

    def get_object_list(self):
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .only("pk", "email", "first_name", "last_name")
        )

    @property
    def columns(self):
        return [*super().columns, Column("email", label=_("E-mail"))]


class ChoosePersonView(OrsOnlyMixin, PersonListMixin, chooser_views.ChooseView):
    pass


class ChoosePersonResultsView(OrsOnlyMixin, PersonListMixin, chooser_views.ChooseResultsView):
    pass


class PersonChosenView(OrsOnlyMixin, chooser_views.ChosenView):
    pass


class PeopleChosenView(OrsOnlyMixin, chooser_views.ChosenMultipleView):
    pass


class CreatePersonView(OrsOnlyMixin, chooser_views.CreateView):
    pass  # no creation form: accounts are made by invitation, sign-up or roster import


class PersonChooserViewSet(ChooserViewSet):
    model = "lms.User"
    icon = "user"
    choose_one_text = _("Choose a person")
    choose_another_text = _("Choose another person")
    page_title = _("Choose a person")
    per_page = 25
    choose_view_class = ChoosePersonView
    choose_results_view_class = ChoosePersonResultsView
    chosen_view_class = PersonChosenView
    chosen_multiple_view_class = PeopleChosenView
    create_view_class = CreatePersonView
    register_widget = False  # only the fields that ask for it (the memberships inline)


person_chooser_viewset = PersonChooserViewSet("person_chooser", url_prefix="people/choose")
