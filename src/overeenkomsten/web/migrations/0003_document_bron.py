"""Document.bron: a made file and a received one (signed PDF, attested scan) are told apart
by a field of their own, so ``versie`` has one meaning (the library's document version) and
neither can take over the other's row."""

from typing import Any

from django.db import migrations, models


def ontvangen_bestanden(apps: Any, schema_editor: Any) -> None:
    """Rows of files received on the traject page (stored under ``.../ontvangen/``)."""
    Document = apps.get_model("web", "Document")
    Document.objects.filter(bestand__contains="/ontvangen/").update(bron="ontvangen")


class Migration(migrations.Migration):
    dependencies = [
        ("web", "0002_traject_termijnen"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="bron",
            field=models.CharField(
                choices=[("gemaakt", "gemaakt"), ("ontvangen", "ontvangen")],
                default="gemaakt",
                max_length=9,
            ),
        ),
        migrations.RunPython(ontvangen_bestanden, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(
                condition=models.Q(("bron", "gemaakt")),
                fields=("traject", "soort", "versie"),
                name="document_gemaakt_uniek",
            ),
        ),
    ]
