"""Importing photos and PDFs: only real JPEG, PNG and PDF get in, and photos keep no metadata."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from PIL import Image, ImageCms, PngImagePlugin
from vault_files import jpeg_bytes, write_pdf

from homevisit.errors import (
    FileTooLarge,
    FileTypeMismatch,
    FileUnreadable,
    ImageTooLarge,
    UnsupportedFileType,
)
from homevisit.i18n import Text
from homevisit.vault import Vault

GPS_IFD = 0x8825
EXIF_IFD = 0x8769
ORIENTATION = 0x0112
IMAGE_DESCRIPTION = 0x010E
MAKER_NOTE = 0x927C


def _exif_with_gps(canary: bytes, orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[IMAGE_DESCRIPTION] = canary.decode()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (32.0, 3.0, 41.5)  # latitude of a family's home
    gps[3], gps[4] = "E", (118.0, 47.0, 12.25)
    exif.get_ifd(EXIF_IFD)[MAKER_NOTE] = canary + b"-maker-note"
    return exif


def _stored_image(vault: Vault, imported) -> tuple[bytes, Image.Image]:  # type: ignore[no-untyped-def]
    raw = vault.read_bytes(imported.file_id, imported.key)
    image = Image.open(io.BytesIO(raw))
    image.load()
    return raw, image


def test_a_photo_with_gps_is_stored_without_any_metadata(vault, tmp_path, canary):
    photo = Image.new("RGB", (64, 48), (30, 120, 200))
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + canary + b"</x:xmpmeta>"
    source = tmp_path / "IMG_0001.JPG"
    source.write_bytes(
        jpeg_bytes(photo, exif=_exif_with_gps(canary), icc_profile=icc, xmp=xmp, comment=canary)
    )
    assert Image.open(source).getexif().get_ifd(GPS_IFD)  # the source really has GPS

    imported = vault.import_file(source)

    assert (imported.mime, imported.original_name) == ("image/jpeg", "IMG_0001.JPG")
    raw, stored = _stored_image(vault, imported)
    assert stored.format == "JPEG" and stored.size == (64, 48)
    assert dict(stored.getexif()) == {}
    assert not stored.getexif().get_ifd(GPS_IFD)
    for marker in (b"Exif", b"GPS", b"PhoneMaker", canary, b"xmpmeta", b"ICC_PROFILE"):
        assert marker not in raw
    assert set(stored.info) <= {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi"}
    assert imported.size == len(raw)
    vault.verify(imported.file_id, imported.key, imported.sha256)


def test_exif_orientation_is_applied_so_the_photo_stays_upright(vault, tmp_path, canary):
    # A sensor-native landscape frame the camera marked "rotate 90° clockwise to view".
    photo = Image.new("RGB", (80, 40), (0, 0, 255))
    photo.paste((255, 0, 0), (0, 0, 20, 20))  # red block at the sensor's top-left
    source = tmp_path / "portrait.jpg"
    source.write_bytes(jpeg_bytes(photo, exif=_exif_with_gps(canary, orientation=6), quality=95))

    _, stored = _stored_image(vault, vault.import_file(source))

    assert stored.size == (40, 80)  # now portrait
    red, _, blue = stored.convert("RGB").getpixel((35, 5))  # red block is now top-right
    assert red > 200 and blue < 60
    assert ORIENTATION not in stored.getexif()


def test_a_png_loses_text_chunks_exif_and_icc(vault, tmp_path, canary):
    image = Image.new("RGBA", (32, 32), (10, 200, 10, 128))
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", canary.decode())
    info.add_text("Author", canary.decode(), zip=True)
    info.add_itxt("Description", canary.decode(), lang="zh", tkey="说明")
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = tmp_path / "scan.png"
    image.save(source, "PNG", pnginfo=info, exif=_exif_with_gps(canary), icc_profile=icc)
    assert Image.open(source).text  # the source really carries text

    imported = vault.import_file(source)

    assert imported.mime == "image/png"
    raw, stored = _stored_image(vault, imported)
    assert stored.format == "PNG" and stored.mode == "RGBA"
    assert stored.getpixel((0, 0)) == (10, 200, 10, 128)
    assert stored.text == {} and dict(stored.getexif()) == {} and "icc_profile" not in stored.info
    for chunk in (b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"iCCP", canary):
        assert chunk not in raw


def test_a_palette_png_keeps_its_palette_and_transparency(vault, tmp_path):
    image = Image.new("P", (16, 16), 1)
    image.putpalette([0, 0, 0, 255, 255, 255] + [0] * 762)
    source = tmp_path / "sig.png"
    image.save(source, "PNG", transparency=0)
    _, stored = _stored_image(vault, vault.import_file(source))
    assert stored.mode == "P" and stored.info.get("transparency") == 0


def test_a_cmyk_jpeg_is_stored_as_rgb(vault, tmp_path):
    source = tmp_path / "print.jpeg"
    source.write_bytes(jpeg_bytes(Image.new("CMYK", (16, 16), (0, 255, 255, 0))))
    _, stored = _stored_image(vault, vault.import_file(source))
    assert stored.mode == "RGB"
    red, green, blue = stored.getpixel((8, 8))
    assert red > 200 and green < 80 and blue < 80


def test_a_camera_capture_in_memory_can_be_imported_without_a_file(vault):
    imported = vault.import_stream(io.BytesIO(jpeg_bytes(Image.new("L", (8, 8)))), "capture")
    assert imported.mime == "image/jpeg"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _bomb_png(side: int) -> bytes:
    """A genuine 1-bit palette PNG of side × side pixels whose file is a few hundred KiB."""
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 3, 0, 0, 0)
    row = bytes(1 + (side + 7) // 8)  # filter byte + packed pixels, all zero
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"PLTE", b"\x00\x00\x00\xff\xff\xff")
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def test_a_decompression_bomb_is_refused_with_a_clear_message(vault, tmp_path):
    source = tmp_path / "bomb.png"
    source.write_bytes(_bomb_png(20_000))  # 400 million pixels
    assert source.stat().st_size < 1024 * 1024

    with pytest.raises(ImageTooLarge) as refused:
        vault.import_file(source)

    assert "像素过多" in str(refused.value)  # HOMEVISIT_LANG=zh in the test set-up
    assert isinstance(refused.value.text, Text) and "too many pixels" in refused.value.text.en
    assert vault.ids() == set()


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_the_configured_pixel_limit_is_respected_below_pillows_hard_stop(
    vault, tmp_path, monkeypatch
):
    source = tmp_path / "big.png"
    Image.new("L", (100, 100)).save(source)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 5_000)  # between 1× and 2× of the image
    with pytest.raises(ImageTooLarge):
        vault.import_file(source)


def _zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        (
            "photo.jpg",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            UnsupportedFileType,
        ),
        ("contract.pdf", _zip_bytes(), UnsupportedFileType),
        ("notes.txt", b"%PDF-1.4\n", UnsupportedFileType),
        ("photo.png", jpeg_bytes(Image.new("RGB", (4, 4))), FileTypeMismatch),
        ("scan.jpg", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", FileTypeMismatch),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"garbage" * 50, FileUnreadable),
        ("photo.jpg", jpeg_bytes(Image.new("RGB", (64, 64)))[:300], FileUnreadable),
        ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, FileUnreadable),
        ("form.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", FileUnreadable),
        ("form.pdf", b"%PDF-1.7\nstartxref\n999999\n%%EOF\n", FileUnreadable),
        ("empty.pdf", b"", UnsupportedFileType),
        ("photo.gif", b"GIF89a" + b"\0" * 20, UnsupportedFileType),
        ("photo.heic", b"\0\0\0\x18ftypheic" + b"\0" * 20, UnsupportedFileType),
    ],
    ids=[
        "html-as-jpg",
        "zip-as-pdf",
        "pdf-as-txt",
        "jpeg-as-png",
        "pdf-as-jpg",
        "jpeg-magic-garbage",
        "truncated-jpeg",
        "png-magic-garbage",
        "pdf-without-trailer",
        "pdf-xref-outside",
        "empty",
        "gif",
        "heic",
    ],
)
def test_content_that_lies_about_its_type_is_refused(vault, tmp_path, name, content, error):
    source = tmp_path / name
    source.write_bytes(content)
    with pytest.raises(error) as refused:
        vault.import_file(source)
    assert isinstance(refused.value, UnsupportedFileType)
    assert str(refused.value) and "{" not in refused.value.text.zh + refused.value.text.en
    assert vault.ids() == set()
    assert [p for p in vault.root.rglob("*") if p.is_file()] == []


def test_a_pdf_with_a_zip_appended_is_refused(vault, tmp_path):
    source = write_pdf(tmp_path / "polyglot.pdf", 100)
    source.write_bytes(source.read_bytes() + _zip_bytes())
    with pytest.raises(UnsupportedFileType):
        vault.import_file(source)


def test_a_file_over_the_import_limit_is_refused_before_reading_it(tmp_path):
    small = Vault(tmp_path / "vault", import_limit=1024 * 1024)
    source = write_pdf(tmp_path / "big.pdf", 2 * 1024 * 1024)
    with pytest.raises(FileTooLarge) as refused:
        small.import_file(source)
    assert "1 MB" in str(refused.value)
    assert small.ids() == set()


def test_a_multi_picture_jpeg_keeps_only_its_main_image(vault, tmp_path):
    frames = [Image.new("RGB", (16, 16), (255, 0, 0)), Image.new("RGB", (16, 16), (0, 255, 0))]
    source = tmp_path / "burst.jpg"
    frames[0].save(source, "MPO", save_all=True, append_images=frames[1:])
    assert Image.open(source).format == "MPO"
    raw, stored = _stored_image(vault, vault.import_file(source))
    assert stored.format == "JPEG" and getattr(stored, "n_frames", 1) == 1
    assert b"MPF" not in raw
    red, green, _ = stored.getpixel((8, 8))
    assert red > 200 and green < 50


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
def test_a_photo_with_a_broken_exif_block_is_still_accepted_and_cleaned(vault, tmp_path, canary):
    source = tmp_path / "odd-phone.jpg"
    broken = b"Exif\x00\x00II*\x00\x08\x00\x00\x00\xff\xff" + canary + b"\x01" * 40
    source.write_bytes(jpeg_bytes(Image.new("RGB", (8, 8)), exif=broken))
    raw, stored = _stored_image(vault, vault.import_file(source))
    assert canary not in raw and b"Exif" not in raw and stored.size == (8, 8)


@pytest.mark.parametrize(("doc_type", "long_edge"), [("hukou", 3000), ("home_photo", 2000)])
def test_a_camera_photo_is_stored_at_the_kept_size_for_its_kind(vault, tmp_path, doc_type,
                                                                long_edge):
    from homevisit.sanitize import long_edge_for

    source = tmp_path / "photo.jpg"
    Image.new("RGB", (6000, 4000), (90, 140, 40)).save(
        source, exif=_exif_with_gps(b"x", orientation=6))
    imported = vault.import_file(source, long_edge=long_edge_for(doc_type))
    _, image = _stored_image(vault, imported)
    assert image.size == (long_edge * 2 // 3, long_edge)  # upright, long edge as kept


def test_a_png_over_the_decode_limit_is_refused(vault, tmp_path, monkeypatch):
    from homevisit import sanitize

    source = tmp_path / "scan.png"
    Image.new("L", (400, 300)).save(source)
    monkeypatch.setattr(sanitize, "MAX_DECODED_PIXELS", 100_000)  # a PNG has no draft mode
    with pytest.raises(ImageTooLarge):
        vault.import_file(source)
