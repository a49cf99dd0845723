from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "practices.alerts"
    label = "alerts"
    verbose_name = _("E-mail bij nieuwe praktijken")
    default_auto_field = "django.db.models.BigAutoField"
