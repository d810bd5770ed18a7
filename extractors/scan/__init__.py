"""Scanned pages: image cleaning (image.py), cell OCR engines (engine.py), OCR word repair
(words.py) and the trust test for a PDF's own text layer (layer.py)."""
