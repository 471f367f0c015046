"""What every harness uses: the machine's description, core pinning, wrk, a steady
loopback load and its timeline, slowhttptest, CPU/memory sampling, and where results go."""
