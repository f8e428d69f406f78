//! Accuracy of `check` on the hand-annotated plan/summary pairs
//! (tests/data/check_gold_*.jsonl, tests/data/CHECK.md): every plan item's
//! status, its evidence line, each target's actual and whether it is met.
//! DEV pairs are the ones tuned on (CHECK_DEBUG=1 prints their misses);
//! TEST pairs are never tuned on, and the floors hold on them.

#[path = "common/gold.rs"]
mod gold;
#[path = "common/traditional.rs"]
mod traditional;

use std::collections::BTreeMap;

use gold::{Sources, overlaps, pick};
use gonghui::jobs::archive::TwoFiles;
use gonghui::jobs::check::{ItemCheck, check};
use gonghui::pipeline::Resources;
use serde::Deserialize;

#[derive(Deserialize)]
struct GoldTarget {
    quote: String,
    actual_quote: Option<String>,
    actual_line: Option<usize>,
    met: Option<bool>,
}

#[derive(Deserialize)]
struct GoldItem {
    pair: String,
    split: String,
    plan_file: String,
    summary_file: String,
    plan_line: usize,
    plan_quote: String,
    status: String,
    evidence_lines: Vec<usize>,
    targets: Vec<GoldTarget>,
}

#[derive(Default, Debug)]
struct Score {
    items: usize,
    status_right: usize,
    with_evidence: usize,
    evidence_right: usize,
    targets: usize,
    actual_right: usize,
    met_right: usize,
}

impl Score {
    fn rate(a: usize, b: usize) -> f64 {
        if b == 0 { 1.0 } else { a as f64 / b as f64 }
    }
    fn status(&self) -> f64 {
        Score::rate(self.status_right, self.items)
    }
    fn evidence(&self) -> f64 {
        Score::rate(self.evidence_right, self.with_evidence)
    }
    fn actual(&self) -> f64 {
        Score::rate(self.actual_right, self.targets)
    }
    fn met(&self) -> f64 {
        Score::rate(self.met_right, self.targets)
    }
}

fn gold() -> Vec<GoldItem> {
    gold::read_gold("check_gold_")
}

/// A traditional-script copy (s2tw in Big5), made in the test.
fn traditional_copy(text: &str) -> (String, Vec<u8>) {
    let v = traditional::Variant::TaiwanBig5;
    let t = traditional::to_traditional(text, v);
    let b = traditional::bytes_of(&t, v);
    (t, b)
}

fn score_all() -> BTreeMap<String, Score> {
    score_all_in(None)
}

/// Scores of the pairs as written, or of copies made with `convert`.
fn score_all_in(convert: Option<gold::Convert>) -> BTreeMap<String, Score> {
    let res = Resources::load(None).unwrap();
    let gold = gold();
    let mut by_pair: BTreeMap<(String, String, String, String), Vec<&GoldItem>> = BTreeMap::new();
    for g in &gold {
        by_pair
            .entry((
                g.split.clone(),
                g.pair.clone(),
                g.plan_file.clone(),
                g.summary_file.clone(),
            ))
            .or_default()
            .push(g);
    }
    let debug = std::env::var_os("CHECK_DEBUG").is_some();
    let mut sources = convert.map_or_else(Sources::default, Sources::converted);
    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    for ((split, pair, plan_file, summary_file), items) in by_pair {
        let archive = gold::archive_of_with(&[&plan_file, &summary_file], &res, convert);
        let (plan, summary) = pick(&archive, &plan_file, &summary_file, TwoFiles::Check);
        let report = check(plan, summary, &res.matcher);
        let s = scores.entry(split.clone()).or_default();
        let show = debug && split == "dev";
        for g in items {
            let at = sources.place(&plan_file, g.plan_line, &g.plan_quote);
            let ours: Option<&ItemCheck> = report
                .items
                .iter()
                .find(|c| c.item.span.start <= at.0 && at.0 < c.item.span.end);
            s.items += 1;
            if show && std::env::var_os("CHECK_DUMP").is_some() {
                let n: Vec<f32> =
                    ours.map_or(vec![], |c| c.nearest.iter().map(|e| e.score).collect());
                println!(
                    "DUMP {} {:.3} {:.3}",
                    g.status,
                    n.first().unwrap_or(&0.0),
                    n.get(1).unwrap_or(&0.0)
                );
            }
            let status = ours.map_or("missing", |c| c.status.as_str());
            if status == g.status {
                s.status_right += 1;
            } else if show {
                println!(
                    "{pair} {}:{} status {} (gold {}) {} nearest {:?}",
                    plan_file,
                    g.plan_line,
                    status,
                    g.status,
                    g.plan_quote,
                    ours.map(|c| c
                        .nearest
                        .iter()
                        .map(|e| (e.item.span.line, (e.score * 1000.0) as i32))
                        .collect::<Vec<_>>())
                );
            }
            if !g.evidence_lines.is_empty() {
                s.with_evidence += 1;
                let first = ours.and_then(|c| c.evidence.first());
                let right = first.is_some_and(|e| {
                    g.evidence_lines
                        .iter()
                        .any(|&l| e.item.span.line <= l && l <= e.item.end_line)
                });
                if right {
                    s.evidence_right += 1;
                } else if show {
                    println!(
                        "{pair} {}:{} evidence {:?} (gold {:?}) {}",
                        plan_file,
                        g.plan_line,
                        first.map(|e| e.item.span.line),
                        g.evidence_lines,
                        g.plan_quote
                    );
                }
            }
            for t in &g.targets {
                s.targets += 1;
                let tq = sources.place(&plan_file, g.plan_line, &t.quote);
                let found = ours.and_then(|c| {
                    c.targets
                        .iter()
                        .find(|x| overlaps((x.target.span.start, x.target.span.end), tq))
                });
                let gold_actual = match (&t.actual_quote, t.actual_line) {
                    (Some(q), Some(l)) => Some(sources.place(&summary_file, l, q)),
                    _ => None,
                };
                let our_actual =
                    found.and_then(|x| x.actual.map(|(_, a)| (a.span.start, a.span.end)));
                let actual_right = match (gold_actual, our_actual) {
                    (None, None) => true,
                    (Some(g), Some(o)) => overlaps(g, o),
                    _ => false,
                };
                if actual_right {
                    s.actual_right += 1;
                } else if show {
                    println!(
                        "{pair} {}:{} target {} actual {:?} (gold {:?}){}",
                        plan_file,
                        g.plan_line,
                        t.quote,
                        found.and_then(|x| x.actual.map(|(_, a)| a.text.clone())),
                        t.actual_quote,
                        if found.is_none() {
                            " [target not found]"
                        } else {
                            ""
                        }
                    );
                }
                let met = found.and_then(|x| x.met);
                if met == t.met {
                    s.met_right += 1;
                } else if show && actual_right {
                    println!(
                        "{pair} {}:{} target {} met {:?} (gold {:?})",
                        plan_file, g.plan_line, t.quote, met, t.met
                    );
                }
            }
        }
    }
    for (split, s) in &scores {
        println!(
            "{split}: {} items, status {:.3}, evidence {:.3} ({}), targets {}: actual {:.3}, met {:.3}",
            s.items,
            s.status(),
            s.evidence(),
            s.with_evidence,
            s.targets,
            s.actual(),
            s.met()
        );
    }
    scores
}

#[test]
fn check_meets_its_floors_on_test_pairs() {
    floors(&score_all());
}

/// The same pairs in traditional script, converted in the test: the same
/// floors.
#[test]
fn check_meets_its_floors_on_test_pairs_in_traditional() {
    floors(&score_all_in(Some(traditional_copy)));
}

fn floors(scores: &BTreeMap<String, Score>) {
    let test = &scores["test"];
    assert!(test.items >= 80, "only {} TEST items", test.items);
    assert!(test.status() >= 0.9, "status {:.3}", test.status());
    assert!(test.evidence() >= 0.9, "evidence {:.3}", test.evidence());
    assert!(test.actual() >= 0.9, "actual {:.3}", test.actual());
    assert!(test.met() >= 0.9, "met {:.3}", test.met());
    let dev = &scores["dev"];
    assert!(dev.status() >= 0.9, "DEV status {:.3}", dev.status());
}
