"""Process-wide launch settings and counters of the driver."""
threads_override = None  # set_launch_threads(): overrides every kernel's threads option
launches = 0
