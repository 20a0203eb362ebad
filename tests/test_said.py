"""How users say the bank's wordings (data/said.tsv): an answer said so finds the entry, and one word is no fit."""

import jieba
import pytest

from bot import lexicon
from bot.facts import FactFinder
from bot.matcher import SYNONYMS_FILE, Matcher
from bot.naming import MIN_SCORE, Fit
from bot.phrasebank import Entry, load_bank
from bot.resources import data_file
from bot.retrieval import load_synonyms
from bot.said import SAID_FILE, load_said


@pytest.fixture(scope="module")
def bank() -> list[Entry]:
    return load_bank()


@pytest.fixture(scope="module")
def tokenizer() -> jieba.Tokenizer:
    return lexicon.tokenizer()


def finder(bank: list[Entry], tokenizer: jieba.Tokenizer, said: dict[str, tuple[str, ...]]) -> FactFinder:
    """Build the answer pipeline on the shipped bank and synonyms, with only the given messages users send."""
    synonyms = load_synonyms(data_file(SYNONYMS_FILE).read_text(encoding="utf-8").splitlines())
    return FactFinder(Matcher(bank, tokenizer, synonyms, said=said))


def entry_id(bank: list[Entry], text: str) -> str:
    """Return the id of the entry whose text is `text`."""
    return next(e.id for e in bank if e.text == text)


def offered(finder: FactFinder, answer: str, node: str) -> list[str]:
    """Return the wordings offered for an answer, as the user sees them."""
    return [s.text for fact in finder.analyse(answer, node) for s in fact.suggestions]


def test_every_entry_has_messages_and_every_message_an_entry(bank: list[Entry]) -> None:
    said = load_said(data_file(SAID_FILE).read_text(encoding="utf-8").splitlines())
    assert set(said) == {e.id for e in bank}
    assert all(m and "\t" not in m for messages in said.values() for m in messages)


def test_an_answer_said_as_users_say_an_entry_finds_it(bank: list[Entry], tokenizer: jieba.Tokenizer) -> None:
    first = entry_id(bank, "严格落实“第一议题”制度。")
    answer = "开会头一件事先学总书记讲话"
    assert "严格落实“第一议题”制度。" not in offered(finder(bank, tokenizer, {}), answer, "work.theory")
    said = {first: ("每回开会头一件事先学总书记讲话",)}
    assert "严格落实“第一议题”制度。" in offered(finder(bank, tokenizer, said), answer, "work.theory")


def test_an_answer_said_as_users_say_an_entry_scores_it_high(bank: list[Entry], tokenizer: jieba.Tokenizer) -> None:
    first = entry_id(bank, "严格落实“第一议题”制度。")
    answer = "开会头一件事先学总书记讲话"

    def score(said: dict[str, tuple[str, ...]]) -> float:
        found = finder(bank, tokenizer, said).matcher.suggest(answer, "work.theory", top=30)
        return next(s.score for s in found if s.entry_id == first)

    assert score({}) < MIN_SCORE < score({first: ("每回开会头一件事先学总书记讲话",)})


def test_one_word_shared_with_a_message_is_no_fit(matcher: Matcher) -> None:
    fit = Fit(matcher)
    naming = fit.naming("发文和开会都压缩了")
    wording = "召开了党风廉政建设大会，进一步强调反腐倡廉重要性。"
    assert not fit.fits_said(naming, wording, "开会强调反腐倡廉", 0.35)
    assert fit.fits_said(naming, wording, "发文开会都压缩了", 0.35)
