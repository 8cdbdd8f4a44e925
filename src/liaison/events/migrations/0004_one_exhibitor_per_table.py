from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0003_free_shared_exhibitor_tables'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='registration',
            constraint=models.UniqueConstraint(condition=models.Q(('own_table__isnull', False)), fields=('own_table',), name='one_exhibitor_per_table'),
        ),
    ]
