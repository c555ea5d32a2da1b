"""Shared test set-up: every test runs offline, whatever the machine's network."""

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("FIVEQ_OFFLINE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")
