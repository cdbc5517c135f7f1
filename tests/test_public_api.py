"""Guard the public API: what `import realpolitik` exposes is deliberate."""

import realpolitik as rp


def test_exported_members() -> None:
    for name in rp.__all__:
        assert hasattr(rp, name), name
    assert {"load", "loads", "why", "Scenario", "ScenarioError"} <= set(rp.__all__)
