"""File names written by other people's PCs, made readable.

A name is bytes. Linux hands Python a name that is not valid UTF-8 as a ``str`` holding surrogate
escapes (``os.fsdecode``), which opens the file again but prints as garbage, and Qt drops those
characters altogether; a zip entry without the UTF-8 flag has its bytes decoded as cp437 by
``zipfile``, which turns a Chinese name into box-drawing characters. The engine keeps those strings
to open the files (they are exact), and shows people :func:`readable` instead.

The guess is the one unzip tools make: UTF-8 when the bytes are valid UTF-8 (many tools write it
without setting the flag), then GBK (GB18030, its superset) when every non-ASCII byte pairs up into
Chinese characters. A Western name such as ``pièce`` in Latin-1 also decodes as GBK, but only by
swallowing the ASCII letter after its accented one as a character's second byte, into one Chinese
character alone among Latin letters; such a reading is refused (traditional characters such as 紋
have ASCII second bytes too, but come among other Chinese characters). Then the Western code page the bytes most likely came from (cp437 for zips, the zip format's own;
cp1252 on disk), with U+FFFD where a byte means nothing in it. It never fails.
"""

from __future__ import annotations

import os


def readable(name: str) -> str:
    """``name`` (a path or file name as the OS gave it, surrogate escapes and all) as people read it."""
    if not _has_surrogates(name):
        return name
    return decode_guess(os.fsencode(name), "cp1252")


def readable_location(location: str) -> str:
    """An ``ImageSource.location()`` string (a path, or ``archive.zip:member``) as people read it,
    where only the string is at hand."""
    path, sep, member = location.partition(".zip:")
    if not sep:
        return readable(location)
    return f"{readable(path)}.zip:{readable_zip_member(member, utf8_flag=False)}"


def zip_encoding(members: list[str]) -> str:
    """The code page of a zip's entries without the UTF-8 flag (``members`` as ``zipfile`` decoded
    them), guessed once for the whole archive, as one tool wrote every name: a folder's name must
    read the same in each of its entries, or one class would become two."""
    raw = [m.encode("cp437") for m in members if not m.isascii()]
    for encoding in ("utf-8", "gb18030"):
        readable_share = sum(_guess(r) == encoding for r in raw) / max(len(raw), 1)
        if raw and readable_share >= 0.9:  # an odd name or two with bad bytes: U+FFFD in those
            return encoding
    return "cp437"


def readable_zip_member(member: str, utf8_flag: bool, encoding: str = "") -> str:
    """A zip entry's name as people read it; ``member`` as ``zipfile`` decoded it (cp437 unless the
    UTF-8 flag is set), ``encoding`` the archive's (:func:`zip_encoding`; guessed for this name alone
    when not given)."""
    if utf8_flag or member.isascii():
        return member
    raw = member.encode("cp437")
    return raw.decode(encoding or _guess(raw) or "cp437", errors="replace")


def decode_guess(raw: bytes, western: str) -> str:
    """``raw`` decoded as UTF-8, else as GBK where that reads as Chinese, else as ``western``."""
    return raw.decode(_guess(raw) or western, errors="replace")


def _guess(raw: bytes) -> str | None:
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None
    ascii_kept = sum(c.isascii() for c in text) == sum(b < 0x80 for b in raw)
    if all(c.isascii() or _chinese(c) for c in text) and (ascii_kept or not _lone_chinese(text)):
        return "gb18030"
    return None


def _lone_chinese(text: str) -> bool:
    """Is some Chinese character of ``text`` without a Chinese neighbour?"""
    padded = f" {text} "
    return any(_chinese(c) and not (_chinese(padded[i]) or _chinese(padded[i + 2]))
               for i, c in enumerate(text))


def _chinese(c: str) -> bool:
    """CJK ideographs (with extension A), CJK punctuation and full-width forms."""
    return "\u3000" <= c <= "\u303f" or "\u3400" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"


def _has_surrogates(text: str) -> bool:
    return any("\udc80" <= c <= "\udcff" for c in text)
