"""What photos cost: storing one, stamping one, and what a month of them weighs.

    python bench/bench_photos.py [--photos 60] [--size 4000x3000]

Needs Pillow (the ``foto`` extra). The photos are made here: a 12-megapixel scene (gradient,
shapes and sensor-like noise) saved as a phone saves it (JPEG quality 90 with EXIF). They come
out at about 2.5 MB, the low end of real phone photos (2-6 MB): a month of real photos weighs
up to twice the figure printed, and a stamped copy of a detailed scene more than this one.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from pathlib import Path


def phone_photo(width: int, height: int, seed: int) -> bytes:
    from PIL import Image, ImageDraw, ImageFilter

    scene = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(scene)
    for i in range(40):
        x, y = (seed * 97 + i * 389) % width, (seed * 61 + i * 211) % height
        draw.ellipse((x, y, x + width // 6, y + height // 7), fill=(40 + i * 5, 120, 200 - i * 3))
    noise = Image.effect_noise((width, height), 24).convert("RGB")
    scene = (
        Image.blend(scene, noise, 0.22).filter(ImageFilter.SMOOTH_MORE).filter(ImageFilter.SHARPEN)
    )
    exif = Image.Exif()
    exif[0x8769] = {0x9003: "2023:01:16 09:31:05"}
    exif[0x8825] = {1: "S", 2: (7.0, 35.0, 31.6), 3: "E", 4: (110.0, 42.0, 4.3)}
    out = io.BytesIO()
    scene.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=60, help="photos in a month (default 60)")
    parser.add_argument("--size", default="4000x3000")
    parser.add_argument("--samples", type=int, default=5)
    args = parser.parse_args()
    width, height = (int(x) for x in args.size.split("x"))

    from komsos_cli.photos import store_photo
    from komsos_cli.stamp import stamp_lines, write_stamped

    visit = {"id": 1, "tanggal": "2023-01-16", "pangkat": "Serka", "babinsa": "Sugianto",
             "desa": "Krajan", "jenis_desa": "Desa", "kecamatan": "Gatak",
             "provinsi": "Jawa Tengah", "koramil": "07/Gatak",
             "kodim": "0726/Sukoharjo"}  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        db = root / "komsos.json"
        sources, stored_ms, stamped_ms, stamped_sizes = [], [], [], []
        for i in range(args.samples):
            path = root / f"IMG_{i}.jpg"
            path.write_bytes(phone_photo(width, height, i))
            sources.append(path.stat().st_size)
            start = time.perf_counter()
            entry = store_photo(db, path)
            stored_ms.append((time.perf_counter() - start) * 1000)
            target = root / "wa" / f"{i}.jpg"
            start = time.perf_counter()
            write_stamped(path, target, stamp_lines(visit, ["Krajan"], entry))
            stamped_ms.append((time.perf_counter() - start) * 1000)
            stamped_sizes.append(target.stat().st_size)
    source, stamped = statistics.median(sources), statistics.median(stamped_sizes)
    mb = 1024 * 1024
    print(f"photo {width}x{height}: median {source / mb:.2f} MB")
    print(f"store_photo: median {statistics.median(stored_ms):.0f} ms")
    took = statistics.median(stamped_ms)
    print(f"stamped 1280 px copy: median {stamped / 1024:.0f} KB, {took:.0f} ms")
    print(f"a month of {args.photos} photos: store {args.photos * source / mb:.0f} MB, "
          f"stamped copies {args.photos * stamped / mb:.1f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
