"""Transcripts in: file readers, encodings, front matter, speaker turns and sentences, cases."""
