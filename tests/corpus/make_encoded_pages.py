# ruff: noqa: RUF001 - typographic text is what the pages are made of.
"""Write the corpus pages whose bytes are not plain UTF-8 (run once; the results are committed).

    .venv/bin/python tests/corpus/make_encoded_pages.py

Each page's expected result is the hand-written NAME.json next to it; this script only
produces the bytes (legacy encodings, UTF-16, a BOM with CRLF line ends, mojibake).
"""

from __future__ import annotations

from pathlib import Path

PAGES = Path(__file__).parent / "pages"

CP1252_PAGE = """\
Zürich’s “smart” street lights dim themselves when streets are empty

By René Müller – 2 February 2021

Zürich’s electricity utility has finished fitting 11,000 street lights with motion sensors \
that dim them to 20 percent of their power when nobody is around, and raise them again \
within a second when a pedestrian, cyclist or car approaches.

The city expects to save about €1.2 million a year on electricity – roughly 60 percent of \
the street lights’ consumption – and to reduce light pollution for residents and wildlife.

“People tell us they feel just as safe as before, because the light is always there when \
they need it,” said Sébastien Favre, head of the public lighting programme.
"""

UTF16_LE_BOM_PAGE = """\
Seoul expands its smart shelters for bus passengers

2020-11-30

Seoul will install another 100 “smart shelters” at bus stops across the city, the \
metropolitan government announced. The glass cabins are air-conditioned in summer, heated \
in winter, and have air purifiers, free Wi-Fi and phone chargers.

Sensors inside the shelters monitor air quality and the number of people waiting, and the \
data is used to adjust bus frequencies during rush hours.
"""

UTF16_BE_PAGE = """\
Curitiba tests solar-powered bus rapid transit stations

Published: 11 March 2022

The Brazilian city of Curitiba, known for inventing bus rapid transit in the 1970s, is \
testing tube-shaped stations with solar panels on their roofs.

The first two stations produce more electricity than their lighting, ticket gates and \
displays consume, and feed the surplus into the grid, the city's transport company said.
"""

UTF8_BOM_CRLF_PAGE = """\
Dublin opens its first "smart district" test bed in the Docklands

Posted on 3rd of September 2021

Dublin City Council has opened a test bed in the Docklands where companies can try out \
sensors, autonomous delivery robots and new kinds of street furniture in a real \
neighbourhood.

Residents will be able to see which projects are running and what data they collect on a \
public website, the council said.

The first projects include noise sensors near construction sites and a trial of smart \
bins that tell collection crews when they are full.
"""

MOJIBAKE_PAGE = """\
São Paulo’s new operations centre watches over 20,000 cameras

June 2, 2022 – Reuters

São Paulo has opened an operations centre that brings together feeds from 20,000 \
cameras, flood sensors and traffic lights in one control room, the city’s mayor said.

“It’s the first time that the police, the fire brigade and the traffic authority work \
side by side,” he told reporters at the opening.
"""

KOI8R_PAGE = """\
В Казани запустили систему умного освещения

12.03.2020

В Казани завершили установку системы умного уличного освещения. Светильники \
автоматически снижают яркость, когда на улице нет пешеходов и машин.

По словам представителей мэрии, система позволит сократить расходы на электроэнергию \
почти на треть.
"""


def main() -> None:
    PAGES.mkdir(parents=True, exist_ok=True)
    (PAGES / "cp1252_legacy.txt").write_bytes(CP1252_PAGE.encode("cp1252"))
    (PAGES / "utf16le_bom.txt").write_bytes(b"\xff\xfe" + UTF16_LE_BOM_PAGE.encode("utf-16-le"))
    (PAGES / "utf16be_no_bom.txt").write_bytes(UTF16_BE_PAGE.encode("utf-16-be"))
    (PAGES / "utf8_bom_crlf.txt").write_bytes(
        b"\xef\xbb\xbf" + UTF8_BOM_CRLF_PAGE.replace("\n", "\r\n").encode("utf-8")
    )
    # Mojibake: UTF-8 bytes once misread as Windows-1252 (as browsers do: bytes undefined in
    # cp1252 become C1 controls) and saved again as UTF-8.
    misread = "".join(
        bytes([byte]).decode("cp1252", errors="replace").replace("\ufffd", chr(byte))
        for byte in MOJIBAKE_PAGE.encode("utf-8")
    )
    (PAGES / "mojibake_utf8.txt").write_bytes(misread.encode("utf-8"))
    (PAGES / "koi8r_russian.txt").write_bytes(KOI8R_PAGE.encode("koi8-r"))


if __name__ == "__main__":
    main()
