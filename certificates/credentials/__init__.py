"""Open Badges 3.0 credentials for certificates (W3C Verifiable Credentials 2.0).

keys (the site's P-256 signing key and the public keys it publishes), jose (compact JWS),
issuer (did:web document, JWKS), badge (the OpenBadgeCredential), status_list (revocation
bits), checking (what someone pastes on the verify page), sharing (LinkedIn, e-mail).
"""
