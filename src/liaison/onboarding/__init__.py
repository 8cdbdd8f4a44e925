"""Bringing an office's firms in: bulk import of organizations, people, opportunities and event
registrations from CSV/XLSX (page and `liaison import`), with a preview before anything is
written; downloadable templates; operational exports.

- `spreadsheet.py`: reading files (encodings, types, limits); `columns.py`: headers in
  English, Chinese and Hebrew; `importers.py`/`more_importers.py`: plan and write;
  `services.py`: import jobs (preview → confirm), run inline or by the worker (`tasks.py`).
"""
