"""Dialogs and the questions the file actions ask: downloads, About, file and overwrite prompts."""
