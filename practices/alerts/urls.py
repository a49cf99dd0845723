from django.urls import path

from practices.submissions import private_links  # noqa: F401 (registers <private_token:…>)

from . import views

app_name = "alerts"


urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("verstuurd/", views.sent, name="sent"),
    path("bevestigen/<private_token:token>/", views.confirm, name="confirm"),
    path("uitschrijven/<private_token:token>/", views.unsubscribe, name="unsubscribe"),
    path("gegevens-wissen/<private_token:token>/", views.forget, name="forget"),
]
