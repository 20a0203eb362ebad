"""The .docx download: GB/T 9704 page, fonts per level, spacing, page numbers, text fidelity."""

from __future__ import annotations

import datetime
import io
import zipfile

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.parfmt import ParagraphFormat

from bot.assemble import Document, assemble
from bot.docx_writer import STYLE_IDS, title_lines, write_docx
from bot.model import Draft, Item
from bot.outline import Outline, load_outline
from tests.samples import sample_full_draft

TODAY = datetime.date(2026, 11, 22)
TNR = "Times New Roman"
GB2312 = {"title": "方正小标宋简体", "h1": "黑体", "h2": "楷体_GB2312", "body": "仿宋_GB2312"}
WINDOWS = {"title": "宋体", "h1": "黑体", "h2": "楷体", "body": "仿宋"}


@pytest.fixture(scope="module")
def outline() -> Outline:
    return load_outline()


@pytest.fixture(scope="module")
def doc(outline: Outline) -> Document:
    return assemble(outline, sample_full_draft(outline, "half"), TODAY)


@pytest.fixture(scope="module")
def data(doc: Document) -> bytes:
    return write_docx(doc)


@pytest.fixture(scope="module")
def opened(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))


def rfonts(element: BaseOxmlElement) -> dict[str, str]:
    found = element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    assert found is not None
    return {k.split("}")[1]: v for k, v in found.attrib.items()}


def level_of(p: DocxParagraph) -> str:
    return {v: k for k, v in STYLE_IDS.items()}[str(p.style.style_id if p.style else None)]


def style_format(p: DocxParagraph) -> ParagraphFormat:
    assert p.style is not None
    return p.style.paragraph_format


def test_page_is_a4_with_the_standard_margins(opened: DocxDocument) -> None:
    section = opened.sections[0]
    measured = [section.page_width, section.page_height, section.top_margin, section.bottom_margin]
    measured += [section.left_margin, section.right_margin]
    assert [round(m.mm, 1) for m in measured if m is not None] == [210, 297, 37, 35, 28, 26]


def test_docx_text_equals_the_document_text(opened: DocxDocument, doc: Document) -> None:
    texts = [p.text for p in opened.paragraphs]
    # The long title carries one line break (before the year); otherwise the text is unchanged.
    assert texts[0] == "县财政局机关党支部\n2025年上半年党建工作总结"
    assert "\n".join(texts).replace("\n2025年上半年", "2025年上半年", 1) == doc.text()


def test_each_level_has_its_font_and_size(opened: DocxDocument) -> None:
    seen: set[str] = set()
    for p in opened.paragraphs:
        level = level_of(p)
        runs = p.runs
        if not runs:
            continue  # the empty line under the title
        if level == "body" and runs[0].text.startswith("（"):
            level = "runin"
        seen.add(level)
        for i, run in enumerate(runs):
            fonts = rfonts(run._r)
            expected = {
                "title": GB2312["title"],
                "h1": GB2312["h1"],
                "runin": GB2312["h2"] if i == 0 else GB2312["body"],
            }.get(level, GB2312["body"])
            assert fonts["eastAsia"] == expected, (level, run.text)
            assert fonts["ascii"] == fonts["hAnsi"] == TNR
            assert run.font.size == Pt(22 if level == "title" else 16)
            assert not run.font.bold
    assert seen == {"title", "body", "h1", "runin", "signoff"}


def test_runin_heading_font_ends_at_the_first_full_stop(opened: DocxDocument) -> None:
    runin = next(p for p in opened.paragraphs if p.text.startswith("（一）"))
    head, body = runin.runs
    assert head.text == "（一）强化理论武装，夯实思想根基。"
    assert body.text.startswith("理论武装是推进机关党建的重要途径") and "一是开展中心组学习12次" in body.text


def test_styles_carry_the_fonts(opened: DocxDocument) -> None:
    styles = opened.styles
    for key, font in (
        ("title", "方正小标宋简体"),
        ("h1", "黑体"),
        ("h2", "楷体_GB2312"),
        ("body", "仿宋_GB2312"),
    ):
        style = next(s for s in styles if s.style_id == STYLE_IDS[key])
        assert rfonts(style.element)["eastAsia"] == font
        assert style.font.size == Pt(22 if key == "title" else 16)
    assert rfonts(styles["Normal"].element)["eastAsia"] == "仿宋_GB2312"
    defaults = styles.element.find(qn("w:docDefaults"))
    assert rfonts(defaults.find(qn("w:rPrDefault")))["eastAsia"] == "仿宋_GB2312"
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:eastAsia")) == "zh-CN"


def test_no_theme_fonts_left_in_styles(data: bytes) -> None:
    styles_xml = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        assert attr not in styles_xml


def test_exact_line_spacing_grid_off_and_indents(opened: DocxDocument) -> None:
    for key in STYLE_IDS:
        style = next(s for s in opened.styles if s.style_id == STYLE_IDS[key])
        fmt = style.paragraph_format
        assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        assert fmt.line_spacing == Pt(28)
        snap = style.element.find(f"{qn('w:pPr')}/{qn('w:snapToGrid')}")
        assert snap is not None and snap.get(qn("w:val")) == "0"
        indent = Pt(0) if key in ("title", "signoff") else Pt(32)
        assert fmt.first_line_indent == indent, key
    body = next(p for p in opened.paragraphs if level_of(p) == "body" and p.text)
    assert style_format(body).alignment == WD_ALIGN_PARAGRAPH.JUSTIFY


def test_line_spacing_is_a_setting(doc: Document) -> None:
    opened = docx.Document(io.BytesIO(write_docx(doc, line_spacing_pt=29.5)))
    body = next(s for s in opened.styles if s.style_id == STYLE_IDS["body"])
    assert body.paragraph_format.line_spacing == Pt(29.5)


def test_title_centred_and_signoff_right(opened: DocxDocument) -> None:
    title = opened.paragraphs[0]
    assert style_format(title).alignment == WD_ALIGN_PARAGRAPH.CENTER
    signoff = [p for p in opened.paragraphs if level_of(p) == "signoff"]
    assert [p.text for p in signoff] == ["县财政局机关党支部", "2026年11月22日"]
    fmt = style_format(signoff[0])
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert fmt.right_indent == Pt(32)
    assert signoff[0].paragraph_format.space_before == Pt(28)  # one line under the text


def test_footer_has_a_page_field_between_dashes(opened: DocxDocument) -> None:
    section = opened.sections[0]
    assert opened.settings.odd_and_even_pages_header_footer
    footers = (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    )
    for footer, align in footers:
        (p,) = footer.paragraphs
        assert "".join(t.text for t in p._p.iter(qn("w:instrText"))).strip() == "PAGE"
        texts = [r.text for r in p.runs]
        assert texts[0] == "— " and texts[-1] == " —"
        kinds = [f.get(qn("w:fldCharType")) for f in p._p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert p.paragraph_format.alignment == align
        for run in p.runs:
            assert rfonts(run._r)["eastAsia"] == rfonts(run._r)["ascii"] == "宋体"
            assert run.font.size == Pt(14)


def test_gaps_are_highlighted(outline: Outline) -> None:
    empty = Draft(id="e", owner=1, kind="annual", outline_version="1", created_at="", updated_at="")
    opened = docx.Document(io.BytesIO(write_docx(assemble(outline, empty, TODAY))))
    runs = [r for p in opened.paragraphs for r in p.runs]
    marked = [r.text for r in runs if r._r.find(f"{qn('w:rPr')}/{qn('w:highlight')}") is not None]
    unit, year = "〔待补：单位名称〕", "〔待补：年份〕"
    assert marked == [unit, year, unit, year, unit]
    assert all("待补" not in r.text for r in runs if r.text not in marked)


def test_windows_profile_switches_fonts(doc: Document) -> None:
    data = write_docx(doc, fonts="windows")
    opened = docx.Document(io.BytesIO(data))
    for key, font in WINDOWS.items():
        style = next(s for s in opened.styles if s.style_id == STYLE_IDS[key])
        assert rfonts(style.element)["eastAsia"] == font
    title = opened.paragraphs[0].runs[0]
    assert rfonts(title._r)["eastAsia"] == "宋体"
    assert title.font.bold  # 宋体 bold stands in for 小标宋
    runin = next(p for p in opened.paragraphs if p.text.startswith("（一）"))
    assert [rfonts(r._r)["eastAsia"] for r in runin.runs] == ["楷体", "仿宋"]
    for part in ("word/document.xml", "word/styles.xml"):
        xml = zipfile.ZipFile(io.BytesIO(data)).read(part).decode()
        assert "_GB2312" not in xml and "方正" not in xml


def test_unwritable_characters_do_not_break_the_file(outline: Outline) -> None:
    draft = Draft(id="c", owner=1, kind="half", outline_version="1", created_at="", updated_at="")
    draft.facts["basic.unit"] = "某局\x00"
    draft.items["plans.items"] = [Item(id=1, text="加强\x07学习\ud800")]
    opened = docx.Document(io.BytesIO(write_docx(assemble(outline, draft, TODAY))))
    assert "加强学习。" in [p.text for p in opened.paragraphs]


@pytest.mark.parametrize(
    ("words", "lines"),
    [
        # 20 characters wide: one too many for a safe line; broken between words, upper line shorter.
        (("市统计局", "机关党委", "2025年上半年", "党建工作总结"), ["市统计局机关党委", "2025年上半年党建工作总结"]),
        (
            ("市统计局", "机关党委", "书记", "2025年度", "抓基层党建工作", "述职报告"),
            ["市统计局机关党委书记2025年度", "抓基层党建工作述职报告"],
        ),
        (("某局", "2025年", "党建工作总结"), ["某局2025年党建工作总结"]),
    ],
)
def test_long_title_breaks_between_words_into_a_balanced_shape(words: tuple[str, ...], lines: list[str]) -> None:
    assert title_lines(words) == lines


def test_no_title_line_holds_a_lone_character() -> None:
    words = ("市统计局机关党委", "2025年上半年党建工作总", "结")
    assert all(len(line) > 1 for line in title_lines(words))


def test_signoff_keeps_with_the_last_paragraph(opened: DocxDocument) -> None:
    paragraphs = opened.paragraphs
    first = next(i for i, p in enumerate(paragraphs) if level_of(p) == "signoff")
    last_text = paragraphs[first - 1].paragraph_format
    assert last_text.keep_with_next and last_text.widow_control
    assert paragraphs[first].paragraph_format.keep_with_next
    assert not paragraphs[-1].paragraph_format.keep_with_next
