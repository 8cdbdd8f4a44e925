from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "liaison.opportunities"
    label = "opportunities"
    verbose_name = _("Opportunities")
