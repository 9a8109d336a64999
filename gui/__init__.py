"""The Qt dashboard: windows, panels and plots around the engine. Never does the math."""
