"""Pictures of entries, checked and resized at build time (Pillow) into responsive files.

An entry's picture is a file of the content folder (`maillage.model.images`). Each one is
decoded for real (a file that only looks like an image fails the build with the entry's file,
line and field), turned upright, stripped of its metadata (a photo's EXIF can hold where it was
taken) and resized to a few widths, as WebP and as JPEG (PNG when it has transparency) for
browsers without WebP. Pages get `<picture>` with `srcset`, `width` and `height` (no layout
shift). Resized files are kept in a cache beside `mkdocs.yml` (`.cache/maillage/images/`, keyed
by the file's content), so a build only resizes new pictures.

A person's picture is personal: shown only with the consent its schema asks (`x-personnel`).
"""

from __future__ import annotations

import hashlib
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path

from maillage.model import Entry
from maillage.model import images as model
from maillage.site import text
from maillage.site.labels import Labels

WIDTHS = (320, 640, 1024)  # a card on a phone, a card on a retina phone or a page, a wide page
MAX_PIXELS = 40_000_000  # more than any camera's photo; a "decompression bomb" is refused
URL = "assets/maillage/images/"
_WEBP_QUALITY = 80
_JPEG_QUALITY = 82


class PictureError(ValueError):
    """A picture the site cannot use; the message is French and names file, line and field."""


@dataclass(frozen=True, slots=True)
class Variant:
    """One width of a picture, as WebP and as a fallback (URLs relative to the site root)."""

    width: int
    height: int
    webp: str
    fallback: str


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture ready for a page: its variants (smallest first), alternative text, credit, licence."""

    alt: str
    credit: str | None
    licence: str | None
    variants: tuple[Variant, ...]

    @property
    def largest(self) -> Variant:
        """The widest variant (its size is the `<img>`'s width and height)."""
        return self.variants[-1]


class Pictures:
    """Every entry's picture, decoded and resized once per content (then cached)."""

    def __init__(self, content: Path, cache: Path, labels: Labels) -> None:
        self.content = content
        self.cache = cache
        self.labels = labels
        self._by_file: dict[str, tuple[Variant, ...]] = {}
        self._made: set[str] = set()  # cache file names this build uses

    def of(self, entry: Entry) -> Picture | None:
        """The entry's picture, or None (no picture, or a person's without consent)."""
        field = entry.type.picture
        value = entry.data.get(field[0]) if field else None
        if not isinstance(value, dict) or not isinstance(value.get(model.FILE), str):
            return None
        assert field is not None
        if not entry.contact_publishable and field in self.labels.schemas.personal_fields(entry.type):
            return None
        relative = value[model.FILE]
        variants = self._by_file.get(relative)
        if variants is None:
            variants = self._by_file[relative] = self._resize(entry, relative)
        licence, credit = value.get(model.LICENCE), value.get(model.CREDIT)
        if isinstance(licence, str):
            licence = self.labels.value(entry.type, (*field, model.LICENCE), licence)
        return Picture(
            alt=str(value.get(model.ALT, "")),
            credit=credit if isinstance(credit, str) else None,
            licence=licence if isinstance(licence, str) else None,
            variants=variants,
        )

    def write(self, site_dir: Path) -> None:
        """Copy the resized files this build uses into the built site."""
        target = site_dir / URL
        target.mkdir(parents=True, exist_ok=True)
        for name in sorted(self._made):
            shutil.copyfile(self.cache / name, target / name)

    def _resize(self, entry: Entry, relative: str) -> tuple[Variant, ...]:
        from PIL import Image, ImageOps  # imported here: only a commons with pictures pays for Pillow

        path = self.content / relative
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise self._error(entry, text.PICTURE_UNREADABLE.format(path=relative, reason=exc.strerror)) from None
        digest = hashlib.sha256(data).hexdigest()[:16]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(path, formats=["PNG", "JPEG", "WEBP", "GIF"]) as opened:
                    if opened.width * opened.height > MAX_PIXELS:  # known from the header, before decoding
                        raise Image.DecompressionBombError(opened.size)
                    opened.load()
                    image = ImageOps.exif_transpose(opened)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            reason = text.PICTURE_TOO_LARGE.format(limit=MAX_PIXELS // 1_000_000)
            raise self._error(entry, text.PICTURE_NOT_DECODED.format(path=relative, reason=reason)) from None
        except (OSError, SyntaxError, ValueError) as exc:
            # Pillow's own messages are English and name absolute paths: say what it means instead.
            unknown = isinstance(exc, Image.UnidentifiedImageError)
            reason = text.PICTURE_UNKNOWN if unknown else text.PICTURE_DAMAGED
            raise self._error(entry, text.PICTURE_NOT_DECODED.format(path=relative, reason=reason)) from None
        transparent = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
        image = image.convert("RGBA" if transparent else "RGB")
        fallback = "png" if transparent else "jpg"
        widths = [w for w in WIDTHS if w < image.width] + [min(image.width, WIDTHS[-1])]
        self.cache.mkdir(parents=True, exist_ok=True)
        variants = []
        for width in dict.fromkeys(widths):
            height = max(1, round(image.height * width / image.width))
            resized = None
            for extension in ("webp", fallback):
                name = f"{digest}-{width}.{extension}"
                self._made.add(name)
                if (self.cache / name).is_file():
                    continue
                resized = resized or image.resize((width, height), Image.Resampling.LANCZOS)
                options = {"quality": _WEBP_QUALITY} if extension == "webp" else (
                    {"quality": _JPEG_QUALITY, "optimize": True, "progressive": True} if extension == "jpg"
                    else {"optimize": True})
                partial = self.cache / f".{name}.partiel"
                resized.save(partial, format={"webp": "WEBP", "jpg": "JPEG", "png": "PNG"}[extension], **options)
                partial.replace(self.cache / name)  # a build stopped halfway leaves no half file
            variants.append(Variant(width, height, f"{URL}{digest}-{width}.webp", f"{URL}{digest}-{width}.{fallback}"))
        return tuple(variants)

    def _error(self, entry: Entry, reason: str) -> PictureError:
        field = entry.type.picture
        assert field is not None
        path = (field[0], model.FILE)
        shown, line, column = entry.document.locate(path)
        return PictureError(f"{shown}:{line}:{column}: « {'.'.join(path)} » : {reason}")
