from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from search.backends.base import EngineUnavailable
from search.backends.engine import EngineBackend
from search.backends.engine.client import display_url
from search.documents import practice_pages, tool_pages
from search.index_queue import summary


class Command(BaseCommand):
    # Read when the command is loaded, in the site language (argparse takes no lazy text).
    help = _(
        "Toont of de zoekmachine antwoordt en wat haar index bevat. Eindigt met code 1 als zij "
        "onbereikbaar is, het cluster rood is of de index ontbreekt (zoeken gebruikt dan de "
        "database)."
    )

    def handle(self, **options):
        self._queue_line()
        if not settings.ELASTICSEARCH_URL:
            self.stdout.write(
                _(
                    "Geen zoekmachine ingesteld (ELASTICSEARCH_URL is leeg); "
                    "zoeken gebruikt de database."
                )
            )
            return
        url = display_url(settings.ELASTICSEARCH_URL)
        try:
            health = EngineBackend().health()
        except EngineUnavailable as error:
            raise CommandError(
                _("Zoekmachine %(url)s: ONBEREIKBAAR (%(error)s). Zoeken gebruikt nu de database.")
                % {"url": url, "error": error}
            ) from error
        self.stdout.write(
            _("Zoekmachine %(url)s: %(distribution)s %(version)s, cluster %(status)s.")
            % {
                "url": url,
                "distribution": health["distribution"],
                "version": health["version"],
                "status": health["status"],
            }
        )
        if not health["indices"]:
            raise CommandError(
                _("Index %(alias)s ontbreekt; draai manage.py rebuild_search_index.")
                % {"alias": health["alias"]}
            )
        published = practice_pages().count() + tool_pages().count()
        self.stdout.write(
            _(
                "Index %(alias)s → %(indices)s: %(documents)s documenten, "
                "%(published)s gepubliceerd."
            )
            % {
                "alias": health["alias"],
                "indices": ", ".join(health["indices"]),
                "documents": health["documents"],
                "published": published,
            }
        )
        if health["status"] == "red":
            raise CommandError(_("Het cluster is rood: niet alle gegevens zijn beschikbaar."))
        if health["documents"] != published:
            self.stdout.write(
                _("LET OP: aantallen verschillen; draai manage.py reconcile_search_index.")
            )

    def _queue_line(self):
        # Only when something waits: an empty queue is the normal state and says nothing.
        queue = summary()
        if not queue["pending"]:
            return
        self.stdout.write(
            _(
                "Wachtrij van de zoekindex: %(pending)s wachtend, %(failing)s mislukt, "
                "oudste van %(oldest)s."
            )
            % {
                "pending": queue["pending"],
                "failing": queue["failing"],
                "oldest": timezone.localtime(queue["oldest"]).isoformat(timespec="seconds"),
            }
        )
        if queue["last_error"]:
            self.stdout.write(_("Laatste fout: %(error)s") % {"error": queue["last_error"]})
