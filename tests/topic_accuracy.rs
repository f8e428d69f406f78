//! Agreement of `TopicTagger::figure_topics` with the hand-labelled topic of
//! every figure of the seed and corpus annotations (tests/data/*_figures.jsonl).
//!
//! The figures are split as tests/data/topic_split.md says: DEV (the seeds
//! and the corpus files at even positions of the sorted listing) and DEV2
//! (the documents of tests/data/topic_dev2/, written and labelled apart
//! from the tagger), whose confusions may be read while tuning, and TEST
//! (the corpus files at odd positions, and the held-out documents of
//! tests/data/topic_heldout/, written and labelled apart from the tagger),
//! of which only the rates are printed.
//!
//! For each non-optional labelled figure the test finds the figure text on
//! its line of the seed file, cuts the clause (between commas/semicolons)
//! and the sentence around it, and takes the enclosing section headings
//! from the document annotation (*_docs.json), innermost first: the same
//! three levels the pipeline gives the tagger.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use gonghui::dict::Dictionaries;
use gonghui::output::Recorder;
use gonghui::pipeline::{Resources, Stages, analyze_source};
use gonghui::topic::{FigureContext, TopicTagger};
use serde_json::Value;

#[path = "common/shared.rs"]
mod shared;
#[path = "common/traditional.rs"]
mod traditional;

use traditional::{Variant, to_traditional};

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

/// The byte range of `line` around `[s, e)` between two of `ends`.
fn around(line: &str, s: usize, e: usize, ends: &[char]) -> (usize, usize) {
    let a = line[..s].rfind(ends).map_or(0, |i| {
        i + line[i..].chars().next().map_or(1, char::len_utf8)
    });
    let b = line[e..].find(ends).map_or(line.len(), |i| e + i);
    (a, b)
}

/// Whether `line_no` is in the document's preamble: its title or opening
/// text before the first heading; in a document without headings, its
/// title and first paragraph.
fn in_preamble(docs: &[DocHeadings], lines: &[String], line_no: usize) -> bool {
    let Some(doc) = docs.iter().rev().find(|d| d.title_line <= line_no) else {
        return false;
    };
    match doc.headings.iter().map(|h| h.0).min() {
        Some(first) => line_no < first,
        None => {
            let first_para = (doc.title_line + 1..=lines.len())
                .find(|&l| !lines[l - 1].trim().is_empty())
                .unwrap_or(doc.title_line);
            line_no <= first_para
        }
    }
}

/// The text after `[.., end)` of line `line_no`, a few lines of its
/// document: what the pipeline gives as the rest of the figure's section.
/// Not cut at annotated headings: the numbered items under a schedule entry
/// (三月份：) are annotated as headings, while the section stage nests them
/// in the entry.
fn following(docs: &[DocHeadings], lines: &[String], line_no: usize, end: usize) -> String {
    let next_doc = docs
        .iter()
        .map(|d| d.title_line)
        .find(|&l| l > line_no)
        .unwrap_or(usize::MAX);
    let stop = next_doc.min(lines.len() + 1).min(line_no + 12);
    let mut out = lines[line_no - 1][end..].to_string();
    for l in line_no + 1..stop {
        out.push('\n');
        out.push_str(&lines[l - 1]);
    }
    out
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

/// One labelled figure and what the tagger said.
struct Judged {
    /// Seed or corpus file name.
    file: String,
    label: String,
    got: String,
    /// `file:line text`, for the confusion list.
    place: String,
}

/// The lines of a decoded file as the tagger reads them: as written, or
/// (`variant`) converted to traditional in the test and back to simplified
/// by the clean stage's normalisation, with the original lines.
fn lines_of(text: &str, variant: Option<Variant>) -> (Vec<String>, Vec<String>) {
    let orig: Vec<String> = text.lines().map(str::to_string).collect();
    let Some(v) = variant else {
        return (orig.clone(), orig);
    };
    let trad = to_traditional(text, v);
    let map = gonghui::source_map::SourceMap::identity(0, trad.len());
    let regional = gonghui::clean::script::Regional::new(&Dictionaries::embedded());
    let back = gonghui::clean::script::simplify(&trad, &map, &regional)
        .expect("converters load")
        .text;
    (back.lines().map(str::to_string).collect(), orig)
}

fn measure(tagger: &TopicTagger, sets: &[(&str, &str)]) -> Vec<Judged> {
    measure_in(tagger, sets, None)
}

fn measure_in(
    tagger: &TopicTagger,
    sets: &[(&str, &str)],
    variant: Option<Variant>,
) -> Vec<Judged> {
    let seeds = seeds_dir();
    let mut out = Vec::new();
    for (figs_name, docs_name) in sets {
        // Seed annotations refer to the shared seed reports, corpus ones to
        // the sample corpus in the repository.
        let dir = if figs_name.starts_with("corpus") {
            corpus_dir()
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
        let mut files: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
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
            let (lines, orig_lines) = files.entry(file.to_string()).or_insert_with(|| {
                let path = dir.join(file);
                let bytes =
                    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                // The sample corpus holds GBK, UTF-16 and BOM files.
                let text = gonghui::read::decode(file, bytes)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                    .text;
                lines_of(&text, variant)
            });
            let (lines, orig_lines) = (&*lines, &*orig_lines);
            let docs = heads
                .entry(file.to_string())
                .or_insert_with(|| doc_headings(&docs, file));
            let (Some(line), Some(orig_line)) =
                (lines.get(line_no - 1), orig_lines.get(line_no - 1))
            else {
                panic!("{file}:{line_no} no such line");
            };
            // Found in the line as written, then carried by char index to
            // the line the tagger reads (the same number of chars after the
            // round trip, but for a regional word of another length).
            let tagged_line = line.as_str();
            let line = orig_line;
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
            let (line, s, e) = if tagged_line == line.as_str() {
                (line.as_str(), s, e)
            } else if tagged_line.chars().count() == line.chars().count() {
                let m = traditional::CharMap::new(line, tagged_line);
                (tagged_line, m.to_copy(s), m.to_copy(e))
            } else {
                match tagged_line.find(text) {
                    Some(s) => (tagged_line, s, s + text.len()),
                    None => panic!("{file}:{line_no}: {text:?} lost in the round trip"),
                }
            };
            let (ca, cb) = around(line, s, e, CLAUSE_ENDS);
            let (sa, sb) = around(line, s, e, SENTENCE_ENDS);
            let (clause, sentence) = (&line[ca..cb], &line[sa..sb]);
            let headings: Vec<&str> = enclosing(docs, line_no)
                .into_iter()
                .filter_map(|l| lines.get(l - 1).map(|h| heading_text(h)))
                .collect();
            let after = following(docs, lines, line_no, sb);
            let cx = FigureContext {
                sentence,
                clause: (ca - sa, cb - sa),
                figure: (s - sa, e - sa),
                headings: &headings,
                following: &after,
                preamble: in_preamble(docs, lines, line_no),
                date: f["kind"] == "date",
            };
            let got = tagger
                .figure_topics(&cx)
                .first()
                .map_or("general", |t| t.topic)
                .to_string();
            let place = format!("{file}:{line_no} {text}");
            if got == label && debug_all() && debug_allowed(file) {
                println!("OK {label} {place}\n  sentence: {sentence}\n  headings: {headings:?}");
            }
            if got != label && debug_allowed(file) {
                let all = tagger.figure_topics(&cx);
                println!(
                    "MISS {label} → {got} {place}\n  clause: {clause}\n  sentence: {sentence}\n  headings: {headings:?}\n  scores: {all:?}\n  hits: {:?}",
                    tagger
                        .hits(sentence)
                        .iter()
                        .map(|h| h.term.as_str())
                        .collect::<Vec<_>>()
                );
            }
            out.push(Judged {
                file: file.to_string(),
                label: label.to_string(),
                got,
                place,
            });
        }
    }
    out
}

fn heldout_dir() -> PathBuf {
    data("topic_heldout")
}

/// A set of whole documents with a labelled figure file beside them, run
/// through the whole pipeline: the held-out documents (TEST) or the second
/// DEV set.
struct DocumentSet {
    dir: PathBuf,
    figures: &'static str,
    /// Prefix of the judged file names (`topic_heldout/`).
    name: &'static str,
    /// DEV: its misses may be printed (`TOPIC_DEBUG`).
    dev: bool,
}

fn heldout_set() -> DocumentSet {
    DocumentSet {
        dir: heldout_dir(),
        figures: "topic_heldout_figures.jsonl",
        name: "topic_heldout",
        dev: false,
    }
}

/// The second DEV set (tests/data/topic_dev2/, written and labelled by a
/// separate writer, like the held-out one; its confusions may be read).
fn dev2_set() -> DocumentSet {
    DocumentSet {
        dir: data("topic_dev2"),
        figures: "topic_dev2_figures.jsonl",
        name: "topic_dev2",
        dev: true,
    }
}

/// A figure the pipeline found, for matching the labelled ones.
struct Predicted {
    line: usize,
    text: String,
    kind: &'static str,
    /// Its first topic.
    topic: String,
    /// Already matched to a labelled figure.
    taken: bool,
    /// (document, figure) index in the analysis.
    at: (usize, usize),
}

/// `TOPIC_DEV_ONLY=1`: only the DEV parts are measured and printed (TEST is
/// neither tagged nor shown, and its floors are not checked), so that a
/// tuning run does not look at TEST; the test without it checks every floor.
fn dev_only() -> bool {
    std::env::var_os("TOPIC_DEV_ONLY").is_some()
}

/// The documents of `set`, tagged by the whole pipeline (their headings are
/// not annotated, so the section stage finds them, as for any user file):
/// each non-optional labelled figure is matched to a figure the pipeline
/// found on its line (the same text, or one holding the other; the same
/// kind first) and judged by that figure's first topic. A labelled figure
/// the pipeline did not find counts as a disagreement. `variant` converts
/// each file (and the labelled texts) to traditional script first.
fn measure_documents(
    res: &Resources,
    set: &DocumentSet,
    variant: Option<Variant>,
) -> (Vec<Judged>, usize) {
    let dir = &set.dir;
    let name = set.name;
    let figs = std::fs::read_to_string(dir.join(set.figures))
        .unwrap_or_else(|e| panic!("{name}/{}: {e}", set.figures));
    let mut by_file: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for l in figs.lines().filter(|l| !l.trim().is_empty()) {
        let f: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}: {e}: {l}"));
        let file = f["file"].as_str().expect("file").to_string();
        by_file.entry(file).or_default().push(f);
    }
    let stages = Stages {
        figures: true,
        topics: true,
    };
    let debug = set.dev && std::env::var_os("TOPIC_DEBUG").is_some();
    let mut out = Vec::new();
    let mut unmatched = 0;
    for (file, gold) in &by_file {
        let path = dir.join(file);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let source = match variant {
            None => gonghui::read::decode(file, bytes),
            Some(v) => {
                let text = String::from_utf8(bytes).expect("labelled documents are UTF-8");
                gonghui::read::decode(file, to_traditional(&text, v).into_bytes())
            }
        }
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let fa = analyze_source(source, res, stages);
        let rec = Recorder::new(&fa);
        // Why each figure has its topics, for the DEV misses only.
        let why: Vec<Vec<gonghui::pipeline::FigureTopicsWhy>> = if debug {
            (0..fa.documents.len())
                .map(|d| gonghui::pipeline::explain_topics(res, &fa, d))
                .collect()
        } else {
            Vec::new()
        };
        let mut predicted: Vec<Predicted> = fa
            .documents
            .iter()
            .enumerate()
            .flat_map(|(d, da)| da.figures.iter().enumerate().map(move |(i, pf)| (d, i, pf)))
            .map(|(d, i, pf)| {
                let r = rec.figure(d, pf);
                let topic = r.topics.first().copied().unwrap_or("general");
                Predicted {
                    line: r.line,
                    text: r.figure.text,
                    kind: r.figure.kind,
                    topic: topic.to_string(),
                    taken: false,
                    at: (d, i),
                }
            })
            .collect();
        for g in gold {
            if g["optional"].as_bool() == Some(true) {
                continue;
            }
            let (Some(line), Some(text), Some(kind), Some(label)) = (
                g["line"].as_u64().map(|n| n as usize),
                g["text"].as_str(),
                g["kind"].as_str(),
                g["topic"].as_str(),
            ) else {
                panic!("{name} {file}: incomplete record {g}");
            };
            let text = match variant {
                Some(v) => to_traditional(text, v),
                None => text.to_string(),
            };
            let overlaps = |t: &str| t.contains(text.as_str()) || text.contains(t);
            let pick = |same_kind: bool, exact: bool| {
                predicted.iter().position(|p| {
                    !p.taken
                        && p.line == line
                        && (!same_kind || p.kind == kind)
                        && if exact {
                            p.text == text
                        } else {
                            overlaps(&p.text)
                        }
                })
            };
            let found = pick(true, true)
                .or_else(|| pick(true, false))
                .or_else(|| pick(false, true))
                .or_else(|| pick(false, false));
            let got = match found {
                Some(i) => {
                    predicted[i].taken = true;
                    predicted[i].topic.clone()
                }
                None => {
                    unmatched += 1;
                    String::new()
                }
            };
            let place = format!("{name}/{file}:{line} {text}");
            if debug && (got != label || debug_all()) {
                let head = if got == label { "OK" } else { "MISS" };
                println!("{head} {label} → {got} {place}");
                if let Some(i) = found {
                    let (d, n) = predicted[i].at;
                    let da = &fa.documents[d];
                    let pf = &da.figures[n];
                    let (s0, s1) = pf.figure.sentence;
                    let headings: Vec<&str> = pf
                        .section_path
                        .iter()
                        .rev()
                        .map(|&k| da.sections.sections[k].heading.as_str())
                        .collect();
                    let w = &why[d][n].explanation;
                    let terms: Vec<String> = w
                        .terms
                        .iter()
                        .map(|e| format!("{}:{}:{:?}:{:.2}", e.term, e.topic, e.place, e.score))
                        .collect();
                    println!(
                        "  sentence: {}\n  subject: {:?} action: {:?}\n  headings: {headings:?}\n  decided: {:?} scores: {:?}\n  terms: {terms:?}",
                        &fa.clean.text[s0..s1],
                        pf.figure.subject,
                        pf.figure.action,
                        w.decided_by,
                        w.topics
                            .iter()
                            .map(|t| format!("{}={:.2}", t.topic, t.score))
                            .collect::<Vec<_>>(),
                    );
                }
            }
            out.push(Judged {
                file: format!("{name}/{file}"),
                label: label.to_string(),
                got,
                place,
            });
        }
    }
    (out, unmatched)
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The corpus files of TEST: odd positions (0-based) in the sorted listing
/// of corpus/*.txt (tests/data/topic_split.md).
fn test_files() -> BTreeSet<String> {
    let mut names: Vec<String> = std::fs::read_dir(corpus_dir())
        .unwrap_or_else(|e| panic!("corpus/: {e}"))
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 16, "the split is written for 16 corpus files");
    names.into_iter().skip(1).step_by(2).collect()
}

/// `TOPIC_DEBUG=all`: the agreeing DEV figures are printed too.
fn debug_all() -> bool {
    std::env::var_os("TOPIC_DEBUG").is_some_and(|v| v == "all")
}

/// Misses are only printed (TOPIC_DEBUG) for DEV files: TEST confusions are
/// not to be read while tuning.
fn debug_allowed(file: &str) -> bool {
    std::env::var_os("TOPIC_DEBUG").is_some() && !test_files().contains(file)
}

fn report(name: &str, judged: &[&Judged], confusions: bool) -> f64 {
    let agree = judged.iter().filter(|j| j.got == j.label).count();
    let rate = agree as f64 / judged.len().max(1) as f64;
    println!(
        "{name}: topic agreement {agree}/{} = {:.1}%",
        judged.len(),
        rate * 100.0
    );
    if !confusions {
        return rate;
    }
    let mut conf: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for j in judged.iter().filter(|j| j.got != j.label) {
        conf.entry((&j.label, &j.got)).or_default().push(&j.place);
    }
    let mut conf: Vec<_> = conf.into_iter().collect();
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

/// DEV (seeds and even corpus files) and DEV2 with their confusions, TEST
/// (odd corpus files and the held-out documents) as bare rates, and the
/// whole. The tagger was tuned while reading DEV and DEV2 confusions only.
#[test]
fn figure_topics_agree_with_annotators() {
    if !shared::present("seeds") {
        return;
    }
    let tagger = TopicTagger::new(&Dictionaries::embedded()).expect("embedded dictionaries");
    let mut all = measure(
        &tagger,
        &[
            ("seeds_a_figures.jsonl", "seeds_a_docs.json"),
            ("seeds_b_figures.jsonl", "seeds_b_docs.json"),
        ],
    );
    let seeds = all.len();
    assert!(seeds >= 300, "only {seeds} labelled seed figures found");
    all.extend(measure(
        &tagger,
        &[("corpus_figures.jsonl", "corpus_docs.json")],
    ));
    assert!(
        all.len() - seeds >= 300,
        "only {} labelled corpus figures found",
        all.len() - seeds
    );
    let test = test_files();
    let (test_set, dev_set): (Vec<&Judged>, Vec<&Judged>) =
        all.iter().partition(|j| test.contains(&j.file));
    assert!(
        test_set.len() >= 300,
        "only {} TEST figures",
        test_set.len()
    );
    let dev = report("DEV", &dev_set, true);
    let res = Resources::load(None).expect("dictionaries load");
    let (dev2, dev2_unmatched) = measure_documents(&res, &dev2_set(), None);
    assert!(dev2.len() >= 450, "only {} DEV2 figures", dev2.len());
    assert!(
        dev2_unmatched <= 12,
        "{dev2_unmatched} DEV2 figures not found"
    );
    println!("DEV2 figures not found by the pipeline: {dev2_unmatched} (counted as misses)");
    let dev2_rate = report("DEV2 (topic_dev2/)", &dev2.iter().collect::<Vec<_>>(), true);
    // One file holds most of DEV2's finance figures: the rate per file says
    // more than the pooled one.
    let mut dev2_files: BTreeMap<&str, Vec<&Judged>> = BTreeMap::new();
    for j in &dev2 {
        dev2_files.entry(&j.file).or_default().push(j);
    }
    for (file, judged) in &dev2_files {
        report(&format!("  {file}"), judged, false);
    }
    let dev_all: Vec<&Judged> = dev_set.iter().copied().chain(dev2.iter()).collect();
    report("DEV with DEV2", &dev_all, false);
    assert!(
        dev >= DEV_FLOOR && dev2_rate >= DEV2_FLOOR,
        "DEV agreement {:.1}% (floor {:.1}%), DEV2 {:.1}% (floor {:.1}%)",
        dev * 100.0,
        DEV_FLOOR * 100.0,
        dev2_rate * 100.0,
        DEV2_FLOOR * 100.0
    );
    // The bar is stated on the seed reports (part of DEV, so tuned
    // on): reported and held to it on its own.
    let seed_rate = report("seeds", &all[..seeds].iter().collect::<Vec<_>>(), false);
    assert!(
        seed_rate >= 0.85,
        "seed agreement {:.1}% < 85%",
        seed_rate * 100.0
    );
    if dev_only() {
        println!("TOPIC_DEV_ONLY: TEST not measured");
        return;
    }
    let corpus_test = report("TEST corpus (odd files)", &test_set, false);
    let (heldout, unmatched) = measure_documents(&res, &heldout_set(), None);
    assert!(
        heldout.len() >= 300,
        "only {} held-out figures",
        heldout.len()
    );
    // The pipeline finds nearly every labelled figure; more missing would
    // mean the held-out part no longer measures topics.
    assert!(unmatched <= 5, "{unmatched} held-out figures not found");
    println!("held-out figures not found by the pipeline: {unmatched} (counted as misses)");
    let heldout_rate = report(
        "TEST held-out (topic_heldout/)",
        &heldout.iter().collect::<Vec<_>>(),
        false,
    );
    let test_all: Vec<&Judged> = test_set.iter().copied().chain(heldout.iter()).collect();
    let held_out = report("TEST", &test_all, false);
    report(
        "whole",
        &all.iter()
            .chain(heldout.iter())
            .chain(dev2.iter())
            .collect::<Vec<_>>(),
        false,
    );
    assert!(
        held_out >= TEST_FLOOR,
        "TEST agreement {:.1}% < {:.1}%",
        held_out * 100.0,
        TEST_FLOOR * 100.0
    );
    assert!(
        corpus_test >= TEST_CORPUS_FLOOR && heldout_rate >= TEST_HELDOUT_FLOOR,
        "TEST parts: corpus {:.1}%, held-out {:.1}%",
        corpus_test * 100.0,
        heldout_rate * 100.0
    );
}

/// The same labelled figures in traditional script (s2tw, s2hk), read
/// back through the clean stage's normalisation: the same floors.
#[test]
fn figure_topics_agree_with_annotators_in_traditional() {
    if !shared::present("seeds") {
        return;
    }
    let tagger = TopicTagger::new(&Dictionaries::embedded()).expect("embedded dictionaries");
    let res = Resources::load(None).expect("dictionaries load");
    let test = test_files();
    for v in [Variant::Taiwan, Variant::HongKong] {
        println!("script: {}", v.name());
        let mut all = measure_in(
            &tagger,
            &[
                ("seeds_a_figures.jsonl", "seeds_a_docs.json"),
                ("seeds_b_figures.jsonl", "seeds_b_docs.json"),
            ],
            Some(v),
        );
        let seeds = all.len();
        all.extend(measure_in(
            &tagger,
            &[("corpus_figures.jsonl", "corpus_docs.json")],
            Some(v),
        ));
        let (test_set, dev_set): (Vec<&Judged>, Vec<&Judged>) =
            all.iter().partition(|j| test.contains(&j.file));
        let dev = report("DEV", &dev_set, false);
        let (dev2, _) = measure_documents(&res, &dev2_set(), Some(v));
        let dev2_rate = report("DEV2", &dev2.iter().collect::<Vec<_>>(), false);
        assert!(
            dev2_rate >= DEV2_FLOOR,
            "{}: DEV2 agreement {dev2_rate:.3}",
            v.name()
        );
        report("TEST corpus (odd files)", &test_set, false);
        let (heldout, unmatched) = measure_documents(&res, &heldout_set(), Some(v));
        assert!(
            unmatched <= 5,
            "{}: {unmatched} held-out figures not found",
            v.name()
        );
        report("TEST held-out", &heldout.iter().collect::<Vec<_>>(), false);
        let test_all: Vec<&Judged> = test_set.iter().copied().chain(heldout.iter()).collect();
        let held_out = report("TEST", &test_all, false);
        let seed_rate = report("seeds", &all[..seeds].iter().collect::<Vec<_>>(), false);
        assert!(
            seed_rate >= 0.85,
            "{}: seed agreement {seed_rate:.3}",
            v.name()
        );
        assert!(dev >= DEV_FLOOR, "{}: DEV agreement {dev:.3}", v.name());
        assert!(
            held_out >= TEST_FLOOR,
            "{}: TEST agreement {held_out:.3}",
            v.name()
        );
    }
}

/// Floors a little below the measured rates, so they cannot slide back.
/// Measured (tests/data/topic_split.md has the steps): DEV 722/803 =
/// 89.9% (710 before), DEV2 435/492 = 88.4% (390 when it arrived, before
/// any change), TEST 738/834 = 88.5% (714 before): its corpus part
/// 393/454 = 86.6% (383), its held-out part 345/380 = 90.8% (331). The
/// same in traditional script (s2tw, s2hk).
const DEV_FLOOR: f64 = 0.895;
const DEV2_FLOOR: f64 = 0.88;
const TEST_FLOOR: f64 = 0.88;
const TEST_CORPUS_FLOOR: f64 = 0.86;
const TEST_HELDOUT_FLOOR: f64 = 0.905;
