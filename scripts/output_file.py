"""Putting a finished temporary file in place of a script's output, for every
script in this folder (one place for the rule).

A rename makes the output appear whole or not at all. It must not replace what
is not a regular file: run as root, renaming onto /dev/null replaces the
device with a plain file. Such a path (a device, a FIFO) is written into
instead, and a symbolic link is followed, so the link keeps pointing at the
new contents.
"""

import os
import shutil


def replace_output(temporary, path):
    """Moves the finished file `temporary` to `path` (see the module's text)."""
    if os.path.exists(path) and not os.path.isfile(path) and not os.path.isdir(path):
        with open(temporary, "rb") as source, open(path, "wb") as target:
            shutil.copyfileobj(source, target)
        os.remove(temporary)
        return
    target = os.path.realpath(path) if os.path.islink(path) else path
    try:
        os.replace(temporary, target)
    except OSError:
        os.remove(temporary)
        raise
