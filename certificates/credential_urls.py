"""Public documents for verifiers: the issuer's DID document, its keys, the status lists."""

from django.urls import path

from certificates import credential_views

app_name = "credentials"

urlpatterns = [
    path(".well-known/did.json", credential_views.did_json, name="did"),
    path(".well-known/jwks.json", credential_views.jwks_json, name="jwks"),
    path("credentials/status/<int:number>", credential_views.status_list, name="status_list"),
]
