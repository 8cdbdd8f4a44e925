"""A changed password revokes the user's API tokens (a stolen token dies with the password)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from liaison.accounts.models import ApiToken, User


@receiver(post_save, sender=User, dispatch_uid="accounts.revoke_api_tokens_on_password_change")
def revoke_api_tokens_on_password_change(sender: Any, instance: User, created: bool,
                                         **kwargs: Any) -> None:
    # set_password() keeps the new raw password in `_password` until the save is over (Django
    # hands it to the validators' password_changed()). A hash upgrade at sign-in clears it
    # before saving, so only a real change of password revokes, not a new hasher.
    if not created and getattr(instance, "_password", None) is not None:
        ApiToken.objects.filter(user=instance).delete()
