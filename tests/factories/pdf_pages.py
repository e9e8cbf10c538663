"""A PDF read back page by page with poppler (pdfinfo, pdftotext -f N -l N, pdfimages -list), as a reader sees it.

Independent of the code under test (which counts pages with pypdf): what these say is what is on paper.
"""
import re
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass


@contextmanager
def _file(data: bytes):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        yield handle.name


def _run(*args) -> str:
    return subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8")


@dataclass(frozen=True)
class Page:
    number: int
    text: str  # whitespace removed, so that wrapped lines join
    images: tuple  # (width, height) of each image drawn on the page (soft masks left out)

    @property
    def has_qr_code(self):
        """The verification QR code: a small square image (one pixel a module; the seal is 240 px)."""
        return any(width == height and width < 120 for width, height in self.images)


def pdf_page_count(data: bytes) -> int:
    with _file(data) as name:
        return int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", name), re.MULTILINE).group(1))


def pdf_pages(data: bytes) -> list[Page]:
    """Every page of the PDF: its text and its images."""
    pages = []
    with _file(data) as name:
        count = int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", name), re.MULTILINE).group(1))
        for number in range(1, count + 1):
            text = _run("pdftotext", "-f", str(number), "-l", str(number), "-enc", "UTF-8", name, "-")
            images = []
            for line in _run("pdfimages", "-list", "-f", str(number), "-l", str(number), name).splitlines()[2:]:
                columns = line.split()
                if len(columns) > 4 and columns[2] == "image":
                    images.append((int(columns[3]), int(columns[4])))
            pages.append(Page(number, re.sub(r"\s+", "", text), tuple(images)))
    return pages
