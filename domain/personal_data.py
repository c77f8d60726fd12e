"""Important personal data (身份证号, phone numbers): SM4-GCM at rest, a keyed hash for uniqueness, masks.

Every area that holds such data (members, development files) uses this one module, so a rule about
personal data is written once.
"""

import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_NONCE = 12
_TAG = 16
_FORMAT = b"\x01"  # a version byte, so that a later key rotation can tell old ciphertexts apart


@dataclass(frozen=True)
class PersonalDataCipher:
    """SM4-GCM with a random nonce per value; the purpose (e.g. b"id_number") is bound as associated data,
    so a phone ciphertext pasted into the ID number column does not decrypt."""

    key: bytes

    def __post_init__(self) -> None:
        if len(self.key) != 16:
            raise ValueError("the SM4 key must be 16 bytes (32 hex digits)")

    @classmethod
    def from_hex(cls, key_hex: str) -> "PersonalDataCipher":
        return cls(bytes.fromhex(key_hex))

    def encrypt(self, clear: str, purpose: bytes) -> bytes:
        nonce = os.urandom(_NONCE)
        encryptor = Cipher(algorithms.SM4(self.key), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(purpose)
        body = encryptor.update(clear.encode()) + encryptor.finalize()
        return _FORMAT + nonce + body + encryptor.tag

    def decrypt(self, stored: bytes, purpose: bytes) -> str:
        if stored[:1] != _FORMAT:
            raise ValueError("unknown personal data format")
        nonce, body, tag = stored[1 : 1 + _NONCE], stored[1 + _NONCE : -_TAG], stored[-_TAG:]
        decryptor = Cipher(algorithms.SM4(self.key), modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(purpose)
        try:
            return (decryptor.update(body) + decryptor.finalize()).decode()
        except InvalidTag as error:
            raise ValueError("personal data failed its integrity check") from error

    def index_key(self, value: str, purpose: bytes) -> str:
        """A keyed hash for uniqueness and lookup: equal values match, the value itself is not stored."""
        return hmac.new(_index_secret(self.key, purpose), value.encode(), hashlib.sha256).hexdigest()


@lru_cache(maxsize=16)
def _index_secret(key: bytes, purpose: bytes) -> bytes:
    # Derived once per key and purpose: an import hashes tens of thousands of values.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"zhdj index " + purpose).derive(key)


# GB 11643-1999: 17 digits with weights 2^(17-i) mod 11, and a check character from this table.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_ID = re.compile(r"^\d{17}[\dX]$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def normalize_id_number(value: str) -> str:
    return value.strip().upper()


def id_check_character(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


@dataclass(frozen=True)
class IdNumberFacts:
    birth_date: date
    male: bool


def read_id_number(value: str) -> IdNumberFacts | None:
    """The birth date and sex an 18-character ID number encodes, or None if it is not a valid one."""
    if not _ID.match(value) or id_check_character(value[:17]) != value[17]:
        return None
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None
    return IdNumberFacts(birth_date=born, male=int(value[16]) % 2 == 1)


def normalize_phone(value: str) -> str:
    return re.sub(r"[\s()]", "", value.strip()).removeprefix("+86")


def is_valid_phone(value: str) -> bool:
    return bool(_MOBILE.match(value) or _LANDLINE.match(value))


def mask_id_number(value: str) -> str:
    """Keep the first 6 and the last 4 characters: 510107********1234."""
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """Keep the first 3 and the last 4 digits: 138****5678."""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
