"""The edge: HTTP/2 and HTTP/3 in front of the app.

``h2load`` runs and reads Debian's h2load (nghttp2-client); ``h1_vs_h2`` measures
HTTP/1.1 against HTTP/2 on one stack in one run; ``h3_client`` makes an HTTP/3
request with aioquic (no curl or nginx here speaks it); ``docs`` writes the
generated parts of docs/edge.md from the results.
"""
