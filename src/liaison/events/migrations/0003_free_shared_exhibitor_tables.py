from django.db import migrations


def to_free(exhibitors):
    """Of (registration id, table id) pairs in registration order, the registrations that
    share a table with an earlier one: the first registered keeps the table."""
    seen, out = set(), []
    for pk, table_id in exhibitors:
        if table_id in seen:
            out.append(pk)
        seen.add(table_id)
    return out


def free_shared_tables(apps, schema_editor):
    """Before the constraint of 0004: where exhibitors share a table (possible until then),
    the others lose it (the host office gives them another)."""
    Registration = apps.get_model("events", "Registration")
    exhibitors = (Registration.objects.filter(own_table__isnull=False)
                  .order_by("created_at", "pk").values_list("pk", "own_table_id"))
    Registration.objects.filter(pk__in=to_free(exhibitors)).update(own_table=None)


class Migration(migrations.Migration):
    # Its own migration (transaction): PostgreSQL refuses to build the index of 0004 while the
    # foreign-key checks of these updates are pending.

    dependencies = [
        ('events', '0002_attendee_availability_interpreter_offers'),
    ]

    operations = [
        migrations.RunPython(free_shared_tables, migrations.RunPython.noop),
    ]
