//! `gonghui figures --explain`: the rule that read each figure, and the
//! numbers not taken with the guard that refused each; set phrases in
//! their pattern form, extended and refused through `--dict-dir`.

use std::collections::BTreeSet;
use std::process::{Command, Output};

use gonghui::figure::RULES;
use gonghui::pipeline::{Resources, Stages, analyze_source, numbers_not_taken};
use gonghui::read::decode;
use serde_json::Value;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gonghui"))
        .args(args)
        .output()
        .expect("binary runs")
}

const PLAN: &str = "县总工会2019年工作计划\n一、思想引领\n1.认真学习贯彻十九大精神,开展“三个年”活动,组织宣讲不少于20场。\n2.根据〔2019〕12号文件,举办职工运动会,设100米跑、4×100米接力等项目,参赛职工300人,发放奖金1.5万元。\n";

fn jsonl(o: &Output) -> Vec<Value> {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

#[test]
fn every_figure_names_its_rule_and_the_numbers_not_taken_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.txt");
    std::fs::write(&path, PLAN).unwrap();
    let p = path.to_str().unwrap();
    let rules: BTreeSet<&str> = RULES.iter().map(|(r, _)| *r).collect();
    let rows = jsonl(&run(&["figures", p, "--explain", "-f", "jsonl"]));
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["text"].as_str().unwrap(), r["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("2019年", "date"),
            ("不少于20场", "count-measure"),
            ("300人", "count-measure"),
            ("1.5万元", "money-renminbi"),
        ]
    );
    let mut not_taken = Vec::new();
    for r in &rows {
        assert!(rules.contains(r["rule"].as_str().unwrap()), "{r}");
        for n in r["explain"]["not_taken"]
            .as_array()
            .expect("explain.not_taken")
        {
            let (s, e) = (
                n["span"][0].as_u64().unwrap() as usize,
                n["span"][1].as_u64().unwrap() as usize,
            );
            assert_eq!(&PLAN[s..e], n["text"].as_str().unwrap(), "span reads back");
            assert_eq!(n["line"], r["line"], "a number of the figure's sentence");
            not_taken.push((
                n["text"].as_str().unwrap().to_string(),
                n["guard"].as_str().unwrap().to_string(),
            ));
        }
    }
    for (text, guard) in [
        ("十九大", "set-phrase"),
        ("“三个年”", "set-phrase-pattern"),
        ("100米跑", "set-phrase-pattern"),
        ("4×100米接力", "set-phrase-pattern"),
        ("12", "document-number"),
    ] {
        assert!(
            not_taken.contains(&(text.to_string(), guard.to_string())),
            "{text} {guard} in {not_taken:?}"
        );
    }
    // Without --explain: the rule, no explain object.
    let plain = jsonl(&run(&["figures", p, "-f", "jsonl"]));
    assert!(
        plain
            .iter()
            .all(|r| r.get("explain").is_none() && r["rule"].is_string())
    );
    // The table lists the numbers not taken after the figures.
    let o = run(&["figures", p, "--explain"]);
    let table = String::from_utf8_lossy(&o.stdout);
    let (figures, rest) = table
        .split_once("numbers not taken as figures:")
        .expect("the not-taken table");
    assert!(figures.contains("money-renminbi"), "{table}");
    assert!(
        rest.contains("4×100米接力") && rest.contains("set-phrase-pattern"),
        "{table}"
    );
    assert!(
        rest.contains("plan.txt:3") && rest.contains("list-marker"),
        "{table}"
    );
}

/// On the embedded corpus: every figure's rule is a listed one, and every
/// number not taken lies outside all figures and reads back.
#[test]
fn rules_and_guards_over_the_corpus() {
    let res = Resources::load(None).expect("dictionaries load");
    let rules: BTreeSet<&str> = RULES.iter().map(|(r, _)| *r).collect();
    let mut used = BTreeSet::new();
    let mut guards = BTreeSet::new();
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for entry in walkdir::WalkDir::new(&corpus).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_name().to_string_lossy().ends_with(".txt") {
            continue;
        }
        let name = entry.path().display().to_string();
        let source = decode(&name, std::fs::read(entry.path()).unwrap()).unwrap();
        let fa = analyze_source(source, &res, Stages::ALL);
        let figures: Vec<_> = fa
            .documents
            .iter()
            .flat_map(|d| d.figures.iter().map(|p| &p.figure))
            .collect();
        for f in &figures {
            assert!(rules.contains(f.rule), "{name}: unlisted rule {}", f.rule);
            used.insert(f.rule);
        }
        let not_taken = numbers_not_taken(&fa, &res);
        // `figures --explain` finds a sentence's numbers by binary search.
        assert!(
            not_taken
                .windows(2)
                .all(|w| (w[0].0, w[0].1.start) <= (w[1].0, w[1].1.start)),
            "{name}: numbers not taken out of (document, start) order"
        );
        // The figures of the whole file, not only of one extraction range:
        // the sweep that drops overlapping numbers must miss none.
        for (_, n) in not_taken {
            assert!(
                !figures.iter().any(|f| f.start < n.end && n.start < f.end),
                "{name}: a number not taken inside a figure"
            );
            assert!(!fa.original(n.start, n.end).is_empty());
            guards.insert(n.guard.as_str());
        }
    }
    println!("rules used: {used:?}\nguards seen: {guards:?}");
    assert!(used.len() >= 10, "rules used on the corpus: {used:?}");
    for g in ["set-phrase", "list-marker", "document-number", "no-unit"] {
        assert!(guards.contains(g), "guard {g} never seen: {guards:?}");
    }
}

/// A `re:` line in a `--dict-dir` set_phrases.txt adds a set phrase; one
/// that does not compile is refused naming the file and the line.
#[test]
fn set_phrase_patterns_from_dict_dir() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("plan.txt"),
        "县总工会2019年工作计划\n开展六个一工程,慰问职工120人。\n",
    )
    .unwrap();
    let plan = d.join("plan.txt");
    let plan = plan.to_str().unwrap();
    let texts = |o: &Output| -> Vec<String> {
        jsonl(o)
            .iter()
            .map(|r| r["text"].as_str().unwrap().to_string())
            .collect()
    };
    // Unquoted, the slogan's 六个 reads as a count of the built-in rules.
    assert!(texts(&run(&["figures", plan, "-f", "jsonl"])).contains(&"六个".to_string()));
    let dicts = d.join("dicts");
    std::fs::create_dir(&dicts).unwrap();
    std::fs::write(
        dicts.join("set_phrases.txt"),
        "# ours\nre:[一二三四五六七八九十]个一工程\n",
    )
    .unwrap();
    let with = texts(&run(&[
        "--dict-dir",
        dicts.to_str().unwrap(),
        "figures",
        plan,
        "-f",
        "jsonl",
    ]));
    assert!(with.contains(&"120人".to_string()), "{with:?}");
    assert!(!with.contains(&"六个".to_string()), "{with:?}");
    std::fs::write(dicts.join("set_phrases.txt"), "# ours\n\nre:个一([0-9\n").unwrap();
    let o = run(&["--dict-dir", dicts.to_str().unwrap(), "figures", plan]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("set_phrases.txt") && err.contains("line 3"),
        "{err}"
    );
}
