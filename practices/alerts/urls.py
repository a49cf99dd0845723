from django.urls import path, register_converter

from . import views

app_name = "alerts"


class TokenConverter:
    """An alert's token: URL-safe base64 from secrets.token_urlsafe(32)."""

    regex = r"[A-Za-z0-9_-]{40,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TokenConverter, "alert_token")

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("verstuurd/", views.sent, name="sent"),
    path("bevestigen/<alert_token:token>/", views.confirm, name="confirm"),
    path("uitschrijven/<alert_token:token>/", views.unsubscribe, name="unsubscribe"),
    path("gegevens-wissen/<alert_token:token>/", views.forget, name="forget"),
]
