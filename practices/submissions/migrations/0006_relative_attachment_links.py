"""Practice pages link a submission's attachments by a site-relative path.

Pages made from a submission linked each attachment on the configured base address
(``http://127.0.0.1:8000/praktijk-insturen/bijlage/<key>/`` unless it was set), whatever address
the site ran on. This makes those links relative, on the pages and in their revisions (a draft
revision is what an editor publishes). Only links to an attachment that exists here change.
"""

import re

from django.db import migrations

ATTACHMENT_LINK = re.compile(
    r"\Ahttps?://[^/]+(?P<path>/praktijk-insturen/bijlage/(?P<key>[0-9a-f-]{36})/)\Z"
)


def relative(url, keys):
    match = ATTACHMENT_LINK.match(url or "")
    if match and match["key"] in keys:
        return match["path"]
    return url


def forwards(apps, schema_editor):
    SubmissionAttachment = apps.get_model("submissions", "SubmissionAttachment")
    PracticeLink = apps.get_model("library", "PracticeLink")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")

    keys = {str(key) for key in SubmissionAttachment.objects.values_list("key", flat=True)}
    if not keys:
        return
    for link in PracticeLink.objects.filter(url__contains="/praktijk-insturen/bijlage/"):
        url = relative(link.url, keys)
        if url != link.url:
            link.url = url
            link.save(update_fields=["url"])

    practice_page = ContentType.objects.filter(app_label="library", model="practicepage").first()
    if practice_page is None:
        return
    for revision in Revision.objects.filter(content_type=practice_page).iterator():
        links = (revision.content or {}).get("links") or []
        changed = False
        for link in links:
            url = relative(link.get("url"), keys)
            changed = changed or url != link.get("url")
            link["url"] = url
        if changed:
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0005_drafts_and_proposed_municipality"),
        ("library", "0003_help_texts"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
