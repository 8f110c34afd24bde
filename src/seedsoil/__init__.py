"""Seed & Soil: small, tested helpers for a course on how breast cancer reaches bone.

Modules
-------
data      load the sourced tables in ``data/`` (validated against ``datapackage.json``)
plotting  the course chart style, figures with alt text, reproducible export
checks    feedback on exercise answers
course    the course map and the launch links (nbviewer, Binder, Colab)

Education, not medical advice.
"""

__version__ = "0.1.0"
