from django.urls import path

from cms import sop_views, views

app_name = "cms"

urlpatterns = [
    path("register-program/", views.register_program_view, name="register_program"),
    path("register-program/thanks/", views.register_program_thanks, name="register_program_thanks"),
    path("technical-assistance/", views.request_assistance_view, name="request_assistance"),
    path("family-insert/", views.family_insert_index, name="family_insert_index"),
    path(
        "family-insert/<str:language>/",
        views.family_insert_current,
        name="family_insert_current",
    ),
    path(
        "family-insert/<str:language>/<str:version>/",
        views.family_insert_version,
        name="family_insert_version",
    ),
    path(
        "family-insert/<str:language>/<str:version>/pdf/",
        views.family_insert_pdf,
        name="family_insert_pdf",
    ),
    path("sop/", sop_views.my_sop, name="my_sop"),
    path("sop/<int:adoption_id>/", sop_views.read_sop, name="read_sop"),
    path("sop/<int:adoption_id>/pdf/", sop_views.sop_pdf, name="sop_pdf"),
    path(
        "sop/<int:adoption_id>/acknowledge/",
        sop_views.acknowledge_sop_view,
        name="acknowledge_sop",
    ),
    path("sop/agency/<int:agency_id>/", sop_views.agency_sop, name="agency_sop"),
    path("sop/agency/<int:agency_id>/days/", sop_views.agency_sop_days, name="agency_sop_days"),
    path(
        "sop/agency/<int:agency_id>/acknowledgements.csv",
        sop_views.agency_sop_csv,
        name="agency_sop_csv",
    ),
    path(
        "sop/agency/<int:agency_id>/acknowledgements-excel.csv",
        sop_views.agency_sop_excel_csv,
        name="agency_sop_excel_csv",
    ),
]
