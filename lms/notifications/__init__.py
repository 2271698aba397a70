"""Notifications: each event is an in-app entry and an e-mail, sent once, in the background.

kinds.py      the one registry of what is sent, to whom, and whether a person may turn it off
service.py    notify(): writes the in-app rows in bulk and enqueues one task for the e-mails
delivery.py   the e-mails themselves (text and HTML, one-click unsubscribe), run by the task
events.py     what each part of the site calls when something happens
(the daily kinds, from cron: lms/due_notifications.py, above cms for the digest's SOP list)
preferences.py, unsubscribe.py  turning optional kinds off (page, signed one-click link)
"""
