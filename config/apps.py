"""App configurations the platform adjusts."""

from django.contrib.staticfiles.apps import StaticFilesConfig


class StaticFiles(StaticFilesConfig):
    # templates/static holds the scripts that build the vendored CSS; they are no static files.
    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "*.py", "*.sh"]
