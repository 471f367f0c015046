"""The edge: HTTP/2 and HTTP/3 in front of the app.

``h1_vs_h2`` measures HTTP/1.1 against HTTP/2 on one stack in one run, with
h2load (benchmarks/shared/h2load.py); ``h3_client`` makes an HTTP/3 request with
aioquic (no curl or nginx here speaks it). course/http2_results.py writes the
measurement into docs/http2.md.
"""
