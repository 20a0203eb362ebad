import pytest

from bot import lexicon
from bot.bank_cuts import all_said, check_cut, claim_words, cuts_of, is_cut_of, load_cuts
from bot.bankclean import FOREIGN
from bot.matcher import SYNONYMS_FILE, Matcher
from bot.phrasebank import entry_id, load_bank
from bot.resources import data_file
from bot.retrieval import load_synonyms

MEETING = "召开了党风廉政建设大会，进一步强调反腐倡廉重要性，让党员知敬畏、存戒惧、守底线。"
LIST = "充分发挥理论宣讲团和青年理论小组作用，广泛开展领导干部荐书、党员读书评书等活动。"


def test_a_cut_deletes_characters_only() -> None:
    assert is_cut_of("召开了党风廉政建设大会。", MEETING)
    assert is_cut_of("充分发挥青年理论小组作用。", LIST)
    assert is_cut_of("开展党员读书评书活动。", LIST)
    # A joining word the sentence lacks may stand anywhere, and the rest must still follow in order.
    assert is_cut_of("发挥了理论宣讲团作用。", LIST)
    assert not is_cut_of("发挥了作用理论宣讲团。", LIST)
    assert not is_cut_of("召开了廉政警示教育大会。", MEETING)
    # Out of order is another sentence.
    assert not is_cut_of("开展党员读书评书、领导干部荐书活动。", LIST)
    # A no stays with what it denies; one of two denied deeds may go whole.
    assert not is_cut_of("党员参加学习活动积极性高。", "党员参加学习活动积极性不高。")
    assert is_cut_of("存在着不敢监督的现象。", "存在着不愿监督和不敢监督的现象。")


def test_a_slot_is_kept_or_dropped_whole() -> None:
    source = "开展主题党日活动{count:场次}，组织党员志愿服务{count:次}。"
    assert is_cut_of("开展主题党日活动{count:场次}。", source)
    assert is_cut_of("组织党员志愿服务。", source)
    assert not is_cut_of("开展主题党日活动{count:次}。", source)


def test_a_cut_must_stand_as_a_sentence_of_the_genre() -> None:
    assert check_cut("召开了党风廉政建设大会。", MEETING, FOREIGN) is None
    assert check_cut("召开了大会。", MEETING, FOREIGN) is not None
    assert check_cut("召开了党风廉政建设大会", MEETING, FOREIGN) is not None
    assert check_cut("召开市委党风廉政建设大会。", "召开市委党风廉政建设大会，部署工作。", FOREIGN) is not None


def test_a_cut_of_a_sentence_the_bank_lost_fails_the_build() -> None:
    with pytest.raises(ValueError, match="no longer has"):
        list(cuts_of([("000-nothing", "召开了党风廉政建设大会。")], {"000-x": MEETING}, FOREIGN))
    with pytest.raises(ValueError, match="deleting"):
        list(cuts_of([("000-x", "召开了廉政警示教育大会。")], {"000-x": MEETING}, FOREIGN))


def test_every_cut_serves_the_sub_topics_of_its_sentence() -> None:
    bank = {e.id: e for e in load_bank()}
    cuts = load_cuts()
    assert len(cuts) >= 100
    made = [bank.get(entry_id(bank[source_id].doc, cut)) for source_id, cut in cuts]
    assert sum(e is not None for e in made) >= 100
    for (source_id, cut), entry in zip(cuts, made, strict=True):
        if entry is not None:
            assert (entry.text, entry.nodes) == (cut, bank[source_id].nodes)


def test_a_cut_claims_every_word_but_the_neutral_ones() -> None:
    words = claim_words(["严格", "党员", "过", "政治生日", "的", "制度", "落实", "开展"], ["开展"])
    assert words == ("严格", "党员", "过", "政治生日", "制度", "落实")
    assert not all_said(words, "给党员过政治生日")
    assert all_said(words, "严格落实党员过政治生日制度")
    # No part of a word names it: 成员 of 班子成员 is no 党组成员.
    assert not all_said(claim_words(["党组成员", "参加", "民主生活会"], []), "班子成员都参加了民主生活会")


def test_a_cut_is_offered_only_to_a_user_who_said_what_it_claims(matcher: Matcher) -> None:
    (first, *_) = matcher.suggest("七一表彰了一批优秀党员", "work.members")
    assert first.text == "表彰了一批优秀党员。" and matcher.entry(first.entry_id).cut_of
    # No synonym speaks for the user: 表彰 → 表彰优秀党员 does not open the cut (a reviewer's, helper-70).
    offered = matcher.suggest("开会表彰了先进", "work.members", top=20)
    assert not any(matcher.entry(s.entry_id).cut_of and "优秀党员" in s.text for s in offered)
    # 成立党员志愿服务队 claims the team was set up this year.
    offered = matcher.suggest("党员志愿服务搞了八次", "work.fusion", top=20)
    assert not any(matcher.entry(s.entry_id).cut_of and "成立" in s.text for s in offered)


def test_cuts_leave_the_weight_of_words_as_the_sentences_give_it(matcher: Matcher) -> None:
    synonyms = load_synonyms(data_file(SYNONYMS_FILE).read_text(encoding="utf-8").splitlines())
    sentences = Matcher(tuple(e for e in matcher.entries if not e.cut_of), lexicon.tokenizer(), synonyms)
    assert len(sentences.entries) < len(matcher.entries)
    assert sentences.idf == matcher.idf
