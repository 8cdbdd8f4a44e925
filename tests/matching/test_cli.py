import json
from pathlib import Path

from liaison.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "liaison" / "matching" / "examples"


def test_match_rank_prints_one_json_line_per_query_best_first(capsys):
    code = main(
        [
            "match",
            "rank",
            "--corpus",
            str(EXAMPLES / "corpus.jsonl"),
            "--queries",
            str(EXAMPLES / "queries.jsonl"),
            "--k",
            "2",
            "--quiet",
        ]
    )
    assert code == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["query"] for line in lines] == ["bj-req-1", "ta-req-invest", "search-1"]
    for line in lines:
        assert len(line["results"]) == 2
        assert set(line["results"][0]) == {"id", "score"}
        scores = [r["score"] for r in line["results"]]
        assert scores == sorted(scores, reverse=True)
    assert lines[0]["results"][0]["id"] == "ta-opp-1"
    assert {r["id"] for r in lines[1]["results"]} == {"bj-opp-2", "bj-org-1"}


def test_match_rank_reports_a_bad_corpus_line(tmp_path, capsys):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text('{"kind": "organization"}\n')
    code = main(["match", "rank", "--corpus", str(corpus), "--queries", str(corpus), "--k", "1"])
    assert code == 2
    assert "corpus.jsonl:1" in capsys.readouterr().err
