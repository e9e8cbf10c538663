"""The public results board's addresses, mounted at ``/results/`` by the site's URLconf."""
from django.urls import path

from . import views

urlpatterns = [
    path("", views.board_index, name="results_board"),
    path("<id:pk>/", views.board_region, name="results_board_region"),
]
