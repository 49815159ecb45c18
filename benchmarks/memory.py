"""Peak-memory readings shared by the benchmarks.

Each benchmark runs an engine in a fresh subprocess and reads that process's own
peak RSS. ``ru_maxrss`` alone over-reports there: a forked child starts with the
high-water mark of its parent (which may hold the whole corpus), so the mark is
reset first where Linux allows it and read back from ``VmHWM``.
"""

from __future__ import annotations

import os
import resource


def rss_mb() -> float:
    """Current resident set size in MB."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark; False where /proc does not allow it."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def peak_rss_mb() -> float:
    """Peak RSS in MB since ``reset_peak`` (VmHWM), else since process start."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
