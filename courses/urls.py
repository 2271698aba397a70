from django.urls import include, path

from courses import views

app_name = "courses"

urlpatterns = [
    path("quiz/", include("courses.quiz.urls")),
    path("learn/lessons/<int:lesson_id>/complete/", views.lesson_complete, name="lesson_complete"),
    path(
        "learn/courses/<int:course_id>/offline.json",
        views.course_offline_list,
        name="course_offline_list",
    ),
]
