import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from practices.library.demo import load_demo_content
from practices.taxonomy.loading import load_taxonomy

ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    # Read when the command is loaded, in the site language (argparse takes no lazy text).
    help = _(
        "Laadt de taxonomie, de enquêtecijfers en de voorbeelden uit het rapport als demo-inhoud. "
        "Veilig om opnieuw te draaien. Maakt in de lokale demo (PRAKTIJKBANK_DEMO) een "
        "beheerder aan."
    )

    def handle(self, **options):
        self.stdout.write(_("[1/3] Taxonomie: %(report)s.") % {"report": load_taxonomy()})
        self.stdout.write(_("[2/3] Demo-inhoud: %(report)s.") % {"report": load_demo_content()})
        self.stdout.write(_("[3/3] Beheerder: %(admin)s") % {"admin": self._ensure_local_admin()})

    def _ensure_local_admin(self):
        if not settings.PRAKTIJKBANK_DEMO:
            return _("niet aangemaakt (alleen in de lokale demo, PRAKTIJKBANK_DEMO).")
        credentials = settings.VAR_DIR / "admin-credentials.txt"
        user_model = get_user_model()
        if user_model.objects.filter(username=ADMIN_USERNAME).exists() and credentials.exists():
            return credentials.read_text().strip()
        password = secrets.token_urlsafe(12)
        user, _created = user_model.objects.get_or_create(
            username=ADMIN_USERNAME, defaults={"email": "admin@localhost"}
        )
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        text = _("gebruikersnaam %(username)s, wachtwoord %(password)s (/admin/)") % {
            "username": ADMIN_USERNAME,
            "password": password,
        }
        credentials.parent.mkdir(parents=True, exist_ok=True)
        credentials.write_text(text + "\n")
        credentials.chmod(0o600)
        return text
