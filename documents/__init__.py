"""Documents (证明 and 通知书): templates staff edit, documents issued on case events and in batches,
their PDFs (HTML → tagged PDF with pre-subset CJK fonts, see :mod:`docfonts`), verification, the register.

The highest room: it reads cases and forms; nothing below imports it. It acts on case events
through the cases room's signal (:mod:`documents.receivers`).
"""
