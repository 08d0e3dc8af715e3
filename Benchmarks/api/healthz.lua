-- GET /healthz: the framework's ceiling on this machine, for the ratio.

dofile("Benchmarks/api/report.lua")
