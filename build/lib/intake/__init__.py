"""Clips from real cameras: a stream recorded on motion, an upload folder, Frigate's events, and labels.

Importing this package loads nothing heavy; PyAV, numpy and OpenCV load with the modules that use them.
"""
