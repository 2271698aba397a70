from django.urls import path

from courses.quiz import views

app_name = "quiz"

urlpatterns = [
    path("<int:quiz_id>/start/", views.start, name="start"),
    path("attempts/<uuid:public_id>/", views.attempt_view, name="attempt"),
    path("attempts/<uuid:public_id>/answer/", views.submit, name="submit"),
    path("attempts/<uuid:public_id>/result/", views.result, name="result"),
    path("history/", views.history, name="history"),
    path("marking/", views.marking_list, name="marking"),
    path("marking/<uuid:public_id>/", views.marking_detail, name="marking_detail"),
    path("marking/<uuid:public_id>/mark/<int:position>/", views.mark, name="mark"),
]
