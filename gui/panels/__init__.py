"""Control panels of the setup dock, one file each."""
