//! The public Chinese money suites (money.jsonl: recognizers-text
//! CurrencyModel, Duckling, cn2an, JioNLP, NeMo, WeTextProcessing) through
//! the figure extractor: in-scope amounts must come out as `amount` figures
//! in yuan over the same text, with the same value (and bounds for ranges).
//!
//! Our scope is renminbi written with 元 (元, 万元, 亿元, 元人民币, 块钱):
//! see `out_of_scope` for what is left out and why.

#[path = "common/external.rs"]
mod common;

use common::{Tally, close, figures_of, fold, load};
use gonghui::dict::Dictionaries;
use gonghui::figure::{FigureExtractor, FigureKind, FigureValue};
use serde_json::Value;

#[path = "common/shared.rs"]
mod shared;

fn out_of_scope(text: &str, item: &Value) -> Option<&'static str> {
    let unit = item["unit"].as_str().unwrap_or("");
    let extra = &item["extra"];
    if !(unit == "CNY" || unit == "Dollar" && text.contains('元')) {
        return Some("currencies other than renminbi");
    }
    if !(text.contains('元') || text.contains("块钱")) {
        return Some("no 元 (¥ / RMB signs, bare numbers, 块 without 钱)");
    }
    if text.contains('兆') {
        return Some("兆 (10^6 or 10^12 depending on the source)");
    }
    if text.chars().any(|c| "角毛分".contains(c)) {
        return Some("subunits 角 毛 分");
    }
    if extra["currency_implicit"].as_bool() == Some(true) {
        return Some("currency only implied by the source");
    }
    if text.chars().any(|c| "几數数多余来來".contains(c)) {
        return Some("vague amounts (几十万, 3000多元: JioNLP gives ranges, we give approx)");
    }
    if text.chars().any(|c| c.is_ascii_alphabetic()) || text.contains(' ') {
        return Some("Latin letters or spaces in the amount");
    }
    if text.contains('负') || text.contains('-') && !text[1..].contains('-') {
        return Some("negative amounts");
    }
    if item["value"].is_null() && extra["min"].is_null() {
        return Some("no value given");
    }
    if item["value"].is_null() && (extra["min"].is_null() || extra["max"].is_null()) {
        return Some("open bounds without a number (以上/以下 given as min or max only)");
    }
    None
}

#[test]
fn external_money() {
    if !shared::present("external") {
        return;
    }
    let fx = FigureExtractor::new(&Dictionaries::embedded());
    let mut t = Tally::default();
    for case in load("money.jsonl") {
        let input = fold(case["input"].as_str().unwrap_or(""));
        let figs = figures_of(&fx, &input, FigureKind::Amount);
        let items = case["expected"].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            t.record(&case, figs.is_empty(), || {
                let got: Vec<&str> = figs.iter().map(|f| &input[f.start..f.end]).collect();
                format!("{input}: expected no amount, got {got:?}")
            });
            continue;
        }
        for item in &items {
            let text = fold(item["text"].as_str().unwrap_or(""));
            if let Some(why) = out_of_scope(&text, item) {
                t.exclude(why);
                continue;
            }
            let (want, want_max) = match item["value"].as_f64() {
                Some(v) => (v, None),
                None => (
                    item["extra"]["min"].as_f64().unwrap_or(f64::NAN),
                    item["extra"]["max"].as_f64(),
                ),
            };
            let hit = figs.iter().find(|f| {
                let ft = &input[f.start..f.end];
                (ft.contains(text.as_str()) || text.contains(ft))
                    && matches!(f.value, FigureValue::Number(v) if close(v, want))
                    && match (want_max, f.value_max) {
                        (Some(a), Some(b)) => close(a, b),
                        (None, _) => true,
                        _ => false,
                    }
            });
            t.record(&case, hit.is_some(), || {
                let got: Vec<String> = figs
                    .iter()
                    .map(|f| format!("{} {:?} {:?}", &input[f.start..f.end], f.value, f.value_max))
                    .collect();
                format!("{input}: {text} = {want} {want_max:?}, got {got:?}")
            });
        }
    }
    let rate = t.report("money");
    assert!(t.in_scope > 50, "too few in-scope cases: {}", t.in_scope);
    assert!(rate >= 0.95, "money pass rate {rate:.3} < 0.95");
}
