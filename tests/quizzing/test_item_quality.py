"""Item quality: each rule fails a bad sample and passes a good one; the real banks keep a test-wise learner out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from course_helpers.cli import main
from course_helpers.quizzing import item_quality as iq
from course_helpers.quizzing.assemble import draw_items
from course_helpers.quizzing.bank import load_all
from course_helpers.quizzing.model import Bank

SECTION = "Key Responsibilities of Inpatient Coders"


def q(**fields: Any) -> dict[str, Any]:
    return {"explanation": "Because.", "guide_section": SECTION, "prompt": "Which one?", **fields}


def bank(*questions: dict[str, Any], shuffle: bool = True, pass_mark: float = 70) -> Bank:
    return Bank.model_validate(
        {
            "schema_version": 1,
            "id": "90_sample",
            "title": "Sample",
            "guide_section": SECTION,
            "pass_mark": pass_mark,
            "shuffle": shuffle,
            "questions": list(questions),
        }
    )


def rules(sample: Bank, known: dict[str, set[float]] | None = None) -> list[str]:
    item = iq.BankInput(sample, "quizzes/90_sample.yaml", {x.id: 10 + i for i, x in enumerate(sample.questions)})
    return [f.rule for f in iq.check_bank(item, known)]


def single(qid: str, choices: list[str], answer: str, prompt: str = "Which one?") -> dict[str, Any]:
    return q(id=qid, type="single_choice", choices=choices, answer=answer, prompt=prompt)


LONG_KEY = single(
    "a",
    ["CPT", "HCPCS", "ICD-10-PCS, the HIPAA standard for inpatient procedures"],
    "ICD-10-PCS, the HIPAA standard for inpatient procedures",
)
EVEN_KEY = single("a", ["CPT for the physician", "HCPCS Level II codes", "ICD-10-PCS codes"], "ICD-10-PCS codes")


def test_longest_key_item_and_bank() -> None:
    assert "longest-key" in rules(bank(LONG_KEY))
    assert "longest-key" not in rules(bank(EVEN_KEY))
    longest = [single(f"l{i}", ["short", "tiny", "a bit longer"], "a bit longer") for i in range(3)]
    assert "longest-key" in rules(bank(*longest))
    mixed = [single(f"m{i}", ["short", "tiny", "a bit longer"], "tiny") for i in range(3)]
    assert "longest-key" not in rules(bank(*mixed))


def test_key_position_only_matters_unshuffled() -> None:
    first = [single(f"p{i}", ["alpha", "bravo", "charlie"], "alpha") for i in range(4)]
    assert "key-position" in rules(bank(*first, shuffle=False))
    assert "key-position" not in rules(bank(*first, shuffle=True))
    varied = [
        single(f"v{i}", ["alpha", "bravo", "charlie", "delta"], ["alpha", "bravo", "charlie", "delta"][i])
        for i in range(4)
    ]
    assert "key-position" not in rules(bank(*varied, shuffle=False))


def tf(qid: str, answer: bool) -> dict[str, Any]:
    return q(id=qid, type="true_false", answer=answer, prompt="A statement.")


def test_true_false_balance_per_bank_and_overall() -> None:
    assert "tf-balance" in rules(bank(tf("a", False), tf("b", False), tf("c", False), tf("d", True)))
    assert "tf-balance" not in rules(bank(tf("a", False), tf("b", False), tf("c", True)))
    lopsided = iq.BankInput(bank(tf("a", False), tf("b", True)), "x.yaml", {})
    other = iq.BankInput(bank(tf("c", False), tf("d", False), tf("e", False)), "y.yaml", {})
    assert [f.path for f in iq.check([lopsided, other]) if f.rule == "tf-balance"] == ["y.yaml", "(all banks)"]
    assert not iq.tf_unbalanced([True, False, True, False, False])


def multi(choices: list[str], answer: list[str], scoring: str = "partial") -> dict[str, Any]:
    return q(id="ms", type="multiple_select", choices=choices, answer=answer, scoring=scoring)


def test_multiple_select_wrong_options_and_tick_all() -> None:
    one_wrong = multi(["A", "B", "C", "D"], ["A", "B", "C"])
    assert "few-wrong-options" in rules(bank(one_wrong))
    assert "few-wrong-options" not in rules(bank(multi(["A", "B", "C", "D"], ["A", "B"])))
    # with every choice keyed, ticking all boxes is full marks under any rule
    assert "tick-all" in rules(bank(multi(["A", "B", "C"], ["A", "B", "C"], "all_or_nothing")))
    assert "tick-all" not in rules(bank(one_wrong))  # right-minus-wrong partial credit: ticking all nets 0
    assert iq.tick_all_passes(bank(multi(["A", "B"], ["A", "B"])).questions[0], 70)


def test_answer_in_prompt() -> None:
    shown = q(id="c", type="code", system="icd10cm", prompt="Type the code for it, **I50.21**.", answer="I50.21")
    hidden = q(
        id="c", type="code", system="icd10cm", prompt="Type the code for acute systolic heart failure.", answer="I50.21"
    )
    assert "answer-in-prompt" in rules(bank(shown))
    assert "answer-in-prompt" not in rules(bank(hidden))
    spelled = q(
        id="p",
        type="code",
        system="icd10pcs",
        answer="0DTJ4ZZ",
        prompt="Section `0`, body system `D`, operation `T`, body part `J`, approach `4`, device `Z`, qualifier `Z`.",
    )
    assert "answer-in-prompt" in rules(bank(spelled))
    echo = single("s", ["AHIMA", "AAPC", "CMS"], "AHIMA", prompt="AHIMA awards the CCS. Who awards the CCS?")
    assert "answer-in-prompt" in rules(bank(echo))
    both = single("s", ["AHIMA", "AAPC", "CMS"], "AHIMA", prompt="AHIMA or AAPC: who awards the CCS?")
    assert "answer-in-prompt" not in rules(bank(both))
    text = q(id="t", type="short_text", prompt="What does POA mean?", answer="present on admission")
    assert "answer-in-prompt" not in rules(bank(text))
    assert "answer-in-prompt" in rules(bank({**text, "prompt": "POA means present on admission. What does POA mean?"}))


def test_above_options_and_absolute_words() -> None:
    above = single("a", ["CPT", "ICD-10-PCS", "All of the above"], "ICD-10-PCS")
    assert "above-option" in rules(bank(above))
    assert "above-option" not in rules(bank(EVEN_KEY))
    giveaway = single(
        "w", ["It is always coded", "It is never coded", "It depends on the record"], "It depends on the record"
    )
    fair = single(
        "w", ["It is always coded", "It is coded when treated", "It depends on the payer"], "It is coded when treated"
    )
    assert "absolute-words" in rules(bank(giveaway))
    assert "absolute-words" not in rules(bank(fair))


def test_numeric_answer_needs_a_source() -> None:
    data = {"bls.yaml": {50250.0, 7.0}, "salary.yaml": {6500.0}}

    def found(**fields: Any) -> list[str]:
        base = {"id": "n", "type": "numeric", "answer": 50250, "prompt": "The BLS median?"}
        return rules(bank(q(**(base | fields))), known=data)

    # not in its own explanation: reported, even when some data file happens to hold the number
    assert "numeric-source" in found(explanation="Look it up.", tags=["source:bls.yaml"])
    # a stated fact must name the data file that owns it (a tag, or the file's name in the explanation)
    assert "numeric-source" in found(explanation="BLS OEWS, May 2024: $50,250.")
    assert "numeric-source" not in found(explanation="BLS OEWS, May 2024: $50,250.", tags=["source:bls.yaml"])
    assert "numeric-source" not in found(explanation="BLS OEWS, May 2024: $50,250 (data/bls.yaml).")
    # the named file must state the answer, and must exist
    assert "numeric-source" in found(explanation="BLS OEWS: $50,250.", tags=["source:salary.yaml"])
    assert "numeric-source" in found(explanation="BLS OEWS: $50,250.", tags=["source:nope.yaml"])
    # a worked calculation is sourced by its explanation
    assert "numeric-source" not in found(explanation="2 x 25,125 = 50,250.", tags=["application"])
    assert "numeric-source" in found(explanation="Multiply.", tags=["application"])
    # the exam pool's source tags: `source:data:<file>` names a data file; other kinds name none
    assert "numeric-source" not in found(explanation="BLS OEWS: $50,250.", tags=["source:data:bls.yaml"])
    assert "numeric-source" in found(explanation="BLS OEWS: $50,250.", tags=["source:data:salary.yaml"])
    assert "numeric-source" not in found(explanation="2 x 25,125 = 50,250.", tags=["application", "source:given"])
    assert "numeric-source" not in found(
        explanation="2 x 25,125 = 50,250.", tags=["application", "source:grouper:ms-drg-v43", "source:cfr:42-412.3"]
    )


def test_data_numbers_are_kept_per_file() -> None:
    by_file = iq.data_numbers_by_file()
    assert 50250.0 in by_file["bls.yaml"] and 50250.0 not in by_file["credentials.yaml"]
    assert "coding/pcs_axes.json" in by_file and not any(name.startswith("cases/") for name in by_file)
    assert 50250.0 in iq.data_numbers()


def test_every_numeric_question_in_the_course_is_sourced() -> None:
    banks = iq.from_loaded(list(load_all().values()), lambda path: str(path))
    findings = [f for f in iq.check(banks, iq.data_numbers_by_file()) if f.rule == "numeric-source"]
    assert not findings, "\n".join(map(str, findings))


def test_the_test_wise_learner_uses_its_tricks() -> None:
    gameable = bank(LONG_KEY, tf("t1", False), tf("t2", False), multi(["A", "B", "C"], ["A", "B", "C"]))
    score = iq.bank_test_wise_score(gameable)
    assert score.percent == 100 and score.too_close
    assert "test-wise" in rules(gameable)
    fair = bank(
        EVEN_KEY,
        tf("t1", False),
        tf("t2", True),
        multi(["A", "B", "C", "D"], ["A", "B"]),
        q(id="n", type="numeric", answer=7, prompt="Growth 2024-34, in percent?"),
    )
    score = iq.bank_test_wise_score(fair)
    assert score.percent < 50 and not score.too_close
    assert "test-wise" not in rules(fair)
    typed = q(id="c", type="code", system="icd10cm", prompt="Enter **I50.21**.", answer="I50.21")
    assert iq.test_wise_response(bank(typed).questions[0]) == "I50.21"


# --------------------------------------------------------------------------- the course's own banks

BANKS = load_all()
LESSONS = sorted(b for b, item in BANKS.items() if item.bank.draw is None)


@pytest.mark.parametrize("bank_id", LESSONS)
def test_a_test_wise_learner_stays_well_below_each_pass_mark(bank_id: str) -> None:
    score = iq.bank_test_wise_score(BANKS[bank_id].bank)
    assert not score.too_close, f"{bank_id}: a test-wise learner scores {score.percent}% ({score.strategy})"


@pytest.mark.parametrize("attempt", [1, 2])
def test_a_test_wise_learner_stays_well_below_the_exam_pass_mark(attempt: int) -> None:
    exam = next(item for item in BANKS.values() if item.bank.draw is not None)
    items = draw_items(exam, exam.bank.draw.seed, attempt)
    score = iq.test_wise_score([i.question for i in items], exam.bank.pass_mark)
    assert not score.too_close, f"exam: a test-wise learner scores {score.percent}% ({score.strategy})"


def test_validate_prints_warnings_and_fails_with_strict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "90_sample.yaml").write_text(
        "schema_version: 1\nid: 90_sample\ntitle: Sample\nguide_section: " + SECTION + "\nquestions:\n"
        "  - id: s-code\n    type: code\n    system: icd10cm\n    prompt: Type **I50.21**.\n    answer: I50.21\n"
        "    explanation: Because.\n    guide_section: " + SECTION + "\n",
        encoding="utf-8",
    )
    assert main(["validate", "90_sample.yaml"]) == 0
    out = capsys.readouterr().out
    assert "warning: 90_sample.yaml:6: question 's-code': [answer-in-prompt]" in out
    assert main(["validate", "--strict", "90_sample.yaml"]) == 1
    assert "error: 90_sample.yaml:6" in capsys.readouterr().out


def test_the_course_banks_pass_validate_strict(capsys: pytest.CaptureFixture[str]) -> None:
    # `make test` runs `course-helpers validate --strict`: every item-quality finding is an error
    assert main(["validate", "--strict"]) == 0, capsys.readouterr().out
    lines = capsys.readouterr().out.splitlines()
    assert not [line for line in lines if line.startswith(("error:", "warning:"))]
    assert lines[-1].startswith("OK: 14 bank(s)") and all(line.startswith("note: ") for line in lines[:-1])


def test_make_test_validates_strictly() -> None:
    from tests.paths import REPO

    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    test_target = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "$(BIN)/course-helpers validate --strict" in test_target
