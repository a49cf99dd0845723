import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from practices.library.demo import load_demo_content
from practices.taxonomy.loading import load_taxonomy

ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Laadt de taxonomie, de enquêtecijfers en de voorbeelden uit het rapport als demo-inhoud. "
        "Veilig om opnieuw te draaien. Maakt lokaal (DEBUG) een beheerder aan."
    )

    def handle(self, **options):
        self.stdout.write(f"[1/3] Taxonomie: {load_taxonomy()}.")
        self.stdout.write(f"[2/3] Demo-inhoud: {load_demo_content()}.")
        self.stdout.write(f"[3/3] Beheerder: {self._ensure_local_admin()}")

    def _ensure_local_admin(self):
        if not settings.DEBUG:
            return "niet aangemaakt (alleen bij lokale ontwikkeling, DEBUG=True)."
        credentials = settings.VAR_DIR / "admin-credentials.txt"
        user_model = get_user_model()
        if user_model.objects.filter(username=ADMIN_USERNAME).exists() and credentials.exists():
            return credentials.read_text().strip()
        password = secrets.token_urlsafe(12)
        user, _ = user_model.objects.get_or_create(
            username=ADMIN_USERNAME, defaults={"email": "admin@localhost"}
        )
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        text = f"gebruikersnaam {ADMIN_USERNAME}, wachtwoord {password} (/admin/)"
        credentials.parent.mkdir(parents=True, exist_ok=True)
        credentials.write_text(text + "\n")
        credentials.chmod(0o600)
        return text
