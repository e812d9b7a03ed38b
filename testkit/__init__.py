"""What the tests and the benchmarks share: real servers they start (a throw-away PostgreSQL cluster, an RTSP
server), the stand-in for Amazon's side of Alexa (a test CA and signed request envelopes), and `wait_for`
(wait.py) for waiting on a condition rather than sleeping a fixed time.

Not part of the installed package; both import it from the repository root (`python -m pytest`,
`python -m bench.NAME`).
"""
