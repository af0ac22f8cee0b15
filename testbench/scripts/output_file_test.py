"""scripts/output_file.py against what the file system shows afterwards:
a regular file replaced whole, a FIFO written and kept, a symbolic link
followed and kept, a folder refused with the temporary removed."""

import os
import stat
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
from output_file import replace_output  # noqa: E402


class ReplaceOutput(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory(prefix="output-file-")
        self.addCleanup(self.folder.cleanup)

    def path(self, name):
        return os.path.join(self.folder.name, name)

    def finished(self, text):
        temporary = self.path("out.tmp")
        with open(temporary, "w") as f:
            f.write(text)
        return temporary

    def read(self, name):
        with open(self.path(name)) as f:
            return f.read()

    def test_regular_file_is_replaced(self):
        with open(self.path("out.json"), "w") as f:
            f.write("old")
        replace_output(self.finished("new"), self.path("out.json"))
        self.assertEqual(self.read("out.json"), "new")
        self.assertEqual(sorted(os.listdir(self.folder.name)), ["out.json"])

    def test_fifo_is_written_not_replaced(self):
        fifo = self.path("out.fifo")
        os.mkfifo(fifo)
        # Reader first, non-blocking: a replaced FIFO then reads empty, no hang.
        reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        try:
            replace_output(self.finished("through the pipe"), fifo)
            self.assertEqual(os.read(reader, 64), b"through the pipe")
        finally:
            os.close(reader)
        self.assertTrue(stat.S_ISFIFO(os.stat(fifo).st_mode))
        self.assertFalse(os.path.exists(self.path("out.tmp")))

    def test_symbolic_link_is_followed(self):
        with open(self.path("target.json"), "w") as f:
            f.write("old")
        os.symlink(self.path("target.json"), self.path("link.json"))
        replace_output(self.finished("new"), self.path("link.json"))
        self.assertTrue(os.path.islink(self.path("link.json")))
        self.assertEqual(self.read("target.json"), "new")

    def test_folder_is_refused_and_the_temporary_removed(self):
        os.mkdir(self.path("taken"))
        with self.assertRaises(OSError):
            replace_output(self.finished("new"), self.path("taken"))
        self.assertEqual(sorted(os.listdir(self.folder.name)), ["taken"])


if __name__ == "__main__":
    unittest.main()
