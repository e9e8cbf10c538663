"""Addresses of the red and black lists: a community's lists (by its code) and the appeal of an entry."""
from django.urls import path

from . import views

urlpatterns = [
    path("<str:code>/", views.board, name="honours_board"),
    path("appeal/<str:public_id>/", views.appeal, name="honours_appeal"),
]
