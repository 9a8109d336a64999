"""Form widgets that fit any font size: the setup panels' form, spin boxes, combo boxes, line
edits and scroll areas that never clip their text."""
