from django.urls import include, path

from courses import views

app_name = "courses"

urlpatterns = [
    path("quiz/", include("courses.quiz.urls")),
    path("learn/lessons/<int:lesson_id>/start/", views.lesson_start, name="lesson_start"),
    path("learn/lessons/<int:lesson_id>/complete/", views.lesson_complete, name="lesson_complete"),
]
