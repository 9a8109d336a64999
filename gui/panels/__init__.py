"""Control panels, one file each: the setup dock's forms, the run tool bar, the status bar
and the message banner."""
