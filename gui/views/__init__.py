"""The window's tabs, one package each. A view is a QWidget with ``title``, ``apply_style(style)``
and ``visible_plots()``; the window keeps a list of views and never reaches inside one."""
