"""Write an assembled Document as a .docx laid out after GB/T 9704-2012 (党政机关公文格式).

Formatting lives in five paragraph styles (公文标题, 公文正文, 公文一级标题, 公文二级标题, 公文落款), so a
user who changes one in Word changes every paragraph of that level. Runs carry their fonts as well,
because text pasted into another document keeps run formatting but not our styles.
"""

from __future__ import annotations

import copy
import datetime
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import docx
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.text.paragraph import CT_P
from docx.shared import Mm, Pt
from lxml import etree

from bot.assemble import Document, Paragraph
from bot.cleaning import unwritable_free
from bot.model import GAP_CLOSE, GAP_OPEN

FontProfile = Literal["gb2312", "windows"]


@dataclass(frozen=True)
class _Fonts:
    title: str
    title_bold: bool
    h1: str
    h2: str
    body: str
    page: str


_PROFILES: dict[FontProfile, _Fonts] = {
    # The fonts GB/T 9704 names. Many machines lack the _GB2312 ones, hence the "windows" profile.
    "gb2312": _Fonts(
        title="方正小标宋简体", title_bold=False, h1="黑体", h2="楷体_GB2312", body="仿宋_GB2312", page="宋体"
    ),
    # Fonts every Chinese Windows installs. 方正小标宋简体 has no such counterpart (华文中宋 comes only
    # with Office), so the title takes 宋体 in bold to come near the heavy strokes of 小标宋.
    "windows": _Fonts(title="宋体", title_bold=True, h1="黑体", h2="楷体", body="仿宋", page="宋体"),
}

# Digits and Latin letters in Times New Roman: common practice beside the standard's Chinese fonts.
_LATIN = "Times New Roman"
_BODY_PT = 16  # 3号
_TITLE_PT = 22  # 2号
_PAGE_PT = 14  # 4号
_INDENT_TWIPS = 2 * _BODY_PT * 20  # two characters of body text
_PAGE_NUMBER_INDENT_TWIPS = _PAGE_PT * 20  # the page number keeps one character from the edge
_MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
# The page number's dash line sits 7 mm below the type area; Word measures the footer from the page's
# bottom edge to the bottom of the footer line.
_FOOTER_DISTANCE = Mm(_MARGINS_MM["bottom"] - 7) - Pt(_PAGE_PT)
_THEME_ATTRS = tuple(qn(f"w:{a}") for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"))
_GAP_SPLIT_RE = re.compile("(" + re.escape(GAP_OPEN) + ".*?" + re.escape(GAP_CLOSE) + ")")
# Full-width characters of 2号 that fit on a line of the 156 mm type area (442 pt / 22 pt).
_TITLE_LINE_CHARS = 20
# Where a long title breaks: before the year (县财政局机关党支部 / 2025年上半年党建工作总结).
_TITLE_BREAK_RE = re.compile(r"\d{4}年")
STYLE_IDS = {"title": "GwTitle", "body": "GwBody", "h1": "GwH1", "h2": "GwH2", "signoff": "GwSignoff"}
_W = nsdecls("w")


def _rpr_xml(east_asia: str, size_pt: int, *, bold: bool = False, latin: str = _LATIN) -> str:
    """Return the children of a w:rPr: fonts for both scripts, weight and size."""
    # hint="eastAsia" makes Word set the characters both scripts share (“” — …) in the Chinese font,
    # as a Chinese input method does; without it such quotes come out narrow in Times New Roman.
    return (
        f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}"'
        ' w:hint="eastAsia"/>'
        + ("<w:b/><w:bCs/>" if bold else "")
        + f'<w:sz w:val="{size_pt * 2}"/><w:szCs w:val="{size_pt * 2}"/>'
    )


def _rpr(children: str) -> etree._Element:
    return parse_xml(f"<w:rPr {_W}>{children}</w:rPr>")


def _style_xml(
    key: str,
    name: str,
    rpr: str,
    *,
    line_twips: int,
    jc: str,
    first_line: int,
    right: int = 0,
    outline: int | None = None,
) -> str:
    """Return a paragraph style; a heading (it has an outline level) keeps with the next paragraph."""
    base = "" if key == "body" else f'<w:basedOn w:val="{STYLE_IDS["body"]}"/>'
    keep_next = "" if outline is None else "<w:keepNext/>"
    outline_lvl = "" if outline is None else f'<w:outlineLvl w:val="{outline}"/>'
    return (
        f'<w:style {_W} w:type="paragraph" w:customStyle="1" w:styleId="{STYLE_IDS[key]}">'
        f'<w:name w:val="{name}"/>{base}<w:next w:val="{STYLE_IDS["body"]}"/><w:qFormat/>'
        # Widow control would push single lines over and break the fixed lines-per-page; snapping
        # to the document grid would override the exact line spacing.
        f'<w:pPr>{keep_next}<w:widowControl w:val="0"/><w:snapToGrid w:val="0"/>'
        f'<w:spacing w:before="0" w:after="0" w:line="{line_twips}" w:lineRule="exact"/>'
        f'<w:ind w:left="0" w:right="{right}" w:firstLine="{first_line}"/><w:jc w:val="{jc}"/>'
        f"{outline_lvl}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


def _set_up_styles(document: DocxDocument, fonts: _Fonts, line_twips: int) -> None:
    """Give the document Chinese defaults and add the five paragraph styles."""
    styles = document.styles.element
    # Theme fonts win over explicit names in Word, and the default theme sends East-Asian text to a
    # Japanese font: drop every theme reference so the names we write are the ones used.
    for rfonts in styles.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            rfonts.attrib.pop(attr, None)
    body_rpr = _rpr_xml(fonts.body, _BODY_PT)
    defaults = styles.find(qn("w:docDefaults"))
    defaults.clear()
    # zh-CN (the template says en-US/ja-JP): Word picks line-breaking rules and fonts by it.
    defaults.append(
        parse_xml(
            f"<w:rPrDefault {_W}><w:rPr>{body_rpr}"
            '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        )
    )
    defaults.append(
        parse_xml(
            f'<w:pPrDefault {_W}><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        )
    )
    normal = document.styles["Normal"].element
    normal.remove_all("w:rPr")
    normal.append(_rpr(body_rpr))
    for xml in (
        _style_xml("body", "公文正文", body_rpr, line_twips=line_twips, jc="both", first_line=_INDENT_TWIPS),
        _style_xml(
            "title",
            "公文标题",
            _rpr_xml(fonts.title, _TITLE_PT, bold=fonts.title_bold),
            line_twips=line_twips,
            jc="center",
            first_line=0,
        ),
        _style_xml(
            "h1",
            "公文一级标题",
            _rpr_xml(fonts.h1, _BODY_PT),
            line_twips=line_twips,
            jc="both",
            first_line=_INDENT_TWIPS,
            outline=0,
        ),
        _style_xml(
            "h2",
            "公文二级标题",
            _rpr_xml(fonts.h2, _BODY_PT),
            line_twips=line_twips,
            jc="both",
            first_line=_INDENT_TWIPS,
            outline=1,
        ),
        _style_xml(
            "signoff",
            "公文落款",
            body_rpr,
            line_twips=line_twips,
            jc="right",
            first_line=0,
            right=_INDENT_TWIPS,
        ),
    ):
        styles.append(parse_xml(xml))
    lang = document.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def _page_number_xml(fonts: _Fonts, *, odd: bool) -> str:
    """Return the footer paragraph `— N —`: odd pages right, even pages left, one character in."""
    # The standard's page number is 4号 半角宋体 throughout, digits included.
    run = f"<w:r><w:rPr>{_rpr_xml(fonts.page, _PAGE_PT, latin=fonts.page)}</w:rPr>{{}}</w:r>"
    left, right = (0, _PAGE_NUMBER_INDENT_TWIPS) if odd else (_PAGE_NUMBER_INDENT_TWIPS, 0)
    return (
        f'<w:p {_W}><w:pPr><w:pStyle w:val="Footer"/><w:snapToGrid w:val="0"/>'
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        f'<w:ind w:left="{left}" w:right="{right}" w:firstLine="0"/>'
        f'<w:jc w:val="{"right" if odd else "left"}"/></w:pPr>'
        + run.format('<w:t xml:space="preserve">— </w:t>')
        + run.format('<w:fldChar w:fldCharType="begin"/>')
        + run.format('<w:instrText xml:space="preserve"> PAGE </w:instrText>')
        + run.format('<w:fldChar w:fldCharType="separate"/>')
        + run.format("<w:t>1</w:t>")
        + run.format('<w:fldChar w:fldCharType="end"/>')
        + run.format('<w:t xml:space="preserve"> —</w:t>')
        + "</w:p>"
    )


def _set_up_page(document: DocxDocument, fonts: _Fonts) -> None:
    """Set A4 with the standard's margins and the page-number footers."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(_MARGINS_MM["top"])
    section.bottom_margin = Mm(_MARGINS_MM["bottom"])
    section.left_margin = Mm(_MARGINS_MM["left"])
    section.right_margin = Mm(_MARGINS_MM["right"])
    section.footer_distance = _FOOTER_DISTANCE
    # GB/T 9704 7.5: odd page numbers sit right, even ones left (as in a bound, two-sided copy).
    document.settings.odd_and_even_pages_header_footer = True
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        element = footer._element
        element.clear()
        element.append(parse_xml(_page_number_xml(fonts, odd=odd)))


def _width(text: str) -> float:
    """Return the width of `text` in full-width characters; Latin letters and digits count half."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in text)


def _title_lines(title: str) -> list[str]:
    """Split a title too long for one line before its year, when both lines then fit.

    Left to itself Word breaks a Chinese line at any character, e.g. 抓基层党 / 建工作; GB/T 9704 wants a
    title broken between words, its lines shaped like a trapezoid.
    """
    match = _TITLE_BREAK_RE.search(title)
    if _width(title) <= _TITLE_LINE_CHARS or not match or match.start() == 0:
        return [title]
    head, tail = title[: match.start()], title[match.start() :]
    if max(_width(head), _width(tail)) > _TITLE_LINE_CHARS:
        return [title]
    return [head, tail]


def _add_paragraph(body: etree._Element, style: str, pieces: Sequence[tuple[str, etree._Element]]) -> CT_P:
    """Append a paragraph of `style` made of (text, rPr) pieces; gaps are highlighted."""
    p: CT_P = body.add_p()
    p.get_or_add_pPr().style = style
    for text, rpr in pieces:
        # re.split with a group puts the gaps at the odd positions.
        for i, part in enumerate(_GAP_SPLIT_RE.split(text)):
            if not part:
                continue
            run = p.add_r()
            run_rpr = copy.deepcopy(rpr)
            if i % 2:
                # Yellow marks each 〔待补：…〕 so it is found and filled before printing.
                run_rpr.append(parse_xml(f'<w:highlight {_W} w:val="yellow"/>'))
            run.append(run_rpr)
            # The text setter turns the title's "\n" into a line break (w:br). lxml refuses what XML 1.0
            # forbids, so a draft stored before clean_text knew a character still downloads.
            run.text = unwritable_free(part)
    return p


def write_docx(doc: Document, *, line_spacing_pt: float = 28.0, fonts: FontProfile = "gb2312") -> bytes:
    """Return `doc` as .docx bytes in the GB/T 9704 layout."""
    profile = _PROFILES[fonts]
    line_twips = round(line_spacing_pt * 20)
    document = docx.Document()
    _set_up_styles(document, profile, line_twips)
    _set_up_page(document, profile)
    rprs = {
        "title": _rpr(_rpr_xml(profile.title, _TITLE_PT, bold=profile.title_bold)),
        "body": _rpr(_rpr_xml(profile.body, _BODY_PT)),
        "h1": _rpr(_rpr_xml(profile.h1, _BODY_PT)),
        "h2": _rpr(_rpr_xml(profile.h2, _BODY_PT)),
    }
    body = document.element.body
    _add_paragraph(body, STYLE_IDS["title"], [("\n".join(_title_lines(doc.title)), rprs["title"])])
    # GB/T 9704: one empty line between title and text; an empty paragraph, as typists make it.
    _add_paragraph(body, STYLE_IDS["body"], [])
    first_signoff = True
    for para in doc.paragraphs:
        p = _add_paragraph(body, *_styled(para, rprs))
        if para.level == "signoff" and first_signoff:
            # The sign-off stands one line below the text.
            p.get_or_add_pPr().get_or_add_spacing().before = Pt(line_spacing_pt)
            first_signoff = False
    core = document.core_properties
    core.title = unwritable_free(doc.title)
    core.author = core.last_modified_by = core.comments = ""
    core.created = core.modified = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _styled(para: Paragraph, rprs: dict[str, etree._Element]) -> tuple[str, list[tuple[str, etree._Element]]]:
    """Return the style and the (text, rPr) pieces for one paragraph."""
    if para.level == "h2" and para.runin:
        # A run-in heading takes the heading font up to and including its first 。; the rest is body.
        head, sep, rest = para.text.partition("。")
        return STYLE_IDS["body"], [(head + sep, rprs["h2"]), (rest, rprs["body"])]
    rpr = rprs["body"] if para.level == "signoff" else rprs[para.level]
    return STYLE_IDS[para.level], [(para.text, rpr)]
