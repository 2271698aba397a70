"""Local development and the demo served by `make run`."""

from .base import *  # noqa: F403
from .env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-not-for-production")  # noqa: S105
# The demo's e-mails are written as files a person can open: var/mail/<time>-<n>.log.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"  # noqa: F405
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "optional")
# The local demo does not force supervisors and ORS staff through TOTP set-up.
ROLLCALL_ENFORCE_MFA = env_bool("ROLLCALL_ENFORCE_MFA", False)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# Absolute links and QR codes point at the address runserver listens on: `make run` passes
# PORT (PORT=8801 make run), so a code printed by the demo opens on the machine that printed it.
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{env_str('PORT', '8000')}")
WAGTAILADMIN_BASE_URL = SITE_URL
