"""Small widgets shared by the panels and views (forms, spin boxes, banner, plot helpers)."""
