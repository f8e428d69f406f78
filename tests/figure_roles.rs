//! Role, subject and action of figures against the hand annotations of
//! tests/data/figure_roles.jsonl (conventions in tests/data/ROLES.md),
//! through the whole pipeline, figures matched on original line, kind and
//! text (one contains the other), as tests/figure_accuracy.rs matches.
//!
//! Rates are printed for DEV and TEST; misses are printed for DEV only, and
//! only with `ROLES_DEBUG=1`. Seed files missing (../shared/seeds): the seed
//! part is skipped with a message, unless `CI` is set.
//!
//! Run: `cargo test --test figure_roles -- --nocapture`

use std::collections::BTreeMap;
use std::path::PathBuf;

use gonghui::pipeline::{Resources, Stages, analyze_source};
use gonghui::read::decode;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seeds_dir() -> PathBuf {
    root().join("../shared/seeds")
}

fn find_input(name: &str) -> Option<PathBuf> {
    [seeds_dir(), root().join("corpus")]
        .into_iter()
        .map(|d| d.join(name))
        .find(|p| p.exists())
}

fn is_seed(name: &str) -> bool {
    !root().join("corpus").join(name).exists()
}

#[derive(Debug)]
struct Gold {
    line: usize,
    text: String,
    kind: String,
    role: String,
    subject: Option<String>,
    action: Option<String>,
    test: bool,
}

fn load() -> BTreeMap<String, Vec<Gold>> {
    let path = root().join("tests/data/figure_roles.jsonl");
    let text = std::fs::read_to_string(&path).expect("figure_roles.jsonl readable");
    let mut out: BTreeMap<String, Vec<Gold>> = BTreeMap::new();
    for (i, l) in text.lines().enumerate() {
        if l.trim().is_empty() {
            continue;
        }
        let v: Value =
            serde_json::from_str(l).unwrap_or_else(|e| panic!("figure_roles.jsonl:{}: {e}", i + 1));
        let s = |k: &str| v[k].as_str().map(str::to_string);
        out.entry(s("file").unwrap_or_default())
            .or_default()
            .push(Gold {
                line: v["line"].as_u64().unwrap_or(0) as usize,
                text: s("text").unwrap_or_default(),
                kind: s("kind").unwrap_or_default(),
                role: s("role").unwrap_or_default(),
                subject: s("subject"),
                action: s("action"),
                test: v["split"].as_str() == Some("test"),
            });
    }
    out
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !"“”‘’《》「」『』\"'〈〉".contains(*c) && !c.is_whitespace())
        .collect()
}

/// Equal, or one a suffix of the other with the shorter ≥ 2 chars, or both
/// null.
fn subject_agrees(gold: Option<&str>, pred: Option<&str>) -> bool {
    match (gold.map(norm), pred.map(norm)) {
        (None, None) => true,
        (Some(g), Some(p)) => {
            let short = g.chars().count().min(p.chars().count());
            g == p || (short >= 2 && (g.ends_with(&p) || p.ends_with(&g)))
        }
        _ => false,
    }
}

/// Equal, or one contains the other, or both null.
fn action_agrees(gold: Option<&str>, pred: Option<&str>) -> bool {
    match (gold, pred) {
        (None, None) => true,
        (Some(g), Some(p)) => g.contains(p) || p.contains(g),
        _ => false,
    }
}

#[derive(Default, Debug)]
struct Score {
    n: usize,
    matched: usize,
    role: usize,
    subject: usize,
    action: usize,
}

impl Score {
    fn rate(&self, k: usize) -> f64 {
        k as f64 / self.n.max(1) as f64
    }
    fn print(&self, name: &str) {
        println!(
            "{name:4} figures {:3} matched {:3}  role {:.3}  subject {:.3}  action {:.3}",
            self.n,
            self.matched,
            self.rate(self.role),
            self.rate(self.subject),
            self.rate(self.action)
        );
    }
}

#[test]
fn roles_subjects_and_actions_match_the_hand_annotations() {
    let gold = load();
    let res = Resources::load(None).expect("dictionaries load");
    let stages = Stages {
        figures: true,
        topics: false,
    };
    let debug = std::env::var_os("ROLES_DEBUG").is_some();
    let ci = std::env::var_os("CI").is_some();
    let (mut dev, mut test, mut seeds) = (Score::default(), Score::default(), Score::default());
    let mut skipped = Vec::new();
    for (file, items) in &gold {
        let Some(path) = find_input(file) else {
            assert!(
                !ci && is_seed(file),
                "annotated input {file} not found (seeds in {})",
                seeds_dir().display()
            );
            skipped.push(file.clone());
            continue;
        };
        let bytes = std::fs::read(&path).expect("input readable");
        let source = decode(file, bytes).expect("input decodes");
        let fa = analyze_source(source, &res, stages);
        struct Pred {
            line: usize,
            text: String,
            kind: &'static str,
            role: Option<&'static str>,
            subject: Option<String>,
            action: Option<String>,
            used: bool,
        }
        let mut preds: Vec<Pred> = fa
            .documents
            .iter()
            .flat_map(|d| d.figures.iter())
            .map(|p| {
                let f = &p.figure;
                let span = fa.clean.orig_span(f.start, f.end);
                Pred {
                    line: fa.source.lines.line_of(fa.clean.map.orig_start(f.start)),
                    text: fa.source.span_text(span),
                    kind: f.kind.as_str(),
                    role: f.role.map(|r| r.as_str()),
                    subject: f.subject.clone(),
                    action: f.action.clone(),
                    used: false,
                }
            })
            .collect();
        for g in items {
            let score = if g.test { &mut test } else { &mut dev };
            score.n += 1;
            let seed = is_seed(file);
            if seed {
                seeds.n += 1;
            }
            let candidate = |p: &Pred| !p.used && p.line == g.line && p.kind == g.kind;
            let idx = preds
                .iter()
                .position(|p| candidate(p) && p.text.trim() == g.text.trim())
                .or_else(|| {
                    preds.iter().position(|p| {
                        candidate(p)
                            && !p.text.is_empty()
                            && (p.text.contains(&g.text) || g.text.contains(&p.text))
                    })
                });
            let Some(i) = idx else {
                if debug && !g.test {
                    println!("UNMATCHED {file}:{} {} {}", g.line, g.kind, g.text);
                }
                continue;
            };
            let p = &mut preds[i];
            p.used = true;
            score.matched += 1;
            let role_ok = p.role == Some(g.role.as_str());
            let subject_ok = subject_agrees(g.subject.as_deref(), p.subject.as_deref());
            let action_ok = action_agrees(g.action.as_deref(), p.action.as_deref());
            score.role += role_ok as usize;
            score.subject += subject_ok as usize;
            score.action += action_ok as usize;
            if seed {
                seeds.matched += 1;
                seeds.role += role_ok as usize;
                seeds.subject += subject_ok as usize;
                seeds.action += action_ok as usize;
            }
            if debug && !g.test && !(role_ok && subject_ok && action_ok) {
                let mark = |ok: bool| if ok { " " } else { "✗" };
                println!(
                    "DEV {file}:{} {}: {}role {}/{:?} {}subject {:?}/{:?} {}action {:?}/{:?}",
                    g.line,
                    g.text,
                    mark(role_ok),
                    g.role,
                    p.role,
                    mark(subject_ok),
                    g.subject,
                    p.subject,
                    mark(action_ok),
                    g.action,
                    p.action
                );
            }
        }
    }
    if !skipped.is_empty() {
        println!(
            "seed inputs not found in {}, their figures skipped: {skipped:?}",
            seeds_dir().display()
        );
    }
    dev.print("DEV");
    if seeds.n > 0 {
        seeds.print("  seeds");
    }
    test.print("TEST");
    assert!(test.n >= 120, "too few TEST annotations: {}", test.n);
    // Measured at the last change: TEST role 1.000, subject 0.876, action
    // 0.909; DEV role 0.996, subject 0.849, action 0.895. Floors a little
    // under; the issue asks role >= 0.95 and subject >= 0.85 on TEST.
    let (tr, ts, ta) = (
        test.rate(test.role),
        test.rate(test.subject),
        test.rate(test.action),
    );
    assert!(tr >= 0.97, "TEST role agreement {tr:.3} < 0.97");
    assert!(ts >= 0.86, "TEST subject agreement {ts:.3} < 0.86");
    assert!(ta >= 0.88, "TEST action agreement {ta:.3} < 0.88");
    if dev.n > 0 {
        let (dr, ds, da) = (
            dev.rate(dev.role),
            dev.rate(dev.subject),
            dev.rate(dev.action),
        );
        assert!(dr >= 0.98, "DEV role agreement {dr:.3} < 0.98");
        assert!(ds >= 0.83, "DEV subject agreement {ds:.3} < 0.83");
        assert!(da >= 0.87, "DEV action agreement {da:.3} < 0.87");
    }
}

#[test]
fn agreement_rules() {
    assert!(subject_agrees(Some("困难职工子女"), Some("职工子女")));
    assert!(subject_agrees(Some("《中国教工》"), Some("中国教工")));
    assert!(!subject_agrees(Some("困难职工子女"), Some("女")));
    assert!(!subject_agrees(Some("职工"), None));
    assert!(subject_agrees(None, None));
    assert!(action_agrees(Some("组织开展"), Some("开展")));
    assert!(!action_agrees(Some("发放"), None));
}
