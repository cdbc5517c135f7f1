"""Guard the public API: what `import realpolitik` exposes is deliberate."""

import realpolitik as rp


def test_exported_members() -> None:
    for name in rp.__all__:
        assert hasattr(rp, name), name
    assert {"load", "loads", "why", "Scenario", "ScenarioError"} <= set(rp.__all__)
    assert {"deals", "levers", "monte_carlo", "sensitivity", "simulate", "forecast", "backtest"} <= set(rp.__all__)


def test_core_import_does_not_pull_in_faces_or_backends() -> None:
    """Presentation and heavy back-ends are optional extras: importing the core must not need them."""
    import subprocess
    import sys

    code = (
        "import sys, realpolitik; "
        "heavy = {'dask', 'distributed', 'fastapi', 'uvicorn', 'spacy', 'altair', 'jinja2', 'trafilatura'}; "
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
