"""What a month's send file weighs: a Babinsa's month with photos, sent plain and with a password.

    python bench/send_weight.py                       # 31 visits, 2 phone photos each
    python bench/send_weight.py --size 1600x1200 --quality 80   # photos as WhatsApp sends them

The photos are photo-like JPEGs made with Pillow (a gradient with fine grain, so that the encoder
works about as hard as on a phone photo: 12 MP at quality 90 is about 2.3 MB), each one distinct.
Every step is the real `komsos` (init, add --foto, send) in a temporary folder. Needs the `foto`
extra (Pillow) and, for --sandi, the `sandi` extra (pyzipper).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def photo(size: tuple[int, int], quality: int, base, index: int) -> bytes:  # type: ignore[no-untyped-def]
    from PIL import ImageDraw

    image = base.copy()
    ImageDraw.Draw(image).rectangle((0, 0, 63, 63), fill=(index * 7 % 256, index * 13 % 256, 90))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=31)
    parser.add_argument("--photos-per-visit", type=int, default=2)
    parser.add_argument("--size", default="4000x3000")
    parser.add_argument("--quality", type=int, default=90)
    args = parser.parse_args()
    from PIL import Image, ImageFilter

    width, height = (int(n) for n in args.size.split("x"))
    grain = (
        Image.effect_noise((width, height), 60).convert("RGB").filter(ImageFilter.GaussianBlur(1))
    )
    base = Image.blend(
        Image.linear_gradient("L").resize((width, height)).convert("RGB"), grain, 0.35
    )
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        env = {
            **os.environ,
            "KOMSOS_DB": str(here / "babinsa.json"),
            "KOMSOS_CONFIG_DIR": str(here / "cfg"),
            "KOMSOS_SANDI": "sandi-uji-berat",
            "KOMSOS_NO_INPUT": "1",
        }

        def komsos(*words: str) -> str:
            run = subprocess.run([sys.executable, "-m", "komsos_cli", *words], env=env, cwd=here,
                                 capture_output=True, text=True, check=True)  # fmt: skip
            return run.stdout

        komsos(
            "init", "--no-input", "--pangkat", "Serka", "--babinsa", "Sugianto", "--nrp",
            "21100123", "--koramil", "07/Gatak", "--kodim", "0726/Sukoharjo", "--desa", "Krajan",
            "--kecamatan", "Gatak", "--kabupaten", "Sukoharjo", "--provinsi", "Jawa Tengah",
        )  # fmt: skip
        photo_bytes = 0
        for day in range(1, args.visits + 1):
            files = []
            for n in range(args.photos_per_visit):
                path = here / f"foto-{day:02d}-{n}.jpg"
                path.write_bytes(photo((width, height), args.quality, base, day * 10 + n))
                photo_bytes += path.stat().st_size
                files += ["--foto", str(path)]
            komsos("add", "--no-input", "--tanggal", f"2023-03-{(day - 1) % 31 + 1:02d}", "--warga",
                   f"Harjanto {day}", "--desa", "Krajan", "--topik",
                   "memberikan motivasi kepada pengrajin agar terus menjaga kualitas produknya",
                   "--kutipan", "Kami mendukung penuh usaha warga agar ekonomi desa terus tumbuh",
                   *files)  # fmt: skip
        results = {}
        for label, extra in (("plain", []), ("sandi", ["--sandi"])):
            out = here / f"{label}.komsos"
            started = time.perf_counter()
            komsos("send", "--month", "2023-03", "-o", str(out), *extra)
            results[label] = {
                "bytes": out.stat().st_size,
                "seconds": round(time.perf_counter() - started, 2),
            }
        print(json.dumps({
            "visits": args.visits, "photos": args.visits * args.photos_per_visit,
            "photo_size": args.size, "quality": args.quality, "photo_bytes": photo_bytes,
            **results,
        }, indent=1))  # fmt: skip


if __name__ == "__main__":
    main()
