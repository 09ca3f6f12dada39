"""Code normalisation (upper-case, no dots or spaces) and format checks for ICD-10-CM and ICD-10-PCS."""

from __future__ import annotations

import re

from course_helpers.errors import CodeFormatError

# ICD-10-CM: a letter, then a digit and a letter/digit (I50, C4A) or, since FY2026's QA0 category, a
# letter and a digit; then up to four letters/digits (3 to 7 characters without the dot)
_CM = re.compile(r"[A-Z](?:[0-9][0-9A-Z]|[A-Z][0-9])[0-9A-Z]{0,4}")
# ICD-10-PCS: exactly 7 characters from 0-9 and A-Z without I and O (they look like 1 and 0)
_PCS = re.compile(r"[0-9A-HJ-NP-Z]{7}")
_STRIP = re.compile(r"[\s.]+")


def normalize_code(code: str) -> str:
    """Upper-case a code and drop the dot and whitespace: ' i50.21 ' -> 'I5021'.

    The only dot allowed is the one after the third character (I50.21): 'I502.1' and 'I.5.0.2.1' are
    not I50.21 and raise CodeFormatError.
    """
    if not isinstance(code, str):
        raise CodeFormatError(f"a code must be text, got {type(code).__name__}")
    compact = "".join(code.split())
    if "." in compact and (compact.count(".") > 1 or compact.index(".") != 3):
        shown = compact if len(compact) <= 20 else compact[:20] + "..."
        raise CodeFormatError(f"{shown!r}: a dot may only follow the third character, as in I50.21")
    return compact.replace(".", "").upper()


def is_cm_format(code: str) -> bool:
    """True if the code (any case, dots allowed) is shaped like an ICD-10-CM code."""
    return isinstance(code, str) and _CM.fullmatch(normalize_code(code)) is not None


def is_pcs_format(code: str) -> bool:
    """True if the code (any case, spaces allowed) is shaped like an ICD-10-PCS code."""
    return isinstance(code, str) and _PCS.fullmatch(normalize_code(code)) is not None


def check_cm_format(code: str) -> str:
    """The normalised ICD-10-CM code, or CodeFormatError saying what is wrong with its shape."""
    norm = normalize_code(code)
    if not norm:
        raise CodeFormatError("enter an ICD-10-CM code such as I50.21")
    if _CM.fullmatch(norm):
        return norm
    if _PCS.fullmatch(norm) and not norm[0].isalpha():
        raise CodeFormatError(f"{code!r} looks like an ICD-10-PCS procedure code; enter a diagnosis such as I50.21")
    if not (3 <= len(norm) <= 7):
        raise CodeFormatError(f"{code!r} has {len(norm)} characters; ICD-10-CM codes have 3 to 7 (e.g. I50.21)")
    raise CodeFormatError(
        f"{code!r} is not an ICD-10-CM code: it must start with a letter, then a digit (or, as in QA0, a letter"
        " and a digit): e.g. I50.21"
    )


def check_pcs_format(code: str) -> str:
    """The normalised ICD-10-PCS code, or CodeFormatError saying what is wrong with its shape."""
    norm = normalize_code(code)
    if not norm:
        raise CodeFormatError("enter an ICD-10-PCS code such as 0SR9019")
    if len(norm) != 7:
        raise CodeFormatError(f"{code!r} has {len(norm)} characters; ICD-10-PCS codes have exactly 7 (e.g. 0SR9019)")
    bad = sorted({ch for ch in norm if not _PCS.fullmatch(ch * 7)})
    if bad:
        raise CodeFormatError(f"{code!r} contains {', '.join(bad)}: ICD-10-PCS uses digits and letters except I and O")
    return norm


def format_cm(code: str) -> str:
    """An ICD-10-CM code written the usual way, with a dot after the third character: 'I5021' -> 'I50.21'."""
    norm = normalize_code(code)
    return norm if len(norm) <= 3 else f"{norm[:3]}.{norm[3:]}"
