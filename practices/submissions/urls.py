from django.urls import path

from . import private_links, views  # noqa: F401 (private_links registers <private_token:…>)

app_name = "submissions"


urlpatterns = [
    path("", views.start, name="start"),
    path("bijlage/<uuid:key>/", views.attachment, name="attachment"),
    path("<private_token:token>/", views.status, name="status"),
    path("<private_token:token>/stap/<int:number>/", views.step, name="step"),
    path("<private_token:token>/controleren/", views.review, name="review"),
    path("<private_token:token>/ontvangen/", views.receipt, name="receipt"),
    path(
        "<private_token:token>/bijlagen/<uuid:key>/weghalen/",
        views.remove_attachment,
        name="remove_attachment",
    ),
]
