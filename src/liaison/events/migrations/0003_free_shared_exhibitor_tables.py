from django.db import migrations


def free_shared_tables(apps, schema_editor):
    """Before the constraint of 0004: where exhibitors share a table (possible until then),
    the first registered keeps it and the others lose it (the host office gives them another)."""
    Registration = apps.get_model("events", "Registration")
    seen: set[int] = set()
    for pk, table_id in (Registration.objects.filter(own_table__isnull=False)
                         .order_by("created_at", "pk").values_list("pk", "own_table_id")):
        if table_id in seen:
            Registration.objects.filter(pk=pk).update(own_table=None)
        seen.add(table_id)


class Migration(migrations.Migration):
    # Its own migration (transaction): PostgreSQL refuses to build the index of 0004 while the
    # foreign-key checks of these updates are pending.

    dependencies = [
        ('events', '0002_attendee_availability_interpreter_offers'),
    ]

    operations = [
        migrations.RunPython(free_shared_tables, migrations.RunPython.noop),
    ]
