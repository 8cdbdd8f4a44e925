from ninja import Router

from liaison.api.auth import signed_in

router = Router(tags=["reports"], auth=signed_in)
