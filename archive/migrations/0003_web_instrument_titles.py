"""Web pages cited without a title were titled by their key ("web:un.org/..."); ingest now
titles them by the address as printed. Retitle those already loaded, which a re-run keeps."""

from django.db import migrations
from django.db.models import F


def title_by_address(apps, schema_editor):
    Instrument = apps.get_model("archive", "Instrument")
    Instrument.objects.filter(kind="web", title=F("key")).exclude(url="").update(title=F("url"), title_inferred=False)


class Migration(migrations.Migration):
    dependencies = [("archive", "0002_lineage")]

    operations = [migrations.RunPython(title_by_address, migrations.RunPython.noop)]
