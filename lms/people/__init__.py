"""People and agencies: who someone is, what they may do, how they join and leave.

permissions.py  Wagtail admin permissions for agency administrators
mfa.py          the second factor: who must set one up, and the middleware
sessions.py     idle time-out and renewal
signup.py, validators.py  the sign-up form and the password policy
onboarding.py   join codes, join requests and their approval
invitations.py  inviting an existing account to an agency (never adding it)
roster.py       the roster import (invitations for existing accounts)
profile.py      the person's own account page data
"""
