//! `gonghui items` and `items.jsonl`: every item's span reads back its text
//! from the original bytes, in every encoding of the corpus.

use std::path::PathBuf;
use std::process::Command;

use gonghui::read::decode;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn item_spans_read_back_their_text() {
    let files = [
        "corpus/county_2018_plan.txt",
        "corpus/county_2018_summary.gbk.txt",
        "corpus/school_2017_2018_mixed.utf16.txt",
        "corpus/company_2018_summary.crlf.txt",
    ];
    for f in files {
        let out = Command::new(env!("CARGO_BIN_EXE_gonghui"))
            .current_dir(root())
            .args(["items", f, "--format", "jsonl"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{f}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let bytes = std::fs::read(root().join(f)).unwrap();
        let src = decode(f, bytes).unwrap();
        let mut n = 0;
        for l in String::from_utf8(out.stdout).unwrap().lines() {
            let v: Value = serde_json::from_str(l).unwrap();
            let span = (
                v["span"][0].as_u64().unwrap() as usize,
                v["span"][1].as_u64().unwrap() as usize,
            );
            assert_eq!(src.span_text(span), v["text"].as_str().unwrap(), "{f}");
            assert_eq!(
                src.lines.line_of(span.0),
                v["line"].as_u64().unwrap() as usize,
                "{f}"
            );
            assert!(["promise", "result", "other"].contains(&v["kind"].as_str().unwrap()));
            n += 1;
        }
        assert!(n >= 15, "{f}: only {n} items");
    }
}

#[test]
fn mixed_document_parts_give_promises_and_results() {
    let out = Command::new(env!("CARGO_BIN_EXE_gonghui"))
        .current_dir(root())
        .args([
            "items",
            "corpus/school_2017_2018_mixed.utf16.txt",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"promise") && kinds.contains(&"result"),
        "{kinds:?}"
    );
    // Results come first (2017 review), promises after (2018 plan).
    let last_result = kinds.iter().rposition(|k| *k == "result").unwrap();
    let first_promise = kinds.iter().position(|k| *k == "promise").unwrap();
    assert!(last_result < first_promise);
}

#[test]
fn analyze_writes_items_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gonghui"))
        .current_dir(root())
        .args(["-q", "analyze", "corpus/county_2018_plan.txt", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let items = std::fs::read_to_string(dir.path().join("items.jsonl")).unwrap();
    let first: Value = serde_json::from_str(items.lines().next().unwrap()).unwrap();
    for field in [
        "file", "doc", "part", "kind", "line", "span", "text", "section", "topics", "figures",
    ] {
        assert!(first.get(field).is_some(), "items.jsonl lacks {field}");
    }
    let with_targets = items
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["figures"].as_array().is_some_and(|f| !f.is_empty()))
        .count();
    assert!(with_targets >= 15, "{with_targets} items with figures");
}
