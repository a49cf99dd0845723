from django.urls import path, register_converter

from . import views

app_name = "submissions"


class TokenConverter:
    """The private link's token: URL-safe base64 from secrets.token_urlsafe(32)."""

    regex = r"[A-Za-z0-9_-]{40,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TokenConverter, "submission_token")

urlpatterns = [
    path("", views.start, name="start"),
    path("bijlage/<uuid:key>/", views.attachment, name="attachment"),
    path("<submission_token:token>/", views.status, name="status"),
    path("<submission_token:token>/stap/<int:number>/", views.step, name="step"),
    path("<submission_token:token>/controleren/", views.review, name="review"),
    path("<submission_token:token>/ontvangen/", views.receipt, name="receipt"),
    path(
        "<submission_token:token>/bijlagen/<uuid:key>/weghalen/",
        views.remove_attachment,
        name="remove_attachment",
    ),
]
