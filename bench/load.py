"""`python -m bench.load TASK FILE`: one timed task of bench/register_io.py (or, for a task named
certificates-..., of bench/certificates.py), in a process of its own.

Prints one line of JSON: {"rows", "seconds", "peak_mb"}. The seconds cover the task alone; the peak
is the whole process's (Django included), from getrusage.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phinong.settings")
    import django

    django.setup()
    task = sys.argv[1]
    if task.startswith("certificates-"):
        from bench.certificates import child
    else:
        from bench.register_io import child

    print(json.dumps(child(task, Path(sys.argv[2]))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
