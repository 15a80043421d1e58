"""Swedish text for interview transcripts: tokens, sentences and language data."""
