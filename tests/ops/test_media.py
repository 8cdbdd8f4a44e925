"""Media on pluggable storage, never on a public path: attachments are streamed by the
permission-checked view only."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve

from tests.introductions.conftest import express, offer, partner_owner, vetting  # noqa: F401
from tests.ops.support import base_env, liaison


def test_an_attachment_is_served_by_the_view_to_the_parties_and_never_from_a_media_path(
        world: Any, partner_owner: Any, express: Any, settings: Any, tmp_path: Any, client_for: Any) -> None:  # noqa: F811 - fixtures
    from liaison.introductions import services

    settings.MEDIA_ROOT = tmp_path
    interest = express()
    services.accept_interest(interest, by=partner_owner)
    message = services.post_message(interest, by=partner_owner, body="Datasheet",
                                    attachment=SimpleUploadedFile("sheet.txt", b"confidential specs"))
    view_url = f"/introductions/{interest.pk}/messages/{message.pk}/attachment/"
    party = client_for(world.member)
    assert b"".join(party.get(view_url).streaming_content) == b"confidential specs"
    assert client_for(world.outsider).get(view_url).status_code in (403, 404)
    public_path = settings.MEDIA_URL + message.attachment.name
    try:
        resolve(public_path)
        routed = True
    except Resolver404:
        routed = False
    assert not routed
    assert party.get(public_path).status_code == 404
    thread = party.get(f"/introductions/{interest.pk}/").content.decode()
    assert view_url in thread and public_path not in thread


@pytest.mark.database_free
def test_an_s3_compatible_store_is_a_setting_with_a_private_bucket(tmp_path: Any) -> None:
    env = base_env(tmp_path / "var", LIAISON_MEDIA_STORAGE="s3", LIAISON_S3_BUCKET="liaison-media",
                   LIAISON_S3_ENDPOINT_URL="http://127.0.0.1:9", LIAISON_S3_ACCESS_KEY="k",
                   LIAISON_S3_SECRET_KEY="s")
    code = ("import json; from django.core.files.storage import default_storage as s; "
            "s._setup(); w = s._wrapped; print(json.dumps([type(w).__module__ + '.' + type(w).__name__, s.bucket_name, "
            "s.default_acl, s.querystring_auth, s.file_overwrite, s.endpoint_url]))")
    done = liaison("shell", "-c", code, env=env)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [
        "storages.backends.s3.S3Storage", "liaison-media", "private", True, False, "http://127.0.0.1:9"]
    missing = liaison("check", env={**env, "LIAISON_S3_BUCKET": ""}, check=False)
    assert missing.returncode != 0 and "LIAISON_S3_BUCKET" in missing.stderr
