# A moment on a timeline or in an audit trail, in the user's time zone: "11 Des 2026 08.00".
SHORT_DATETIME_FORMAT = "j M Y H.i"
