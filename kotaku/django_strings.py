"""Django's own strings whose Indonesian translation reads wrongly, corrected in our catalogue.

The project's catalogue (LOCALE_PATHS) is merged after Django's and its apps', so an entry in
locale/id/LC_MESSAGES/django.po overrides Django's translation of the same msgid. The msgids
are marked here so that `make messages` (makemessages --no-obsolete) keeps those entries;
nothing imports this module. Each must stay an exact msgid of Django's, which
tests/kotaku/test_translations.py checks, so that an upgrade that rewords one is noticed.

The admin's JavaScript strings (the "djangojs" domain, e.g. the chooser of a user's groups)
are corrected in locale/id/LC_MESSAGES/djangojs.po, which is kept by hand: makemessages is
not run for that domain, since the project's own scripts have no translatable strings.
"""

from django.utils.translation import gettext_noop

CORRECTED = [
    # The sign-in form. Django's Indonesian repeats the field's name ("Masukkan nama pengguna
    # nama pengguna dan sandi yang benar"): %(username)s is already "nama pengguna".
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be "
        "case-sensitive."
    ),
    # The admin's user page: "Autentidikasi berdasarkan-sandi", "Diadakan", "Ditiadakan".
    gettext_noop("Password-based authentication"),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, "
        "they may still be able to authenticate using other backends, such as Single Sign-On "
        "or LDAP."
    ),
    gettext_noop("Enable password-based authentication for this user by setting a password."),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
]
