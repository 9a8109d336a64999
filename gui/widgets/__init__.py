"""Small widgets shared by the panels and views: plots/ (the plot panel and its pieces),
forms/ (form widgets that fit any font size), and the banner, key actions, deferred styling
and stepwise building used by both."""
