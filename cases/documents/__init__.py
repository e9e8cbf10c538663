"""Documents (certificates, notices): HTML -> tagged PDF with pre-subset CJK fonts.

Entry point: :func:`cases.documents.render.render_pdf`. Fonts: :mod:`cases.documents.fonts`.
"""
