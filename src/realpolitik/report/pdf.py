"""Print a written HTML report to PDF with headless Chromium, when one is installed.

Chromium renders the report exactly as a browser prints it, through the
report's print stylesheet (``@media print`` in ``report.css``). Nothing is
downloaded: the executable is ``$REALPOLITIK_CHROMIUM``, else ``chromium`` or
``chromium-browser`` on the ``PATH``, else ``/usr/bin/chromium``; when none is
found the error says how to install one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from realpolitik.errors import InputError

__all__ = ["find_chromium", "print_pdf"]

TIMEOUT = 120.0
"""Seconds Chromium may take to print one report."""


def find_chromium() -> str | None:
    """The Chromium executable to use, or None when none is installed."""
    explicit = os.environ.get("REALPOLITIK_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() or shutil.which(explicit) else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


def print_pdf(html: Path, pdf: Path) -> Path:
    """Print the HTML file ``html`` to ``pdf``; InputError (exit 2) when Chromium is missing or fails."""
    chromium = find_chromium()
    if chromium is None:
        raise InputError(
            "--pdf needs Chromium, and none was found (looked at $REALPOLITIK_CHROMIUM, chromium and "
            "chromium-browser on the PATH, /usr/bin/chromium). Install it (apt-get install chromium) or "
            "open the HTML report and print it from a browser; the HTML was written."
        )
    pdf = pdf.resolve()
    with tempfile.TemporaryDirectory(prefix="realpolitik-chromium-") as profile:
        cmd = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            html.resolve().as_uri(),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise InputError(f"--pdf: Chromium at {chromium} could not print the report ({exc}).") from None
    if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        tail = (done.stderr or "").strip().splitlines()[-3:]
        raise InputError(f"--pdf: Chromium at {chromium} failed (exit {done.returncode}): {' '.join(tail)}")
    return pdf
