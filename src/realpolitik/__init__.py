"""realpolitik: why a party rejects a deal that seems to benefit it."""
