"""The offline voice front end: microphone, WAV files or text in; recognise, parse, answer, speak.

Run it as `python -m local_voice` (docs/interface.md §2); see docs/voice.md.
"""
