#!/usr/bin/env bash
# Regenerates corpus/image/ from samples/: one small file per format and variant the loader
# handles differently (a few KB each: libFuzzer mutates small seeds far faster). The result
# is committed, so `make fuzz` needs no ImageMagick; run this only to change the seeds.
# Needs imagemagick and libheif-examples (heif-enc).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src="$here/../../samples/sample_id_2.png"
out="$here/corpus/image"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

convert "$src" -resize 32x40 "$tmp/small.png"
small="$tmp/small.png"
convert "$small" -strip -quality 80 "$out/baseline.jpg"
convert "$small" -strip -interlace JPEG -quality 70 "$out/progressive.jpg"
convert "$small" -strip -sampling-factor 4:4:4 -density 300 -units PixelsPerInch "$out/jfif-300dpi.jpg"
# An APP1 Exif segment (ImageMagick writes none for a stripped file): little-endian TIFF, IFD0
# with Orientation 6 (rotate 90°), XResolution 300/1 and ResolutionUnit inch.
python3 - "$out/baseline.jpg" "$out/exif-orientation-6.jpg" <<'PY'
import struct, sys
entries = [(274, 3, 1, 6), (282, 5, 1, 8 + 2 + 3 * 12 + 4), (296, 3, 1, 2)]
ifd = struct.pack("<H", len(entries)) + b"".join(struct.pack("<HHII", *e) for e in entries) + b"\0" * 4
tiff = b"II*\0" + struct.pack("<I", 8) + ifd + struct.pack("<II", 300, 1)
app1 = b"Exif\0\0" + tiff
jpeg = open(sys.argv[1], "rb").read()
open(sys.argv[2], "wb").write(jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + jpeg[2:])
PY
convert "$small" -strip -colorspace CMYK -quality 80 "$out/cmyk.jpg"
convert "$small" -strip -colorspace Gray -quality 80 "$out/grey.jpg"
convert "$small" -strip "PNG24:$out/rgb.png"
convert "$small" -strip -alpha set -channel A -evaluate set 60% +channel "PNG32:$out/rgba.png"
convert "$small" -strip -colorspace Gray -depth 16 "PNG:$out/grey16.png"
convert "$small" -strip -colors 16 "PNG8:$out/palette.png"
convert "$small" -strip -quality 60 "$out/lossy.webp"
convert "$small" -strip -define webp:lossless=true "$out/lossless.webp"
convert "$small" -strip -alpha set -define webp:alpha-quality=50 -quality 60 "$out/alpha.webp"
convert "$small" -strip "BMP3:$out/rgb24.bmp"
convert "$small" -strip -alpha set "BMP:$out/argb32.bmp"
convert "$small" -strip -compress LZW "$out/lzw.tif"
convert "$small" -strip -compress None -define tiff:endian=msb -orient BottomRight "$out/big-endian-orient3.tif"
convert "$small" -strip "$out/still.gif"
heif-enc -q 40 -o "$out/photo.heic" "$small" > /dev/null
heif-enc -A -q 40 -o "$out/photo.avif" "$small" > /dev/null 2>&1 || echo "no AVIF encoder: photo.avif skipped"
# Hostile shapes to start from: a PNG whose header claims 60000x60000 (a bomb to refuse from
# the header) and a JPEG cut off in its scan (an incomplete download).
python3 - "$out" <<'PY'
import struct, sys
out = sys.argv[1]
png = bytearray(open(out + "/rgb.png", "rb").read())
png[16:24] = struct.pack(">II", 60000, 60000)
open(out + "/bomb-header.png", "wb").write(png)
jpeg = open(out + "/baseline.jpg", "rb").read()
open(out + "/truncated.jpg", "wb").write(jpeg[: len(jpeg) * 2 // 3])
PY
du -ch "$out"/* | tail -1
