"""Drive the lessons in JupyterLab in headless Chromium, as a learner would.

``server`` starts a throw-away JupyterLab on 127.0.0.1 that serves temporary ``.ipynb``
copies of the ``notebooks/NN_*.py`` sources (the sources are never opened, so never saved).
``chromium`` launches Debian's Chromium through Playwright, or fails with one line saying how
to install it. ``lab`` drives a notebook page: run all cells, wait for the kernel, read errors,
find the lesson's main widget and its controls by their labels. ``interactions`` holds one
entry per notebook: what a person does with its main widget and what must change.
"""
