echo "WARNING: CPU: 0 PID: 1 at harness-selftest (fake splat)" > /dev/kmsg
