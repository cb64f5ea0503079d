"""Print how much one Babinsa's month of releases repeats itself (issue 10's month targets).

    python bench/month.py [--visits 30]

Targets: at most 5% of sentences outside quotes in 2+ releases; at most 5 four-word phrases
(other than the facts' own words) in 5+ releases.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from babinsa_month import month, render_month  # noqa: E402

from komsos_cli.release import check_text  # noqa: E402
from komsos_cli.release.check import month_figures  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--visits", type=int, default=30)
    parser.add_argument("--show", type=int, default=0, help="print the first N releases")
    args = parser.parse_args()
    visits = month(args.visits)
    texts = render_month(visits)
    share, phrases = month_figures(texts, visits)
    problems = sum(len(check_text(t, v)) for t, v in zip(texts, visits, strict=True))
    for text in texts[: args.show]:
        print(text)
        print("-" * 72)
    print(f"{len(texts)} rilis satu Babinsa dalam satu bulan")
    print(f"kalimat di luar kutipan yang muncul di 2+ rilis: {share:.1%} (target <= 5%)")
    print(f"frasa empat kata di 5+ rilis: {len(phrases)} (target <= 5)")
    for phrase in phrases:
        print(f"  {phrase}")
    print(f"temuan pemeriksa (editor): {problems}")


if __name__ == "__main__":
    main()
