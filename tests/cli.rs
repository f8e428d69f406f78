//! End-to-end tests of the `gonghui` binary: exit codes, bad input,
//! analyze's outputs, determinism across thread counts, interrupted runs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "common/shared.rs"]
mod shared;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gonghui"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seeds() -> PathBuf {
    let p = root().join("../shared/seeds");
    assert!(p.is_dir(), "seed reports missing at {}", p.display());
    p
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const PLAN: &str = "县总工会2018年工作计划\n一、加强组织建设\n全年发展会员200名,入会率达到95%以上。\n二、做好困难帮扶\n发放帮扶资金不少于100万元。\n";

#[test]
fn bad_inputs_are_named_and_the_others_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("good.txt"), PLAN).unwrap();
    std::fs::write(d.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0]).unwrap();
    std::fs::write(d.join("empty.txt"), b"").unwrap();
    let mut trunc = PLAN.as_bytes().to_vec();
    trunc.truncate(PLAN.len() - 2); // cuts the last char in half
    std::fs::write(d.join("truncated.txt"), &trunc).unwrap();
    std::fs::write(d.join("word.docx"), b"PK\x03\x04\x14\x00").unwrap();
    let o = run(&[
        "sections",
        "--format",
        "json",
        d.to_str().unwrap(),
        "/no/such/file.txt",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("binary.txt") && err.contains("binary"),
        "{err}"
    );
    assert!(err.contains("word.docx") && err.contains("docx"), "{err}");
    assert!(err.contains("/no/such/file.txt"), "{err}");
    assert!(err.contains("3 input(s) failed"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let docs: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files: Vec<&str> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert!(files.iter().any(|f| f.ends_with("good.txt")));
    assert!(files.iter().any(|f| f.ends_with("truncated.txt")));
    assert!(!files.iter().any(|f| f.ends_with("empty.txt")));
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(run(&["figures"]).status.code(), Some(2));
    assert_eq!(
        run(&["stats", "--by", "colour", "x"]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["figures", "--topic", "gardening", "x"]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["figures", "--kind", "ordinal", "x"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["no-such-command"]).status.code(), Some(2));
}

#[test]
fn a_50mb_single_line_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("long.txt");
    let unit = "工会工作计划一、加强组织建设发放资金100万元,";
    let mut s = String::with_capacity(50 << 20);
    while s.len() < 50 << 20 {
        s.push_str(unit);
    }
    std::fs::write(&p, &s).unwrap();
    let ok = dir.path().join("ok.txt");
    std::fs::write(&ok, PLAN).unwrap();
    let o = run(&[
        "sections",
        "--format",
        "json",
        p.to_str().unwrap(),
        ok.to_str().unwrap(),
    ]);
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("panicked"));
    let docs: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        docs.as_array()
            .unwrap()
            .iter()
            .any(|d| d["file"].as_str().unwrap().ends_with("ok.txt"))
    );
}

fn read_dir_files(d: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

fn without_run_info(summary: &[u8]) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_slice(summary).unwrap();
    v.as_object_mut().unwrap().remove("run");
    v
}

#[test]
fn analyze_accounts_for_every_input_and_is_identical_across_thread_counts() {
    if !shared::present("seeds") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for e in std::fs::read_dir(seeds()).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, input.join(p.file_name().unwrap())).unwrap();
    }
    std::fs::write(input.join("zz_binary.txt"), [0u8, 1, 2, 3, 0, 0, 0, 9]).unwrap();
    let out1 = dir.path().join("out1");
    let out2 = dir.path().join("out2");
    let o1 = run(&[
        "--threads",
        "1",
        "-q",
        "analyze",
        input.to_str().unwrap(),
        "--out",
        out1.to_str().unwrap(),
    ]);
    let o2 = run(&[
        "--threads",
        "2",
        "-q",
        "analyze",
        input.to_str().unwrap(),
        "--out",
        out2.to_str().unwrap(),
    ]);
    assert_eq!(o1.status.code(), Some(1), "{}", stderr(&o1));
    assert_eq!(o2.status.code(), Some(1));
    let f1 = read_dir_files(&out1);
    let f2 = read_dir_files(&out2);
    let names: Vec<&str> = f1.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "checks.jsonl",
            "comparisons.jsonl",
            "documents.jsonl",
            "errors.jsonl",
            "figures.csv",
            "figures.jsonl",
            "items.jsonl",
            "sections.jsonl",
            "summary.json"
        ]
    );
    for ((n1, b1), (_, b2)) in f1.iter().zip(&f2) {
        if n1 == "summary.json" {
            assert_eq!(without_run_info(b1), without_run_info(b2));
        } else {
            assert!(b1 == b2, "{n1} differs between 1 and 2 threads");
        }
    }
    // Every input is in documents.jsonl or errors.jsonl.
    let table = |name: &str| f1.iter().find(|(n, _)| n == name).unwrap().1.clone();
    let docs = String::from_utf8(table("documents.jsonl")).unwrap();
    let errors = String::from_utf8(table("errors.jsonl")).unwrap();
    for e in std::fs::read_dir(&input).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            docs.contains(&name) || errors.contains(&name),
            "{name} unaccounted for"
        );
    }
    assert!(errors.contains("zz_binary.txt"));
    let summary: serde_json::Value = serde_json::from_slice(&table("summary.json")).unwrap();
    assert_eq!(summary["inputs"], 6);
    assert_eq!(summary["failed"], 1);
    // The CSV opens as UTF-8 in Excel/WPS: BOM first.
    assert!(table("figures.csv").starts_with(b"\xEF\xBB\xBFfile,doc,line"));
}

#[test]
fn a_killed_run_leaves_no_complete_looking_tables() {
    if !shared::present("seeds") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("big");
    let o = run(&[
        "bench-corpus",
        seeds().to_str().unwrap(),
        "--size",
        "40MB",
        "--out",
        corpus.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = dir.path().join("out");
    let mut child = bin()
        .args([
            "-q",
            "analyze",
            corpus.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .spawn()
        .unwrap();
    // Wait until the run is under way (its staged files exist, and rows are
    // being written or half a second has passed), then kill it.
    let partial = out.join(format!(".staging-{}/documents.jsonl", child.id()));
    let started = std::time::Instant::now();
    let mut seen: Option<std::time::Instant> = None;
    loop {
        if let Ok(m) = std::fs::metadata(&partial) {
            let since = *seen.get_or_insert_with(std::time::Instant::now);
            if m.len() > 0 || since.elapsed().as_millis() > 500 {
                break;
            }
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "run finished before it could be killed: make the corpus bigger"
        );
        assert!(
            started.elapsed().as_secs() < 120,
            "run did not start in 120 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "run finished before it could be killed"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    for name in gonghui::jobs::ANALYZE_OUTPUTS {
        assert!(!out.join(name).exists(), "{name} exists after a killed run");
    }
}

#[test]
fn sections_json_names_the_kind_of_each_section() {
    let file = root().join("corpus/agency_2019_plan_monthly.gbk.txt");
    let o = run(&["sections", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let docs: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let doc = &docs[0];
    assert_eq!(doc["kind"], "plan");
    assert_eq!(doc["year"], 2019);
    fn kinds(nodes: &serde_json::Value, out: &mut Vec<String>) {
        for n in nodes.as_array().into_iter().flatten() {
            out.push(n["kind"].as_str().unwrap_or("").to_string());
            kinds(&n["children"], out);
        }
    }
    let mut all = Vec::new();
    kinds(&doc["sections"], &mut all);
    assert!(all.iter().any(|k| k == "heading"), "{all:?}");
    assert!(all.iter().any(|k| k == "schedule"), "{all:?}");
}
