"""Document readers for the proposal checklist: what is in each file of a proposal folder.

``folder`` lists and reads a proposal folder in bounded workers (``sandbox``); ``reader``
sniffs a file's format and hands it to its reader under ``formats/`` (one module per format);
``model`` is what every reader fills in and every rule reads; ``classify`` gives each file its
role. Nothing is imported here, so importing :mod:`tenderctl.documents.model` stays cheap.
"""
