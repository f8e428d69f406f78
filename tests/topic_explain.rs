//! Explanations of figure topics: `pipeline::explain_topics` explains the
//! very topics the pipeline gave each figure, and `gonghui figures
//! --explain` prints terms that stand in the figure's text and belong to
//! the topic it gives.

use std::path::{Path, PathBuf};
use std::process::Command;

use gonghui::pipeline::{Resources, Stages, analyze_source, explain_topics};
use gonghui::read::decode;
use gonghui::topic::{Decision, TermPlace};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("corpus"))
        .expect("corpus/")
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    assert!(v.len() >= 10, "corpus files missing");
    v
}

fn name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

/// On every corpus file: one explanation per figure, whose topics are the
/// figure's topics, whose terms of the first topic lie in the cleaned text
/// where their spans say, and whose rule fits what it decided.
#[test]
fn explanations_are_of_the_pipelines_own_topics() {
    let res = Resources::load(None).expect("dictionaries load");
    let (mut figures, mut with_terms, mut by_heading) = (0, 0, 0);
    for path in corpus_files() {
        let file = name(&path);
        let source = decode(&file, std::fs::read(&path).unwrap()).expect("decodes");
        let fa = analyze_source(source, &res, Stages::ALL);
        for (d, da) in fa.documents.iter().enumerate() {
            let why = explain_topics(&res, &fa, d);
            assert_eq!(why.len(), da.figures.len(), "{file} doc {d}");
            for (pf, w) in da.figures.iter().zip(&why) {
                figures += 1;
                let text = &fa.clean.text[pf.figure.start..pf.figure.end];
                let e = &w.explanation;
                let got: Vec<&str> = e.topics.iter().map(|t| t.topic).collect();
                let had: Vec<&str> = pf.topics.iter().map(|t| t.topic).collect();
                assert_eq!(got, had, "{file}: {:?}", text);
                assert_eq!(w.term_spans.len(), e.terms.len());
                for (t, at) in e.terms.iter().zip(&w.term_spans) {
                    if let Some((a, b)) = *at {
                        assert_eq!(&fa.clean.text[a..b], t.term, "{file}");
                    }
                }
                let first = got[0];
                let decided = matches!(
                    e.decided_by,
                    Decision::Clause | Decision::Sentence | Decision::Items | Decision::Heading
                );
                if decided {
                    // A decision by terms: the first topic has terms, in
                    // place, adding up to at least the score it reached.
                    let own: Vec<_> = e.deciding_terms().filter(|t| !t.tiebreak).collect();
                    assert!(!own.is_empty(), "{file}: {:?} {e:?}", text);
                    assert!(own.iter().all(|t| t.topic == first));
                    let sum: f32 = own.iter().map(|t| t.score).sum();
                    assert!(
                        (sum - e.topics[0].score).abs() < 1e-3,
                        "{file}: {text:?} terms sum {sum}, score {}",
                        e.topics[0].score
                    );
                    with_terms += 1;
                    by_heading += own.iter().any(|t| t.place == TermPlace::Heading) as usize;
                } else {
                    assert_eq!(first, "general", "{file}: {:?}", text);
                }
            }
        }
    }
    println!("{figures} figures, {with_terms} decided by terms, {by_heading} with heading terms");
    assert!(figures > 300 && with_terms * 10 > figures * 8 && by_heading >= 3);
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gonghui"))
}

const PLAN: &str = "县总工会2019年工作计划\n一、做好困难帮扶\n全年开展送温暖活动，走访慰问困难职工不少于300户，发放慰问金50万元。\n二、丰富文体生活\n举办职工篮球赛，参赛队伍12支。\n";

/// Through the binary, in json: each figure's `explain.topic_terms` holds a
/// term of its first topic, quoted as the input file writes it, at its span.
#[test]
fn figures_explain_prints_terms_of_the_topic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.txt");
    std::fs::write(&path, PLAN).unwrap();
    let o = bin()
        .args(["figures", "--explain", "--format", "json"])
        .arg(&path)
        .output()
        .expect("binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    let figures = v.as_array().expect("array");
    let bytes = PLAN.as_bytes();
    let mut checked = 0;
    for f in figures {
        let topic = f["topics"][0].as_str().unwrap();
        let x = &f["explain"];
        assert!(x["topic_rule"].is_string(), "{f}");
        assert_eq!(x["topic_scores"][0]["topic"], topic, "{f}");
        let own: Vec<&Value> = x["topic_terms"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["topic"] == topic)
            .collect();
        if topic == "general" {
            continue;
        }
        assert!(!own.is_empty(), "{f}");
        for t in own {
            let text = t["text"].as_str().unwrap();
            let span = t["span"].as_array().unwrap();
            let (a, b) = (span[0].as_u64().unwrap(), span[1].as_u64().unwrap());
            assert_eq!(&bytes[a as usize..b as usize], text.as_bytes(), "{t}");
            let sentence = f["sentence"].as_str().unwrap();
            let in_text = sentence.contains(text)
                || f["section"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|h| h.as_str().unwrap().contains(text));
            assert!(in_text, "{t} not in the sentence or headings of {f}");
            checked += 1;
        }
    }
    assert!(checked >= 4, "{checked}");
    // The money of the first section is aid, by the clause's 慰问金; the
    // teams of the second are sports.
    let find = |text: &str| {
        figures
            .iter()
            .find(|f| f["text"] == text)
            .unwrap_or_else(|| panic!("{text} not found"))
    };
    let money = find("50万元");
    assert_eq!(money["topics"][0], "aid");
    assert!(
        money["explain"]["topic_terms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["text"] == "慰问金" && t["topic"] == "aid" && t["place"] == "clause"),
        "{money}"
    );
    assert_eq!(find("12支")["topics"][0], "sports");
    // Without --explain there is no explain object.
    let o = bin()
        .args(["figures", "--format", "jsonl"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&o.stdout).contains("\"explain\""));
}

/// The table names the rule and the deciding terms; a traditional-script
/// input quotes the term as written.
#[test]
fn figures_explain_table_quotes_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.txt");
    let trad = "縣總工會2019年工作計劃\n一、做好困難幫扶\n全年開展送溫暖活動，走訪慰問困難職工不少於300戶，發放慰問金50萬元。\n";
    std::fs::write(&path, trad).unwrap();
    let o = bin()
        .args(["figures", "--explain"])
        .arg(&path)
        .output()
        .expect("binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let table = String::from_utf8_lossy(&o.stdout);
    let header = table.lines().next().unwrap();
    assert!(
        header.contains("rule") && header.contains("topic terms"),
        "{table}"
    );
    let row = table
        .lines()
        .find(|l| l.contains("50萬元"))
        .unwrap_or_else(|| panic!("no 50萬元 row in\n{table}"));
    assert!(row.contains("aid") && row.contains("clause"), "{row}");
    assert!(row.contains("慰問金 (clause"), "{row}");
}
