from django.urls import path

from certificates import credential_views, holder_views, views

app_name = "certificates"

urlpatterns = [
    path("certificates/", views.certificate_list, name="list"),
    path("certificates/download.zip", views.certificate_zip, name="zip"),
    path("certificates/<str:code>/", holder_views.certificate_detail, name="detail"),
    path("certificates/<str:code>/reissue/", holder_views.certificate_reissue, name="reissue"),
    path("certificates/<str:code>/download/", views.certificate_download, name="download"),
    path("certificates/<str:code>/prepare/", views.certificate_retry, name="retry"),
    path(
        "certificates/<str:code>/wallet-card.pdf",
        views.personal_wallet_card_pdf,
        name="personal_wallet_card",
    ),
    path(
        "certificates/<str:code>/credential.<str:fmt>",
        credential_views.credential_download,
        name="credential",
    ),
    path("certificates/<str:code>/email/", credential_views.certificate_email, name="email"),
    path("verify/", views.verify_form, name="verify_form"),
    # Before verify/<code>/, which would take "credential" for a code.
    path("verify/credential/", credential_views.verify_credential, name="verify_credential"),
    path("verify/<str:code>.json", views.verify_json, name="verify_json"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("cards/<slug:slug>/", views.card_detail, name="card"),
    path("cards/<slug:slug>/v<int:version>/", views.card_detail, name="card_version"),
    path("cards/<slug:slug>/v<int:version>/wallet.pdf", views.card_wallet_pdf, name="card_wallet"),
    path("cards/<slug:slug>/v<int:version>/sheet.pdf", views.card_sheet_pdf, name="card_sheet"),
]
