"""Process-wide launch settings and counters of the driver."""
threads_override = None  # set_launch_threads(): overrides every kernel's threads option
launches = 0
stats = None  # launch_stats(): kernel name -> [launches, ns in the runtime's call, ns in the driver]
