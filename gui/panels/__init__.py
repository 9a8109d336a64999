"""Control panels, one file each: the setup dock's forms, the run tool bar and the status bar."""
