"""Public addresses of 星级文明户 (/stars/…): the rounds, a round's notice or honour list, an objection."""
from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="stars_index"),
    path("<int:pk>/", views.round_page, name="stars_round"),
    path("<int:pk>/object/<int:entry_pk>/", views.objection, name="stars_objection"),
]
