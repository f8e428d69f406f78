//! Frequencies, as times per year: 每月2次 → 24, 每季度一次 → 4, 每半年一次
//! → 2, 每年至少一次 → 1 (>=), 二个月出刊一期 → 6, 每月 → 12, 一年一到二次
//! → 1..2.

use super::Qualifier;
use super::cues::FigureCues;
use super::numeral::{NumSpan, is_cjk_numeral, scan_number};

#[derive(Debug, Clone, PartialEq)]
pub struct FreqMatch {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    pub value_max: Option<f64>,
    pub qualifier: Option<Qualifier>,
    /// The count word when the text says how many times (次, 期 …).
    pub unit: Option<String>,
}

/// At most this many chars between the period and the count
/// (每季度开展一次, 每周听徒弟的课2节).
const MAX_GAP: usize = 6;

fn starts(text: &str, pos: usize, limit: usize, w: &str) -> Option<usize> {
    let e = pos + w.len();
    (e <= limit && text.get(pos..e) == Some(w)).then_some(e)
}

fn period(cues: &FigureCues, text: &str, pos: usize, limit: usize) -> Option<(usize, f64)> {
    cues.periods
        .iter()
        .find_map(|(w, n)| starts(text, pos, limit, w).map(|e| (e, *n)))
}

/// 每 + [number] + period, then perhaps the count (每月2次).
pub fn every_at(cues: &FigureCues, text: &str, pos: usize, limit: usize) -> Option<FreqMatch> {
    let mut p = starts(text, pos, limit, "每")?;
    let mut n = 1.0;
    if let Some(e) = starts(text, p, limit, "半") {
        // 每半年: 半 belongs to the period word.
        if period(cues, text, e, limit).is_some() {
            n = 0.5;
            p = e;
        }
    } else if let Some(num) = scan_number(text, p)
        && num.end <= limit
        && num.value > 0.0
    {
        n = num.value;
        p = num.end;
    }
    if n != 1.0 {
        p = starts(text, p, limit, "个").unwrap_or(p);
    }
    let (pe, per_year) = match period(cues, text, p, limit) {
        // 每半年 reads 半 + 年; after a number, 月 and 个月 are the same.
        Some((e, v)) => (e, v),
        None => return None,
    };
    let base = per_year / n;
    Some(match count_after(cues, text, pe, limit, false) {
        Some(c) => FreqMatch {
            start: pos,
            end: c.end,
            value: base * c.value,
            value_max: c.value_max.map(|m| base * m),
            qualifier: c.qualifier,
            unit: Some(c.unit),
        },
        None => FreqMatch {
            start: pos,
            end: pe,
            value: base,
            value_max: None,
            qualifier: None,
            unit: None,
        },
    })
}

/// A frequency written without 每: 一年一到二次, 二个月出刊一期.
pub fn period_at(cues: &FigureCues, text: &str, n: &NumSpan, limit: usize) -> Option<FreqMatch> {
    if n.decimal || n.value <= 0.0 {
        return None;
    }
    let (pe, per_year) = if let Some(e) = starts(text, n.end, limit, "个月") {
        (e, 12.0)
    } else if n.value <= 3.0 && n.value.fract() == 0.0 {
        let (e, v) = period(cues, text, n.end, limit)?;
        let word = &text[n.end..e];
        // 一年一到二次, 二年一次; 一季度 is a quarter and 两周 a span.
        if word == "年" || (n.value == 1.0 && matches!(word, "周" | "学期")) {
            (e, v)
        } else {
            return None;
        }
    } else {
        return None;
    };
    let c = count_after(cues, text, pe, limit, true)?;
    // 三个月开展两次 says little about a rate; 二个月出刊一期 does.
    if n.value != 1.0 && c.value != 1.0 {
        return None;
    }
    let base = per_year / n.value;
    Some(FreqMatch {
        start: n.start,
        end: c.end,
        value: base * c.value,
        value_max: c.value_max.map(|m| base * m),
        qualifier: c.qualifier,
        unit: Some(c.unit),
    })
}

struct Count {
    end: usize,
    value: f64,
    value_max: Option<f64>,
    qualifier: Option<Qualifier>,
    unit: String,
}

fn is_stop(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | '.' | ':' | '!' | '?' | '。' | '、' | '(' | ')' | '\n' | ' ' | '每' | '“' | '”'
    )
}

/// The count within [`MAX_GAP`] chars after `p`: [至少] N [到 M] 次.
fn count_after(
    cues: &FigureCues,
    text: &str,
    p: usize,
    limit: usize,
    strict: bool,
) -> Option<Count> {
    let mut q = p;
    for _ in 0..=MAX_GAP {
        let c = text.get(q..limit)?.chars().next()?;
        if is_stop(c) {
            return None;
        }
        // Without 每, a span that looks back (两年来, 一年内, 共) is a total.
        if strict && matches!(c, '来' | '内' | '中' | '共' | '累' | '已' | '后' | '先') {
            return None;
        }
        if (c.is_ascii_digit() || is_cjk_numeral(c))
            && let Some(found) = count_here(cues, text, p, q, limit)
        {
            return Some(found);
        }
        q += c.len_utf8();
    }
    None
}

fn count_here(cues: &FigureCues, text: &str, from: usize, q: usize, limit: usize) -> Option<Count> {
    let n = scan_number(text, q)?;
    if n.end > limit || n.value <= 0.0 {
        return None;
    }
    let mut e = n.end;
    let mut max = None;
    for s in &cues.range_seps {
        if let Some(s_end) = starts(text, e, limit, s)
            && let Some(n2) = scan_number(text, s_end)
            && n2.end <= limit
            && n2.value > n.value
        {
            max = Some(n2.value);
            e = n2.end;
            break;
        }
    }
    let (unit, end) = cues
        .count_words
        .iter()
        .find_map(|w| starts(text, e, limit, w).map(|x| (w.clone(), x)))?;
    let qualifier = cues.freq_qualifier(&text[from..q]);
    Some(Count {
        end,
        value: n.value,
        value_max: max,
        qualifier,
        unit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::Dictionaries;

    fn every(s: &str) -> Option<(String, f64, Option<f64>, Option<Qualifier>)> {
        let m = every_at(&FigureCues::new(&Dictionaries::embedded()), s, 0, s.len())?;
        Some((
            s[m.start..m.end].to_string(),
            m.value,
            m.value_max,
            m.qualifier,
        ))
    }

    #[test]
    fn every_period_with_counts() {
        assert_eq!(every("每月2次").unwrap().1, 24.0);
        assert_eq!(every("每季度一次").unwrap().1, 4.0);
        assert_eq!(every("每半年一次").unwrap().1, 2.0);
        assert_eq!(every("每周一次").unwrap().1, 52.0);
        assert_eq!(every("每两年举行一次").unwrap().1, 0.5);
        assert_eq!(every("每周听徒弟的课2节").unwrap().1, 104.0);
        let (t, v, _, q) = every("每年至少一次").unwrap();
        assert_eq!(
            (t.as_str(), v, q),
            ("每年至少一次", 1.0, Some(Qualifier::AtLeast))
        );
        let (t, v, ..) = every("每季度开展一次活动").unwrap();
        assert_eq!((t.as_str(), v), ("每季度开展一次", 4.0));
    }

    #[test]
    fn every_period_alone() {
        let (t, v, ..) = every("每月,").unwrap();
        assert_eq!((t.as_str(), v), ("每月", 12.0));
        assert_eq!(every("每季").unwrap().1, 4.0);
        // Too far from the count: just the period.
        let (t, v, ..) = every("每季度组织全体会员开展一次").unwrap();
        assert_eq!((t.as_str(), v), ("每季度", 4.0));
        // Not a count of times.
        let (t, ..) = every("每年新增会员300人").unwrap();
        assert_eq!(t, "每年");
        assert_eq!(every("每人200元"), None);
    }

    #[test]
    fn periods_without_every() {
        let f = |s: &str| {
            let n = scan_number(s, 0)?;
            let m = period_at(&FigureCues::new(&Dictionaries::embedded()), s, &n, s.len())?;
            Some((s[m.start..m.end].to_string(), m.value, m.value_max))
        };
        assert_eq!(
            f("二个月出刊一期"),
            Some(("二个月出刊一期".into(), 6.0, None))
        );
        assert_eq!(
            f("一年一到二次"),
            Some(("一年一到二次".into(), 1.0, Some(2.0)))
        );
        assert_eq!(f("两年来开展3次"), None);
        assert_eq!(f("三个月开展两次"), None);
    }
}
