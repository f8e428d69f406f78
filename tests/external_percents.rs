//! The public Chinese percentage suites (percents.jsonl: recognizers-text
//! PercentModel, NeMo, WeTextProcessing) through the figure extractor.
//!
//! Each input is folded as the clean stage folds text and run through
//! `FigureExtractor::extract`; every in-scope expected percentage must come
//! out as a `percent` figure over the same text with the same value, and
//! inputs that expect none must give none. Scope rules are in `out_of_scope`.

#[path = "common/external.rs"]
mod common;

use common::{Tally, close, figures_of, fold, load};
use gonghui::dict::Dictionaries;
use gonghui::figure::{FigureExtractor, FigureKind, FigureValue};
use serde_json::Value;

#[path = "common/shared.rs"]
mod shared;

fn out_of_scope(text: &str, item: &Value) -> Option<&'static str> {
    if item["value"].as_f64().is_none() {
        return Some("no numeric value given");
    }
    if item["value"].as_f64().is_some_and(|v| v < 0.0) || text.contains(['负', '負', '-']) {
        return Some("negative percentages");
    }
    if text.contains('折') {
        return Some("discounts (九折, 对折): shop talk, not report figures");
    }
    if text.contains("万分之") || text.contains("萬分之") || text.contains('‰') {
        return Some("per-ten-thousand and per-mille signs");
    }
    if text.chars().any(|c| c.is_ascii_alphabetic()) {
        return Some("Latin letters (15K)");
    }
    if text.contains(' ') {
        return Some("numerals broken by spaces (tokenised text)");
    }
    if text.contains("半成") {
        return Some("半成 (5%), a colloquial form");
    }
    None
}

#[test]
fn external_percents() {
    if !shared::present("external") {
        return;
    }
    let fx = FigureExtractor::new(&Dictionaries::embedded());
    let mut t = Tally::default();
    for case in load("percents.jsonl") {
        let input = fold(case["input"].as_str().unwrap_or(""));
        let figs = figures_of(&fx, &input, FigureKind::Percent);
        let items = case["expected"].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            if input.contains(' ') || input.contains('折') {
                t.exclude("no-percent cases written with spaces or discounts");
                continue;
            }
            t.record(&case, figs.is_empty(), || {
                let got: Vec<&str> = figs.iter().map(|f| &input[f.start..f.end]).collect();
                format!("{input}: expected no percent, got {got:?}")
            });
            continue;
        }
        for item in &items {
            let text = fold(item["text"].as_str().unwrap_or(""));
            if let Some(why) = out_of_scope(&text, item) {
                t.exclude(why);
                continue;
            }
            let want = item["value"].as_f64().unwrap_or(f64::NAN);
            let hit = figs.iter().find(|f| {
                let ft = &input[f.start..f.end];
                (ft.contains(text.as_str()) || text.contains(ft))
                    && (matches!(f.value, FigureValue::Number(v) if close(v, want))
                        // 5-20%: the source lists the bound as its own entity.
                        || f.value_max.is_some_and(|m| close(m, want)))
            });
            t.record(&case, hit.is_some(), || {
                let got: Vec<String> = figs
                    .iter()
                    .map(|f| format!("{} {:?}", &input[f.start..f.end], f.value))
                    .collect();
                format!("{input}: {text} = {want}, got {got:?}")
            });
        }
    }
    let rate = t.report("percents");
    assert!(t.in_scope > 100, "too few in-scope cases: {}", t.in_scope);
    assert!(rate >= 0.95, "percent pass rate {rate:.3} < 0.95");
}
