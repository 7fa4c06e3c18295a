#!/usr/bin/env python3
"""Krippendorff's alpha from the PyPI `krippendorff` package, for ReportMathTests' cross-check.

Usage: alpha_crosscheck.py IN.json

IN.json is a JSON list of {"data": [[value or null, ...], ...], "level": "nominal" | "ordinal" |
"interval" | "ratio"}, where "data" is coders x units (the package's layout) and null is a missing
value. Prints a JSON list with one entry per case, in order: the alpha as a float, or null when the
package returns nan or inf or raises (alpha is not measurable).
"""

import json
import math
import sys
import warnings

import krippendorff
import numpy as np


def one(case):
    data = np.array([[np.nan if v is None else float(v) for v in row] for row in case["data"]], dtype=float)
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            value = float(krippendorff.alpha(reliability_data=data, level_of_measurement=case["level"]))
    except (ValueError, IndexError, ZeroDivisionError):
        return None
    return value if math.isfinite(value) else None


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: alpha_crosscheck.py IN.json")
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)
    json.dump([one(case) for case in cases], sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
