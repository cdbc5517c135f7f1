"""The notebook in docs/ runs top to bottom (executed with nbclient, as a reader would run it)."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from tests.conftest import ROOT


def test_quickstart_notebook_runs() -> None:
    nb = nbformat.read(ROOT / "docs" / "quickstart.ipynb", as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = " ".join(str(o.get("data", {}).get("text/plain", "")) + str(o.get("text", "")) for o in outputs)
    assert "('reject', -0.2)" in text
    assert "reject -> accept" in text
    html = " ".join(str(o.get("data", {}).get("text/html", "")) for o in outputs)
    assert "NATO membership for Ukraine: no membership" in html
