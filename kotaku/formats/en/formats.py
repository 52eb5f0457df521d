# A moment on a timeline or in an audit trail, in the user's time zone: "11 Dec 2026 08:00"
# (Django's "12/11/2026 8 a.m." reads as 12 November in Indonesia).
SHORT_DATETIME_FORMAT = "j M Y H:i"
