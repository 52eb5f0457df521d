"""Date and time formats that differ from Django's, per language (FORMAT_MODULE_PATH).

Only what is set here changes; every other format comes from Django's locale.
"""
