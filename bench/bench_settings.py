"""The production settings (seatswap.settings, DEBUG off) with one more page: the floor, for `perf_record`."""

from seatswap.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
