//! Agreement of `TopicTagger::figure_topics` with the hand-labelled topic of
//! every figure of the seed and corpus annotations (tests/data/*_figures.jsonl).
//!
//! For each non-optional labelled figure the test finds the figure text on
//! its line of the seed file, cuts the clause (between commas/semicolons)
//! and the sentence around it, and takes the enclosing section headings
//! from the document annotation (*_docs.json), innermost first: the same
//! three levels the pipeline gives the tagger.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gonghui::dict::Dictionaries;
use gonghui::topic::TopicTagger;
use serde_json::Value;

fn seeds_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    assert!(
        dir.is_dir(),
        "seed files missing: expected them in {} (see /tmp/common.md)",
        dir.display()
    );
    dir
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

const CLAUSE_ENDS: &[char] = &['，', ',', '；', ';', '。', '！', '？', '!', '?', '：', ':'];
const SENTENCE_ENDS: &[char] = &['。', '！', '？', '!', '?', '；', ';'];

/// The stretch of `line` around `[s, e)` between two of `ends`.
fn around<'a>(line: &'a str, s: usize, e: usize, ends: &[char]) -> &'a str {
    let a = line[..s].rfind(ends).map_or(0, |i| {
        i + line[i..].chars().next().map_or(1, char::len_utf8)
    });
    let b = line[e..].find(ends).map_or(line.len(), |i| e + i);
    &line[a..b]
}

/// Headings of the documents of one file: line → (level, heading text),
/// per document (its title line and its heading list).
struct DocHeadings {
    title_line: usize,
    headings: Vec<(usize, u64)>,
}

fn doc_headings(docs_json: &Value, file: &str) -> Vec<DocHeadings> {
    let mut out = Vec::new();
    let Some(entries) = docs_json.as_array() else {
        return out;
    };
    for entry in entries.iter().filter(|e| e["file"] == file) {
        for d in entry["documents"].as_array().into_iter().flatten() {
            let headings = d["headings"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|h| Some((h["line"].as_u64()? as usize, h["level"].as_u64()?)))
                .collect();
            out.push(DocHeadings {
                title_line: d["title_line"].as_u64().unwrap_or(0) as usize,
                headings,
            });
        }
    }
    out.sort_by_key(|d| d.title_line);
    out
}

/// The enclosing headings of `line`, innermost first, as line numbers.
fn enclosing(docs: &[DocHeadings], line: usize) -> Vec<usize> {
    let Some(doc) = docs.iter().rev().find(|d| d.title_line <= line) else {
        return Vec::new();
    };
    let mut stack: Vec<(u64, usize)> = Vec::new();
    for &(l, level) in doc.headings.iter().filter(|h| h.0 <= line) {
        while stack.last().is_some_and(|&(lv, _)| lv >= level) {
            stack.pop();
        }
        stack.push((level, l));
    }
    stack.into_iter().rev().map(|(_, l)| l).collect()
}

/// A heading as the section stage keeps it: its line up to the first full
/// stop (a heading line often runs on into its first paragraph).
fn heading_text(line: &str) -> &str {
    let end = line.find('。').unwrap_or(line.len());
    line[..end].trim()
}

struct Outcome {
    total: usize,
    agree: usize,
    confusions: BTreeMap<(String, String), Vec<String>>,
}

fn measure(tagger: &TopicTagger, sets: &[(&str, &str)]) -> Outcome {
    let seeds = seeds_dir();
    let mut out = Outcome {
        total: 0,
        agree: 0,
        confusions: BTreeMap::new(),
    };
    for (figs_name, docs_name) in sets {
        // Seed annotations refer to the shared seed reports, corpus ones to
        // the sample corpus in the repository.
        let dir = if figs_name.starts_with("corpus") {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
        } else {
            seeds.clone()
        };
        let figs =
            std::fs::read_to_string(data(figs_name)).unwrap_or_else(|e| panic!("{figs_name}: {e}"));
        let docs: Value = serde_json::from_str(
            &std::fs::read_to_string(data(docs_name))
                .unwrap_or_else(|e| panic!("{docs_name}: {e}")),
        )
        .unwrap_or_else(|e| panic!("{docs_name}: {e}"));
        let mut files: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut heads: BTreeMap<String, Vec<DocHeadings>> = BTreeMap::new();
        // Several figures with the same text on one line are told apart by
        // their order in the annotation.
        let mut seen: BTreeMap<(String, usize, String), usize> = BTreeMap::new();
        for l in figs.lines().filter(|l| !l.trim().is_empty()) {
            let f: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{figs_name}: {e}"));
            let (Some(file), Some(line_no), Some(text), Some(label)) = (
                f["file"].as_str(),
                f["line"].as_u64().map(|n| n as usize),
                f["text"].as_str(),
                f["topic"].as_str(),
            ) else {
                panic!("{figs_name}: incomplete record {l}");
            };
            let nth = seen
                .entry((file.to_string(), line_no, text.to_string()))
                .and_modify(|n| *n += 1)
                .or_insert(0);
            let nth = *nth;
            if f["optional"].as_bool() == Some(true) {
                continue;
            }
            let lines = files.entry(file.to_string()).or_insert_with(|| {
                let path = dir.join(file);
                let bytes =
                    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                // The sample corpus holds GBK, UTF-16 and BOM files.
                gonghui::read::decode(file, bytes)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                    .text
                    .lines()
                    .map(str::to_string)
                    .collect()
            });
            let docs = heads
                .entry(file.to_string())
                .or_insert_with(|| doc_headings(&docs, file));
            let Some(line) = lines.get(line_no - 1) else {
                panic!("{file}:{line_no} no such line");
            };
            // A figure is not part of a longer number (30万元 inside 130万元).
            let whole = |&(i, _): &(usize, &str)| {
                let before = line[..i].chars().next_back();
                let after = line[i + text.len()..].chars().next();
                let digit_at = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
                let glued_before = digit_at(text.chars().next())
                    && before.is_some_and(|c| c.is_ascii_digit() || c == '.');
                let glued_after = digit_at(text.chars().next_back()) && digit_at(after);
                !glued_before && !glued_after
            };
            let mut found: Vec<(usize, &str)> = line.match_indices(text).filter(whole).collect();
            if found.is_empty() {
                // 3.9月: a list number glued to the figure.
                found = line.match_indices(text).collect();
            }
            let Some(&(s, _)) = found.get(nth).or(found.first()) else {
                panic!("{file}:{line_no}: {text:?} not on its line");
            };
            let e = s + text.len();
            let clause = around(line, s, e, CLAUSE_ENDS);
            let sentence = around(line, s, e, SENTENCE_ENDS);
            let headings: Vec<&str> = enclosing(docs, line_no)
                .into_iter()
                .filter_map(|l| lines.get(l - 1).map(|h| heading_text(h)))
                .collect();
            let got = tagger
                .figure_topics(clause, sentence, &headings)
                .first()
                .map_or("general", |t| t.topic);
            out.total += 1;
            if got == label {
                out.agree += 1;
            } else {
                if std::env::var_os("TOPIC_DEBUG").is_some() {
                    let all = tagger.figure_topics(clause, sentence, &headings);
                    println!(
                        "MISS {label} → {got} {file}:{line_no} {text}\n  clause: {clause}\n  sentence: {sentence}\n  headings: {headings:?}\n  scores: {all:?}\n  hits: {:?}",
                        tagger
                            .hits(sentence)
                            .iter()
                            .map(|h| h.term.as_str())
                            .collect::<Vec<_>>()
                    );
                }
                out.confusions
                    .entry((label.to_string(), got.to_string()))
                    .or_default()
                    .push(format!("{file}:{line_no} {text}"));
            }
        }
    }
    out
}

fn report(name: &str, o: &Outcome) -> f64 {
    let rate = o.agree as f64 / o.total.max(1) as f64;
    println!(
        "{name}: topic agreement {}/{} = {:.1}%",
        o.agree,
        o.total,
        rate * 100.0
    );
    let mut conf: Vec<_> = o.confusions.iter().collect();
    conf.sort_by_key(|(_, v)| std::cmp::Reverse(v.len()));
    for ((gold, got), v) in conf {
        println!(
            "  {gold:>13} → {got:<13} {:>3}  e.g. {}",
            v.len(),
            v[..v.len().min(3)].join(" | ")
        );
    }
    rate
}

/// The seed reports: the dictionaries were tuned while looking at these
/// confusions, so this is a training-set figure.
#[test]
fn figure_topics_agree_with_annotators_on_seeds() {
    let tagger = TopicTagger::new(&Dictionaries::embedded()).expect("embedded dictionaries");
    let o = measure(
        &tagger,
        &[
            ("seeds_a_figures.jsonl", "seeds_a_docs.json"),
            ("seeds_b_figures.jsonl", "seeds_b_docs.json"),
        ],
    );
    assert!(
        o.total >= 300,
        "only {} labelled seed figures found",
        o.total
    );
    let rate = report("seeds", &o);
    assert!(rate >= 0.85, "topic agreement {:.1}% < 85%", rate * 100.0);
}

/// The sample corpus, labelled after the dictionaries were written and not
/// used to tune them: the held-out figure. It falls short of the 85% goal
/// (74.3% when written); the floor keeps it from sliding back.
#[test]
fn figure_topics_agree_with_annotators_on_corpus() {
    let tagger = TopicTagger::new(&Dictionaries::embedded()).expect("embedded dictionaries");
    let o = measure(&tagger, &[("corpus_figures.jsonl", "corpus_docs.json")]);
    assert!(
        o.total >= 300,
        "only {} labelled corpus figures found",
        o.total
    );
    let rate = report("corpus", &o);
    assert!(rate >= 0.72, "topic agreement {:.1}% < 72%", rate * 100.0);
}
