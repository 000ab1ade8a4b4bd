"""The bundled samples, by seed number: one place for the names the tests share."""

from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NAMES = {
    "000": "000-gaoxin-civil-affairs-2023",
    "001": "001-gaoxin-red-cross-2023",
    "002": "002-gaoxin-human-resources-2023",
    "003": "003-gaoyi-civil-affairs-2021",
    "004": "004-ergong-township-2024",
}
FORMATS = ("txt", "docx", "pdf")
