//! Shared helpers for the external test suites (not a test by itself; each
//! `external_*.rs` includes it with `mod`).
#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;

pub fn load(name: &str) -> Vec<Value> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/external/common");
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "external test data {} missing ({e}); see ../shared/external/README.md",
            path.display()
        )
    });
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("external jsonl line parses"))
        .collect()
}

/// The input as the figure stage sees it: full-width ASCII folded, as the
/// clean stage does.
pub fn fold(s: &str) -> String {
    s.chars().filter_map(gonghui::clean::fold_char).collect()
}

pub fn source_id(case: &Value) -> &str {
    case["source"].as_str().unwrap_or("")
}

pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Tallies per source and reason, printed at the end.
#[derive(Default)]
pub struct Tally {
    pub in_scope: usize,
    pub passed: usize,
    pub out: std::collections::BTreeMap<&'static str, usize>,
    pub per_source: std::collections::BTreeMap<String, (usize, usize)>,
    pub failures: Vec<String>,
}

impl Tally {
    pub fn exclude(&mut self, why: &'static str) {
        *self.out.entry(why).or_default() += 1;
    }
    pub fn record(&mut self, case: &Value, ok: bool, detail: impl FnOnce() -> String) {
        let src = source_id(case).split(':').next().unwrap_or("").to_string();
        let e = self.per_source.entry(src).or_default();
        e.0 += 1;
        self.in_scope += 1;
        if ok {
            e.1 += 1;
            self.passed += 1;
        } else {
            self.failures
                .push(format!("{}: {}", source_id(case), detail()));
        }
    }
    pub fn report(&self, what: &str) -> f64 {
        for f in &self.failures {
            println!("FAIL {f}");
        }
        for (why, n) in &self.out {
            println!("out of scope ({why}): {n}");
        }
        for (src, (n, ok)) in &self.per_source {
            println!("{src}: {ok}/{n}");
        }
        let rate = self.passed as f64 / self.in_scope.max(1) as f64;
        println!(
            "{what}: in scope {}, passed {}, rate {rate:.3}, out of scope {}",
            self.in_scope,
            self.passed,
            self.out.values().sum::<usize>()
        );
        rate
    }
}

/// The figures of one kind that the extractor finds in a whole input.
pub fn figures_of(
    fx: &gonghui::figure::FigureExtractor,
    input: &str,
    kind: gonghui::figure::FigureKind,
) -> Vec<gonghui::figure::Figure> {
    fx.extract(input, 0, input.len(), None)
        .into_iter()
        .filter(|f| f.kind == kind)
        .collect()
}
