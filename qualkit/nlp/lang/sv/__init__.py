"""Language data for spoken Swedish in interview transcripts."""
