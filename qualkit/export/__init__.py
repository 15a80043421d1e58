"""Tables out: Word documents (python-docx), CSV and XLSX, written atomically."""
