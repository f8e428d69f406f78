//! The public Chinese money suites (money.jsonl: recognizers-text
//! CurrencyModel, Duckling, cn2an, JioNLP, NeMo, WeTextProcessing) through
//! the figure extractor. **Every** renminbi case is counted: the CNY items,
//! Duckling's generic `Dollar` where it is written 元 / 块 / 角 / 毛 / 分 (the
//! suite's README: read it as CNY for mainland text), JioNLP's span-only
//! extractor items, and the inputs that must give no amount. An item is
//! left out only by a rule of `excluded`, each with its reason.
//!
//! An item passes when an `amount` figure in yuan covers its text (or lies
//! within it) with its value; a range (min and max) must be the figure's
//! value and value_max; an open bound (1.2元以下, 至少三块四分) must be the
//! figure's value with the qualifier ≤ or ≥.

#[path = "common/external.rs"]
mod common;

use common::{Tally, close, figures_of, fold, load};
use gonghui::dict::Dictionaries;
use gonghui::figure::{FigureExtractor, FigureKind, FigureValue, Qualifier};
use serde_json::Value;

#[path = "common/shared.rs"]
mod shared;

/// Why an expected item is no renminbi amount a report reader should find.
fn excluded(case: &Value, text: &str, item: &Value) -> Option<&'static str> {
    let unit = item["unit"].as_str();
    let extra = &item["extra"];
    let source = case["source"].as_str().unwrap_or("");
    // Other currencies are read with their own labels (港元, 美元 …) and
    // tested in the figure module; this suite is about yuan.
    if matches!(unit, Some(u) if u != "CNY" && u != "Dollar")
        || unit == Some("Dollar") && !source.starts_with("duckling")
        || text.contains("日元")
    {
        return Some("currencies other than renminbi");
    }
    // 蚊 (dollar), 毫 (ten cents), 仙 (cent), 個半 (a dollar fifty) are
    // Hong Kong speech for Hong Kong dollars: no renminbi, and no union
    // report writes an amount so.
    if text.chars().any(|c| "蚊毫仙個".contains(c)) {
        return Some("Cantonese words for Hong Kong dollars (蚊 毫 仙 個半)");
    }
    let has_numeral = text
        .chars()
        .any(|c| c.is_ascii_digit() || gonghui::figure::numeral::is_cjk_numeral(c));
    if !has_numeral {
        return Some("a currency name with no amount (人民币 alone) is no figure");
    }
    // 15k, 30w, 10~15k: chat and job-ad slang for thousands and ten
    // thousands, not the writing of reports.
    if text.chars().any(|c| c.is_ascii_alphabetic())
        && !text.to_ascii_uppercase().contains("CNY")
        && !text.to_ascii_uppercase().contains("RMB")
    {
        return Some("Latin slang for thousands (15k, 30w)");
    }
    // 三百万, 小于40万: JioNLP gives a bare number the currency 元; a reader
    // of reports cannot (三百万 may be people, 40万 square metres).
    if extra["currency_implicit"].as_bool() == Some(true) {
        return Some("a bare number with no currency word (the source implies 元)");
    }
    // 5分, 二十五分: in a report a lone 分 after a number is a score or a
    // minute (5分, 90分以上, 3分钟); the figure stage reads it as money only
    // with a yuan, jiao, 钱, sign or financial capitals near (its guard).
    let currency_word = text
        .chars()
        .any(|c| "元块角毛钱¥￥壹贰叁肆伍陆柒捌玖".contains(c));
    if text.contains('分') && !currency_word && !case_has_currency(case) {
        return Some("a lone 分 with no currency word: a score or minute in reports");
    }
    None
}

/// Whether the input names a currency anywhere (then a lone 分 is money).
fn case_has_currency(case: &Value) -> bool {
    let input = case["input"].as_str().unwrap_or("");
    ["元", "块", "钱", "人民币", "¥", "￥"]
        .iter()
        .any(|w| input.contains(w))
}

/// What an item asks for: the value, the upper bound of a range, and the
/// qualifier of an open bound.
struct Want {
    value: Option<f64>,
    max: Option<f64>,
    qualifier: Option<Qualifier>,
}

fn want(item: &Value) -> Want {
    let extra = &item["extra"];
    if let Some(v) = item["value"].as_f64() {
        return Want {
            value: Some(v),
            max: None,
            qualifier: None,
        };
    }
    match (extra["min"].as_f64(), extra["max"].as_f64()) {
        (Some(lo), Some(hi)) => Want {
            value: Some(lo),
            max: Some(hi),
            qualifier: None,
        },
        (None, Some(hi)) => Want {
            value: Some(hi),
            max: None,
            qualifier: Some(Qualifier::AtMost),
        },
        (Some(lo), None) => Want {
            value: Some(lo),
            max: None,
            qualifier: Some(Qualifier::AtLeast),
        },
        // JioNLP's extractor cases give the span only.
        (None, None) => Want {
            value: None,
            max: None,
            qualifier: None,
        },
    }
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
            if let Some(why) = excluded(&case, &text, item) {
                t.exclude(why);
                continue;
            }
            let w = want(item);
            let hit = figs.iter().find(|f| {
                let ft = &input[f.start..f.end];
                (ft.contains(text.as_str()) || text.contains(ft))
                    && f.unit.as_deref() == Some("元")
                    && w.value.is_none_or(
                        |v| matches!(f.value, FigureValue::Number(got) if close(got, v)),
                    )
                    && match (w.max, f.value_max) {
                        (Some(a), Some(b)) => close(a, b),
                        (None, None) => true,
                        // A value asked for alone must not be read as a range.
                        (None, Some(_)) => w.value.is_none(),
                        (Some(_), None) => false,
                    }
                    && (w.qualifier.is_none() || f.qualifier == w.qualifier)
            });
            t.record(&case, hit.is_some(), || {
                let got: Vec<String> = figs
                    .iter()
                    .map(|f| {
                        format!(
                            "{} {:?} {:?} {:?}",
                            &input[f.start..f.end],
                            f.value,
                            f.value_max,
                            f.qualifier
                        )
                    })
                    .collect();
                format!(
                    "{input}: {text} = {:?} {:?} {:?}, got {got:?}",
                    w.value, w.max, w.qualifier
                )
            });
        }
    }
    let rate = t.report("money");
    assert!(t.in_scope > 150, "too few counted cases: {}", t.in_scope);
    assert!(rate >= 0.95, "money pass rate {rate:.3} < 0.95");
}
