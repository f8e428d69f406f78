//! The public Chinese number suites (numbers.jsonl: recognizers-text Number,
//! Duckling, cn2an, NeMo, WeTextProcessing) against our numeral parser.
//!
//! `external_numbers_whole_strings`: **every** whole-string case (the source
//! asserts the whole input is one number) is read with `parse_number`; an
//! item is left out only by a rule of `excluded_whole`, with its reason.
//!
//! `external_numbers`: the numbers the sources find inside running text
//! (recognizers-text extraction, NeMo / WeText sentences) and the whole
//! strings, in the scope of numerals in prose (`out_of_scope`): read with
//! `parse_number`, and also located in their input with `scan_number`,
//! which must stop exactly where the expected text ends.

#[path = "common/external.rs"]
mod common;

use common::{Tally, close, fold, load};
use gonghui::figure::numeral::{parse_number, scan_number};
use serde_json::Value;

/// Why an expected number is outside the figure stage's numerals, if it is.
#[path = "common/shared.rs"]
mod shared;

fn out_of_scope(text: &str, item: &Value) -> Option<&'static str> {
    let value = item["value"].as_f64();
    let extra = &item["extra"];
    if value.is_none() {
        return Some("no numeric value given");
    }
    if value.is_some_and(|v| v < 0.0) || text.starts_with(['负', '負', '-']) {
        return Some("negative numbers");
    }
    if text.contains("分之") || text.contains('/') || !extra["fraction"].is_null() {
        return Some("fractions (三分之一, 1/2)");
    }
    if text.chars().any(|c| c.is_ascii_alphabetic() || c == '^') {
        return Some("Latin letters or exponents (1k, 1e3, 2.5^-1)");
    }
    if text.contains(' ') {
        return Some("numerals broken by spaces (tokenised text)");
    }
    if text.contains('兆') {
        return Some("兆 (10^6 or 10^12 depending on the source)");
    }
    if text.chars().any(|c| "幺廿卅卌".contains(c)) {
        return Some("幺 廿 卅 (spoken digit readings, archaic tens)");
    }
    if text.contains("百分之") || text.contains('%') || text.contains('第') {
        return Some("percentages and ordinals (tested in their own suites)");
    }
    if text
        .chars()
        .any(|c| "个個对對双雙打半几幾多余來来".contains(c))
    {
        return Some("measure words, dozens, halves and vague quantities inside the number");
    }
    if extra["reading"]
        .as_str()
        .is_some_and(|r| r.starts_with("digit-by-digit"))
        && (text.len() > 12 || text.starts_with(['0', '零', '〇']))
    {
        return Some("identifiers read digit by digit (phone, ID numbers)");
    }
    if value.is_some_and(|v| v.abs() >= 9_007_199_254_740_992.0) {
        return Some("integers beyond f64 precision");
    }
    if text.chars().any(|c| c == '.')
        && text.chars().any(|c| "万亿萬億千百十".contains(c))
        && text.chars().filter(|&c| c == '.').count() > 1
    {
        return Some("several decimal points");
    }
    None
}

/// Why a whole-string numeral is outside the numeral reader's field, if it
/// is. Everything else of the whole-string cases is counted: negatives,
/// fractions, 兆, 幺 廿 卅 卌, digit strings, integers beyond 2^53.
fn excluded_whole(text: &str, item: &Value) -> Option<&'static str> {
    // 1.2M, 100K, .0012G: Latin SI suffixes, not Chinese writing.
    if text.chars().any(|c| c.is_ascii_alphabetic()) {
        return Some("Latin SI suffixes (1.2M, 100K)");
    }
    // 一个, 五对, 八打, 一半, 半个: a numeral with a measure word is a count
    // (the figure stage reads it with its unit), not a bare numeral.
    if text.chars().any(|c| "个個对對双雙打半".contains(c)) {
        return Some("measure words and halves (一个, 五打, 半个): counts, not numerals");
    }
    // 幺八五洞幺拐两零柒幺玖: a phone number in radio digit names (洞 = 0,
    // 拐 = 7); identifiers are never figures.
    if item["extra"]["reading"]
        .as_str()
        .is_some_and(|r| r.starts_with("digit-by-digit"))
        && text.chars().any(|c| "洞拐".contains(c))
    {
        return Some("phone numbers read in radio digit names (洞 拐)");
    }
    None
}

#[test]
fn external_numbers_whole_strings() {
    if !shared::present("external") {
        return;
    }
    let mut whole = Tally::default();
    for case in &load("numbers.jsonl") {
        if case["meta"]["mode"].as_str() != Some("whole_string") {
            continue;
        }
        for item in case["expected"].as_array().into_iter().flatten() {
            let text = fold(item["text"].as_str().unwrap_or(""));
            if let Some(why) = excluded_whole(&text, item) {
                whole.exclude(why);
                continue;
            }
            let want = item["value"].as_f64().unwrap_or(f64::NAN);
            let got = parse_number(&text);
            whole.record(case, got.is_some_and(|g| close(g, want)), || {
                format!("{text} = {want}, parsed {got:?}")
            });
        }
    }
    let rate = whole.report("parse_number, every whole-string case");
    assert!(
        whole.in_scope > 800,
        "too few counted cases: {}",
        whole.in_scope
    );
    assert!(rate >= 0.95, "whole-string pass rate {rate:.3} < 0.95");
}

#[test]
fn external_numbers() {
    if !shared::present("external") {
        return;
    }
    let cases = load("numbers.jsonl");
    let mut parse = Tally::default();
    let mut scan = Tally::default();
    for case in &cases {
        let input = case["input"].as_str().unwrap_or("");
        let items = case["expected"].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            parse.exclude("cases that expect no number (judge word sense, tested by our not-figure unit tests)");
            continue;
        }
        for item in &items {
            let raw = item["text"].as_str().unwrap_or("");
            let text = fold(raw);
            if let Some(why) = out_of_scope(&text, item) {
                parse.exclude(why);
                continue;
            }
            let want = item["value"].as_f64().unwrap_or(f64::NAN);
            let got = parse_number(&text);
            parse.record(case, got.is_some_and(|g| close(g, want)), || {
                format!("{text} = {want}, parsed {got:?}")
            });
            // Located in the input: the scan from the expected start must
            // end where the expected text ends.
            let folded = fold(input);
            if let Some(at) = folded.find(text.as_str()) {
                let n = scan_number(&folded, at);
                scan.record(
                    case,
                    n.is_some_and(|n| n.end == at + text.len() && close(n.value, want)),
                    || format!("in {folded}: {text} = {want}, scanned {n:?}"),
                );
            }
        }
    }
    let rate = parse.report("parse_number");
    let scan_rate = scan.report("scan_number in context");
    assert!(
        parse.in_scope > 1000,
        "too few in-scope cases: {}",
        parse.in_scope
    );
    assert!(rate >= 0.95, "parse_number pass rate {rate:.3} < 0.95");
    assert!(
        scan_rate >= 0.95,
        "scan_number pass rate {scan_rate:.3} < 0.95"
    );
}
