from django.urls import path

from lms.rollcall import views

app_name = "rollcall"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("start/", views.start, name="start"),
    path("<int:session_id>/", views.session_detail, name="detail"),
    path("<int:session_id>/code.json", views.code_json, name="code_json"),
    path("<int:session_id>/code/", views.code_screen, name="code_screen"),
    path("<int:session_id>/check-in/", views.check_in_view, name="check_in"),
    path("<int:session_id>/tick/", views.tick, name="tick"),
    path("<int:session_id>/attest/", views.attest, name="attest"),
    path("<int:session_id>/add-late/", views.add_late, name="add_late"),
    path("<int:session_id>/complete/", views.complete, name="complete"),
    path("<int:session_id>/present/", views.present, name="present"),
    path("<int:session_id>/sign-in-sheet/", views.sign_in_sheet, name="sign_in_sheet"),
    path("<int:session_id>/sign-in-sheet.pdf", views.sign_in_sheet_pdf, name="sign_in_sheet_pdf"),
]
