from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.backends.base import EngineUnavailable
from search.backends.engine import EngineBackend
from search.backends.engine.client import display_url
from search.documents import practice_pages, tool_pages


class Command(BaseCommand):
    help = (
        "Toont of de zoekmachine antwoordt en wat haar index bevat. Eindigt met code 1 als zij "
        "onbereikbaar is, het cluster rood is of de index ontbreekt (zoeken gebruikt dan de "
        "database)."
    )

    def handle(self, **options):
        if not settings.ELASTICSEARCH_URL:
            self.stdout.write(
                "Geen zoekmachine ingesteld (ELASTICSEARCH_URL is leeg); "
                "zoeken gebruikt de database."
            )
            return
        url = display_url(settings.ELASTICSEARCH_URL)
        try:
            health = EngineBackend().health()
        except EngineUnavailable as error:
            raise CommandError(
                f"Zoekmachine {url}: ONBEREIKBAAR ({error}). Zoeken gebruikt nu de database."
            ) from error
        self.stdout.write(
            f"Zoekmachine {url}: {health['distribution']} {health['version']}, "
            f"cluster {health['status']}."
        )
        if not health["indices"]:
            raise CommandError(
                f"Index {health['alias']} ontbreekt; draai manage.py rebuild_search_index."
            )
        published = practice_pages().count() + tool_pages().count()
        self.stdout.write(
            f"Index {health['alias']} → {', '.join(health['indices'])}: "
            f"{health['documents']} documenten, {published} gepubliceerd."
        )
        if health["status"] == "red":
            raise CommandError("Het cluster is rood: niet alle gegevens zijn beschikbaar.")
        if health["documents"] != published:
            self.stdout.write(
                "LET OP: aantallen verschillen; draai manage.py reconcile_search_index."
            )
