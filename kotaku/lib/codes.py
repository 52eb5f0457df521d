"""Short, non-guessable codes for records that appear in public URLs and on printed reports.

Sequential ids in URLs tell an outsider how many records exist and invite guessing the next one;
these codes do neither. 10 characters of Crockford base32 (no I, L, O, U) give 50 bits.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
