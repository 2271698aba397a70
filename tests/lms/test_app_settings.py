"""Each app's settings object: defaults, types, and read when asked (so overrides take effect)."""

from __future__ import annotations

from django.conf import settings
from django.test import override_settings

from certificates.conf import app_settings as certificates_settings
from cms.conf import app_settings as cms_settings
from lms.conf import absolute_url
from lms.conf import app_settings as lms_settings
from lms.rollcall.conf import app_settings as rollcall_settings


def test_defaults_apply_when_a_setting_is_absent():
    with override_settings():
        for name in ("ROLLCALL_JOIN_RATE_LIMIT", "ROLLCALL_CODE_SECONDS", "CERTIFICATES_ZIP_MAX"):
            if hasattr(settings, name):
                delattr(settings, name)
        assert lms_settings.join_rate_limit == (10, 600)
        assert rollcall_settings.code_seconds == 30
        assert certificates_settings.zip_max_certificates == 500


def test_settings_are_read_when_asked_so_overrides_take_effect():
    with override_settings(
        SITE_URL="https://training.example.org/",
        ROLLCALL_CODE_SECONDS="45",
        LMS_REMINDER_DAYS=[7, 0, 30, 7],
        CERTIFICATES_VERIFY_LIMIT="3",
        CMS_REGISTRATION_RATE_LIMIT=2,
        ROLLCALL_REGISTRATION_RESPONSE_TIME="  within five working days ",
    ):
        assert lms_settings.site_url == "https://training.example.org"
        assert absolute_url("/verify/") == "https://training.example.org/verify/"
        assert rollcall_settings.code_seconds == 45
        assert lms_settings.reminder_days == (30, 7)
        assert certificates_settings.verify_rate_limit == (3, 60)
        assert cms_settings.registration_rate_limit == 2
        assert cms_settings.registration_response_time == "within five working days"
    assert lms_settings.site_url != "https://training.example.org"
