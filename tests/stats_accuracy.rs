//! Like with like in `stats`, scored on the hand annotations of
//! `tests/data/stats_gold.jsonl` (the invented summaries of `corpus/stats/`,
//! described in `corpus/stats/README_S.md`): each money figure's family
//! (raised, paid, invested, recovered), whether it breaks down a total
//! (其中…) or is a rate (每人500元), and the sums a careful accountant gives
//! per file and family ("aid paid in 2019"). Rules are tuned on DEV
//! (STATS_DEBUG=1 prints its misses); the floors hold on TEST.

#[path = "common/gold.rs"]
mod gold;

use std::collections::BTreeMap;

use gonghui::jobs::{FigureFilter, FilterSpec, StatsBuilder, filtered_figures};
use gonghui::pipeline::{FileAnalysis, Resources, Stages, analyze_input};
use gonghui::read::InputSource;
use serde::Deserialize;

use gold::{Sources, overlaps, root};

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Gold {
    Figure {
        split: String,
        file: String,
        line: usize,
        text: String,
        #[serde(default)]
        nth: Option<usize>,
        family: String,
        part: bool,
        per_unit: bool,
        aid: bool,
    },
    Total {
        split: String,
        file: String,
        family: String,
        kind: String,
        #[serde(default)]
        unit: Option<String>,
        #[serde(default)]
        yuan: Option<f64>,
        #[serde(default)]
        value: Option<f64>,
    },
}

/// Right and wrong per measure.
#[derive(Default, Debug)]
struct Score {
    gold_figures: usize,
    found: usize,
    family_right: usize,
    aid_right: usize,
    part: (usize, usize, usize),
    per_unit: (usize, usize, usize),
    totals: usize,
    totals_right: usize,
}

impl Score {
    fn rate(a: usize, b: usize) -> f64 {
        if b == 0 { 1.0 } else { a as f64 / b as f64 }
    }
    fn found(&self) -> f64 {
        Self::rate(self.found, self.gold_figures)
    }
    fn family(&self) -> f64 {
        Self::rate(self.family_right, self.found)
    }
    fn aid(&self) -> f64 {
        Self::rate(self.aid_right, self.found)
    }
    fn part_f1(&self) -> f64 {
        gold::f1(self.part.0, self.part.1, self.part.2).2
    }
    fn per_unit_f1(&self) -> f64 {
        gold::f1(self.per_unit.0, self.per_unit.1, self.per_unit.2).2
    }
    fn totals(&self) -> f64 {
        Self::rate(self.totals_right, self.totals)
    }
}

fn toggle(c: &mut (usize, usize, usize), gold: bool, ours: bool) {
    match (gold, ours) {
        (true, true) => c.0 += 1,
        (false, true) => c.1 += 1,
        (true, false) => c.2 += 1,
        _ => {}
    }
}

fn score_all() -> BTreeMap<String, Score> {
    let res = Resources::load(None).unwrap();
    let debug = std::env::var_os("STATS_DEBUG").is_some();
    let golds: Vec<Gold> = gold::read_gold("stats_gold");
    let mut files: BTreeMap<String, FileAnalysis> = BTreeMap::new();
    for g in &golds {
        let (Gold::Figure { file, .. } | Gold::Total { file, .. }) = g;
        files.entry(file.clone()).or_insert_with(|| {
            analyze_input(&InputSource::Path(root().join(file)), &res, Stages::ALL)
                .unwrap_or_else(|e| panic!("{file}: {e}"))
        });
    }
    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    let mut sources = Sources::default();
    for g in &golds {
        match g {
            Gold::Figure {
                split,
                file,
                line,
                text,
                nth,
                family,
                part,
                per_unit,
                aid,
            } => {
                let fa = &files[file];
                let at = sources.place_nth(file, *line, text, nth.unwrap_or(1));
                let s = scores.entry(split.clone()).or_default();
                s.gold_figures += 1;
                let ours = gonghui::jobs::figures_of(fa).find(|f| {
                    let (a, b) = fa
                        .clean
                        .orig_span(f.figure.figure.start, f.figure.figure.end);
                    overlaps((a, b), at)
                });
                let show = debug && split == "dev";
                let Some(ours) = ours else {
                    if show {
                        println!("{file}:{line} {text}: not found");
                    }
                    continue;
                };
                s.found += 1;
                let f = &ours.figure.figure;
                let our_family = f.family.map_or("other", |x| x.as_str());
                if our_family == family {
                    s.family_right += 1;
                } else if show {
                    println!(
                        "{file}:{line} {text}: family {our_family} (gold {family}), action {:?} subject {:?}",
                        f.action, f.subject
                    );
                }
                let our_aid = ours.topic() == "aid";
                if our_aid == *aid {
                    s.aid_right += 1;
                } else if show {
                    println!(
                        "{file}:{line} {text}: topic {} (gold aid {aid})",
                        ours.topic()
                    );
                }
                toggle(&mut s.part, *part, f.part);
                toggle(&mut s.per_unit, *per_unit, f.per_unit);
                if show && (*part != f.part || *per_unit != f.per_unit) {
                    println!(
                        "{file}:{line} {text}: part {} per_unit {} (gold {part} {per_unit})",
                        f.part, f.per_unit
                    );
                }
            }
            Gold::Total {
                split,
                file,
                family,
                kind,
                unit,
                yuan,
                value,
            } => {
                // What the README's recipe asks: stats --topic aid
                // --action FAMILY --kind KIND, the total row of the unit.
                // Money got back for workers is rights work, whatever the
                // annotators' aid flag: no topic asked.
                let topics = if family == "recover" {
                    vec![]
                } else {
                    vec!["aid".into()]
                };
                let spec = FilterSpec {
                    kinds: vec![kind.clone()],
                    topics,
                    actions: vec![family.clone()],
                    ..FilterSpec::default()
                };
                let filter = FigureFilter::parse(&spec, res.tagger.topics()).unwrap();
                let mut sb = StatsBuilder::new(vec![]);
                for f in filtered_figures(&files[file], &filter) {
                    sb.add(f);
                }
                let want = yuan.or(*value).unwrap();
                let got: f64 = sb
                    .rows()
                    .iter()
                    .filter(|r| r.measure.role == "actual")
                    .filter(|r| unit.as_ref().is_none_or(|u| &r.measure.unit == u))
                    .filter_map(|r| r.sum)
                    .sum();
                let s = scores.entry(split.clone()).or_default();
                s.totals += 1;
                if (got - want).abs() < 0.5 {
                    s.totals_right += 1;
                } else if debug && split == "dev" {
                    println!("{file}: {family} {kind} {unit:?}: {got} (gold {want})");
                }
            }
        }
    }
    for (split, s) in &scores {
        println!(
            "{split}: figures found {:.3} ({}/{}), family {:.3}, aid topic {:.3}, part F1 {:.3} {:?}, per-unit F1 {:.3} {:?}, totals right {:.3} ({}/{})",
            s.found(),
            s.found,
            s.gold_figures,
            s.family(),
            s.aid(),
            s.part_f1(),
            s.part,
            s.per_unit_f1(),
            s.per_unit,
            s.totals(),
            s.totals_right,
            s.totals
        );
    }
    scores
}

#[test]
fn stats_add_like_with_like_on_test_summaries() {
    let scores = score_all();
    let test = &scores["test"];
    // Measured on TEST (never tuned on): found 0.989, family 0.913, part
    // F1 0.857, per-unit F1 1.0, totals right 0.583 (14/24). The totals
    // missed are mostly topic calls: aid that the tagger calls welfare
    // (夏送清凉 for all workers) or rights drops out of `--topic aid`.
    assert!(
        test.gold_figures >= 80,
        "{} TEST figures",
        test.gold_figures
    );
    assert!(test.found() >= 0.95, "found {:.3}", test.found());
    assert!(test.family() >= 0.85, "family {:.3}", test.family());
    assert!(test.part_f1() >= 0.8, "part F1 {:.3}", test.part_f1());
    assert!(
        test.per_unit_f1() >= 0.9,
        "per-unit F1 {:.3}",
        test.per_unit_f1()
    );
    assert!(test.totals() >= 0.5, "totals {:.3}", test.totals());
}
