"""Where a picture lives (a file, or an entry of a zip file) and reading its bytes safely.

Reading never trusts the file: a size over ``MAX_FILE_BYTES`` (a zip bomb declares its size) or a
damaged, encrypted or vanished entry becomes an ``ImageRejected`` with a sentence the user can act on.
"""

from __future__ import annotations

import os
import threading
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from aigc_desktop.core.data.file_names import readable
from aigc_desktop.core.data.images import FILE_TOO_BIG, MAX_FILE_BYTES, ImageRejected, unreadable_reason

# Sentences for the user (translated in the window: see core/messages.py).
BAD_ZIP = "The zip file is damaged and could not be opened."
BAD_ZIP_ENTRY = "This entry of the zip file is damaged and could not be read."
ENCRYPTED = "This entry of the zip file is password-protected."
UNSUPPORTED_COMPRESSION = "This entry of the zip file uses a compression method the app cannot read."
ENTRY_GONE = "This entry is no longer in the zip file."


@dataclass(frozen=True)
class ImageSource:
    """Where one picture lives: a file, or an entry (``member``) of a zip file at ``path``."""

    path: str
    member: str | None = None
    label: str = ""
    # The zip entry's name as people read it (file_names.readable_zip_member); ``member`` stays as
    # zipfile decoded it, which is what opens the entry again.
    shown_member: str | None = field(default=None, compare=False)

    def display_name(self) -> str:
        """Short name for lists, readable whatever code page wrote it: ``"file.png"`` or
        ``"archive.zip:dir/file.png"``."""
        name = readable(os.path.basename(self.path))
        return f"{name}:{self._member_shown()}" if self.member is not None else name

    def file_name(self) -> str:
        """The picture's own file name, readable: the last part of the path or of the zip entry."""
        return os.path.basename(self._member_shown() if self.member is not None else readable(self.path))

    def location(self) -> str:
        """Full, unambiguous name: the absolute path, plus ``":member"`` for a zip entry. Exact bytes
        (surrogate escapes and all): a key, and what opens the file again; show :meth:`readable_location`."""
        return f"{self.path}:{self.member}" if self.member is not None else self.path

    def readable_location(self) -> str:
        """:meth:`location` as people read it."""
        path = readable(self.path)
        return f"{path}:{self._member_shown()}" if self.member is not None else path

    def _member_shown(self) -> str:
        return self.shown_member if self.shown_member is not None else readable(self.member or "")

    def read_bytes(self) -> bytes:
        """Read the file or zip entry. Raises ``ImageRejected`` with a plain reason on failure."""
        with SourceReader() as reader:
            return reader.read(self)


class SourceReader:
    """Reads files and zip entries, opening each zip once; thread-safe. Use as a context manager."""

    def __init__(self) -> None:
        self._zips: dict[str, zipfile.ZipFile] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> SourceReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the zip files opened so far."""
        with self._lock:
            for zf in self._zips.values():
                zf.close()
            self._zips.clear()

    def read(self, source: ImageSource) -> bytes:
        """The bytes of ``source``. Raises ``ImageRejected`` with a plain reason on failure."""
        if source.member is None:
            try:
                if os.path.getsize(source.path) > MAX_FILE_BYTES:
                    raise ImageRejected(FILE_TOO_BIG)
                return Path(source.path).read_bytes()
            except OSError as exc:
                raise ImageRejected(unreadable_reason(exc)) from exc
        zf = self._zip(source.path)
        try:
            info = zf.getinfo(source.member)
            if info.flag_bits & 0x1:
                raise ImageRejected(ENCRYPTED)
            if info.file_size > MAX_FILE_BYTES:  # zipfile stops at the declared size: this bounds a zip bomb
                raise ImageRejected(FILE_TOO_BIG)
            # ZipFile supports concurrent reads of different entries from several threads.
            return zf.read(info)
        except KeyError as exc:
            raise ImageRejected(ENTRY_GONE) from exc
        except NotImplementedError as exc:
            raise ImageRejected(UNSUPPORTED_COMPRESSION) from exc
        except RuntimeError as exc:  # zipfile's "password required"
            raise ImageRejected(ENCRYPTED) from exc
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
            raise ImageRejected(BAD_ZIP_ENTRY) from exc
        except OSError as exc:
            raise ImageRejected(unreadable_reason(exc)) from exc

    def _zip(self, path: str) -> zipfile.ZipFile:
        with self._lock:
            zf = self._zips.get(path)
            if zf is None:
                try:
                    zf = self._zips[path] = zipfile.ZipFile(path)
                except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
                    raise ImageRejected(BAD_ZIP) from exc
                except OSError as exc:
                    raise ImageRejected(unreadable_reason(exc)) from exc
            return zf
