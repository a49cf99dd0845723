from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from config.robots import robots_txt
from practices.insights.views import what_works_page
from search import views as search_views
from search.api import api as search_api
from search.catalogue import dcat_catalogue
from search.feeds import practices_feed

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", search_api.urls),
    # The exports described for open-data catalogues (DCAT-AP-NL); a stable address to harvest.
    path("open-data/dcat.jsonld", dcat_catalogue, name="dcat_catalogue"),
]

if settings.DEBUG or settings.PRAKTIJKBANK_DEMO:
    # Uploads from the app server, for the local demo only (WhiteNoise serves /static/ in
    # every mode; production serves /media/ from its web server).
    from django.views.static import serve

    media = settings.MEDIA_URL.strip("/")
    urlpatterns += [
        re_path(rf"^{media}/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]

# Dutch at the root, English under /en/.
urlpatterns += i18n_patterns(
    path("zoeken/", search_views.finder, name="search"),
    # The finder's results as an Atom feed, for any of its searches (search/feeds.py).
    path("feeds/praktijken/", practices_feed, name="practices_feed"),
    path("wat-werkt/", what_works_page, name="what_works"),
    # Chosen practices, or a strategy's, as a memo to download (practices/library/dossier.py).
    path("dossier/", include("practices.library.urls")),
    path("praktijk-insturen/", include("practices.submissions.urls")),
    # E-mail alerts for a finder search (practices/alerts); the address is never shown.
    path("e-mail-bij-nieuwe-praktijken/", include("practices.alerts.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
