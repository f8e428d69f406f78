//! Dates: 2017年4月29日 → "2017-04-29", 2017年12月 → "2017-12", intervals
//! (9月19日至9月27日, 2017年3-5月), half years (2019年上半年 → "2019-H1"),
//! quarters, year ends (2018年底 → "2018-12"). A date without a year takes
//! the document's, or `XXXX` when that is unknown.

use super::numeral::{NumSpan, scan_number};

#[derive(Debug, Clone, PartialEq)]
pub struct DateMatch {
    pub start: usize,
    pub end: usize,
    pub value: String,
}

/// Range separators between two dates or date parts.
const SEPS: &[&str] = &["——", "—", "–", "-", "~", "至", "到"];

fn lit(text: &str, pos: usize, limit: usize, s: &str) -> Option<usize> {
    let end = pos + s.len();
    (end <= limit && text.get(pos..end) == Some(s)).then_some(end)
}

fn lit_any(text: &str, pos: usize, limit: usize, words: &[&str]) -> Option<(usize, usize)> {
    words
        .iter()
        .enumerate()
        .find_map(|(i, w)| lit(text, pos, limit, w).map(|e| (i, e)))
}

fn sep(text: &str, pos: usize, limit: usize) -> Option<usize> {
    lit_any(text, pos, limit, SEPS).map(|(_, e)| e)
}

fn int_at(text: &str, pos: usize, limit: usize) -> Option<(u32, NumSpan)> {
    int_of(scan_number(text, pos)?, limit)
}

/// [`int_at`] of a numeral already read.
fn int_of(n: NumSpan, limit: usize) -> Option<(u32, NumSpan)> {
    if n.end > limit || n.decimal || n.value < 0.0 || n.value > 10000.0 {
        return None;
    }
    Some((n.value as u32, n))
}

/// The year a numeral stands for when written like one (2017, 二〇一七).
pub fn year_of(n: &NumSpan) -> Option<i32> {
    (n.plain_digits == 4 && !n.decimal && (1900.0..=2100.0).contains(&n.value))
        .then_some(n.value as i32)
}

/// A calendar day: year, month, day.
pub type Day = (i32, u32, u32);

/// First and last day of a date value as this module
/// writes it: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-H1, YYYY-Q3, or a range `a/b`.
/// None when the year is unknown (XXXX) or the value is not a date.
pub fn day_bounds(iso: &str) -> Option<(Day, Day)> {
    let (a, b) = iso.split_once('/').unwrap_or((iso, iso));
    let start = one_bound(a, false)?;
    let end = one_bound(b, true)?;
    Some((start, end))
}

/// `date_start` and `date_end` as ISO days (2019-01-01, 2019-12-31).
pub fn iso_bounds(iso: &str) -> Option<(String, String)> {
    let ((y0, m0, d0), (y1, m1, d1)) = day_bounds(iso)?;
    Some((
        format!("{y0:04}-{m0:02}-{d0:02}"),
        format!("{y1:04}-{m1:02}-{d1:02}"),
    ))
}

fn one_bound(iso: &str, end: bool) -> Option<Day> {
    let mut parts = iso.split('-');
    let y: i32 = parts.next()?.parse().ok()?;
    let pick = |first: u32, last: u32| if end { last } else { first };
    let (m0, m1) = match parts.next() {
        None => (1, 12),
        Some("H1") => (1, 6),
        Some("H2") => (7, 12),
        Some(q) if q.starts_with('Q') => {
            let q: u32 = q[1..].parse().ok()?;
            let q = q.clamp(1, 4);
            (q * 3 - 2, q * 3)
        }
        Some(m) => {
            let m: u32 = m.parse().ok()?;
            if !(1..=12).contains(&m) {
                return None;
            }
            if let Some(d) = parts.next() {
                let d: u32 = d.parse().ok()?;
                return Some((y, m, d.clamp(1, days_in_month(y, m))));
            }
            (m, m)
        }
    };
    let m = pick(m0, m1);
    Some((y, m, pick(1, days_in_month(y, m))))
}

pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn ystr(y: Option<i32>) -> String {
    y.map_or_else(|| "XXXX".to_string(), |y| y.to_string())
}

fn ym(y: Option<i32>, m: u32) -> String {
    format!("{}-{m:02}", ystr(y))
}

fn ymd(y: Option<i32>, m: u32, d: u32) -> String {
    format!("{}-{m:02}-{d:02}", ystr(y))
}

/// A date starting with numeral `n` (as [`scan_number`] reads it at
/// `n.start`), ending at or before `limit`.
pub fn date_at(text: &str, limit: usize, n: &NumSpan, year: Option<i32>) -> Option<DateMatch> {
    // 2017.4.29 scans as the decimal 2017.4: look at the digits themselves.
    if n.arabic && n.decimal {
        let digits = text.as_bytes()[n.start..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let y: i32 = text.get(n.start..n.start + digits)?.parse().ok()?;
        if digits == 4 && (1900..=2100).contains(&y) {
            let (end, value) = numeric_date(text, n.start + 4, limit, y)?;
            return Some(DateMatch {
                start: n.start,
                end,
                value,
            });
        }
        return None;
    }
    if let Some(y) = year_of(n) {
        return with_year(text, limit, n, y);
    }
    let (start, y) = relative_year(text, n.start, year);
    let (end, value) = month_day_of(text, *n, limit, y)?;
    Some(DateMatch { start, end, value })
}

/// 今年/本年/明年/去年 right before a month: part of the date.
fn relative_year(text: &str, pos: usize, year: Option<i32>) -> (usize, Option<i32>) {
    let before = &text[..pos];
    for (w, d) in [
        ("今年", 0),
        ("本年", 0),
        ("当年", 0),
        ("明年", 1),
        ("去年", -1),
    ] {
        if before.ends_with(w) {
            return (pos - w.len(), year.map(|y| y + d));
        }
    }
    (pos, year)
}

fn with_year(text: &str, limit: usize, n: &NumSpan, y: i32) -> Option<DateMatch> {
    let start = n.start;
    let done = |end: usize, value: String| Some(DateMatch { start, end, value });
    if n.arabic
        && let Some((end, value)) = numeric_date(text, n.end, limit, y)
    {
        return done(end, value);
    }
    let mut p = n.end;
    // 2017-2018年, 2017年-2018年, 2021-2022学年
    let after_year_word =
        |p: usize| lit_any(text, p, limit, &["学年度", "学年", "年度", "年"]).map(|(_, e)| e);
    let first_word = after_year_word(p);
    if let Some(s) = sep(text, first_word.unwrap_or(p), limit)
        && let Some(n2) = scan_number(text, s)
        && let Some(y2) = year_of(&n2)
        && y2 > y
        && let Some(e) = after_year_word(n2.end)
    {
        return done(e, format!("{y}/{y2}"));
    }
    p = lit(text, p, limit, "年")?;
    let p_du = lit(text, p, limit, "度").unwrap_or(p);
    if let Some((i, e)) = lit_any(
        text,
        p,
        limit,
        &["上半年", "下半年", "年底", "年末", "底", "末", "年初", "初"],
    ) {
        let v = match i {
            0 => format!("{y}-H1"),
            1 => format!("{y}-H2"),
            2..=5 => format!("{y}-12"),
            _ => format!("{y}-01"),
        };
        return done(e, v);
    }
    if let Some((e, q)) = quarter(text, p_du, limit) {
        return done(e, format!("{y}-Q{q}"));
    }
    if let Some((e, v)) = month_day(text, p_du, limit, Some(y)) {
        return done(e, v);
    }
    done(p_du, y.to_string())
}

/// (第)一季度 … (第)四季度.
pub fn quarter(text: &str, pos: usize, limit: usize) -> Option<(usize, u32)> {
    let p = lit(text, pos, limit, "第").unwrap_or(pos);
    quarter_of(text, &scan_number(text, p)?, limit)
}

/// [`quarter`] of the numeral `n` ([`scan_number`] at `n.start`), read
/// once for all the rules that look at it.
pub fn quarter_of(text: &str, n: &NumSpan, limit: usize) -> Option<(usize, u32)> {
    let (q, n) = int_of(*n, limit)?;
    if !(1..=4).contains(&q) {
        return None;
    }
    let e = lit(text, n.end, limit, "季度")?;
    Some((e, q))
}

/// 2024-06-30, 2017.4.29, 2017/4/29, 2017-04 after the year's digits.
fn numeric_date(text: &str, p: usize, limit: usize, y: i32) -> Option<(usize, String)> {
    let (_, s) = lit_any(text, p, limit, &["-", ".", "/"])?;
    let sepc = &text[p..s];
    let md = text.as_bytes().get(s..limit)?;
    let ml = md.iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&ml) {
        return None;
    }
    let m: u32 = text[s..s + ml].parse().ok()?;
    if !(1..=12).contains(&m) {
        return None;
    }
    let e = s + ml;
    if let Some(s2) = lit(text, e, limit, sepc) {
        let dd = &text.as_bytes()[s2..limit];
        let dl = dd.iter().take_while(|c| c.is_ascii_digit()).count();
        if (1..=2).contains(&dl) {
            let d: u32 = text[s2..s2 + dl].parse().ok()?;
            if (1..=31).contains(&d) && !followed_by_digit(text, s2 + dl) {
                return Some((s2 + dl, ymd(Some(y), m, d)));
            }
        }
        return None;
    }
    // 2017.5 alone is a decimal, not a month; only a dash reads as one.
    if sepc == "-" && !followed_by_digit(text, e) {
        return Some((e, ym(Some(y), m)));
    }
    None
}

fn followed_by_digit(text: &str, p: usize) -> bool {
    text.as_bytes()
        .get(p)
        .is_some_and(|c| c.is_ascii_digit() || *c == b'.')
}

const MONTH_TAIL: &[&str] = &[
    "中下旬",
    "上中旬",
    "中旬",
    "上旬",
    "下旬",
    "份",
    "初",
    "底",
    "末",
];

fn month_tail(text: &str, p: usize, limit: usize) -> usize {
    lit_any(text, p, limit, MONTH_TAIL).map_or(p, |(_, e)| e)
}

/// M月[D日] with ranges: 3月, 3月份, 一、二月份, 3-5月, 3月至5月, 9月19日,
/// 9月19日至27日, 9月19日-9月27日, 9月19-27日.
fn month_day(text: &str, pos: usize, limit: usize, y: Option<i32>) -> Option<(usize, String)> {
    month_day_of(text, scan_number(text, pos)?, limit, y)
}

/// [`month_day`] from the numeral `n` ([`scan_number`] at `n.start`).
fn month_day_of(text: &str, n: NumSpan, limit: usize, y: Option<i32>) -> Option<(usize, String)> {
    let (m, nm) = int_of(n, limit)?;
    if !(1..=12).contains(&m) {
        return None;
    }
    // 一、二月份 and 3-5月: the first month has no 月 of its own.
    if lit(text, nm.end, limit, "月").is_none() {
        let (s, listed) = match lit(text, nm.end, limit, "、") {
            Some(s) => (s, true),
            None => (sep(text, nm.end, limit)?, false),
        };
        let (m2, n2) = int_at(text, s, limit)?;
        let e = lit(text, n2.end, limit, "月")?;
        // 一、二月份 names neighbours; 2、9月 is list item 2, then September.
        if !(m < m2 && m2 <= 12) || (listed && m2 != m + 1) {
            return None;
        }
        let e = month_tail(text, e, limit);
        return Some((e, format!("{}/{}", ym(y, m), ym(y, m2))));
    }
    let after_m = lit(text, nm.end, limit, "月")?;
    if let Some((d, nd)) = int_at(text, after_m, limit)
        && (1..=31).contains(&d)
        && let Some((_, e)) = lit_any(text, nd.end, limit, &["日", "号"])
    {
        let from = ymd(y, m, d);
        // 4月29日、30日: next days listed.
        if let Some(s) = lit(text, e, limit, "、")
            && let Some((d2, nd2)) = int_at(text, s, limit)
            && let Some((_, e2)) = lit_any(text, nd2.end, limit, &["日", "号"])
            && d2 == d + 1
        {
            return Some((e2, format!("{from}/{}", ymd(y, m, d2))));
        }
        // 9月19日至27日 / 9月19日-9月27日
        if let Some(s) = sep(text, e, limit) {
            let (m2, p2) = match int_at(text, s, limit) {
                Some((m2, n2)) if lit(text, n2.end, limit, "月").is_some() => {
                    (m2, n2.end + "月".len())
                }
                _ => (m, s),
            };
            if let Some((d2, nd2)) = int_at(text, p2, limit)
                && let Some((_, e2)) = lit_any(text, nd2.end, limit, &["日", "号"])
                && (1..=31).contains(&d2)
                && (m2, d2) > (m, d)
                && m2 <= 12
            {
                return Some((e2, format!("{from}/{}", ymd(y, m2, d2))));
            }
        }
        return Some((e, from));
    }
    // 9月19-27日
    if let Some((d, nd)) = int_at(text, after_m, limit)
        && let Some(s) = sep(text, nd.end, limit)
        && let Some((d2, nd2)) = int_at(text, s, limit)
        && let Some((_, e2)) = lit_any(text, nd2.end, limit, &["日", "号"])
        && 1 <= d
        && d < d2
        && d2 <= 31
    {
        return Some((e2, format!("{}/{}", ymd(y, m, d), ymd(y, m, d2))));
    }
    let e = month_tail(text, after_m, limit);
    // 3月至5月, 2021年1月-12月
    if let Some(s) = sep(text, e, limit)
        && let Some((m2, n2)) = int_at(text, s, limit)
        && let Some(e2) = lit(text, n2.end, limit, "月")
        && m < m2
        && m2 <= 12
    {
        let e2 = month_tail(text, e2, limit);
        return Some((e2, format!("{}/{}", ym(y, m), ym(y, m2))));
    }
    Some((e, ym(y, m)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str, year: Option<i32>) -> Option<(String, String)> {
        let n = scan_number(s, 0)?;
        let m = date_at(s, s.len(), &n, year)?;
        Some((s[m.start..m.end].to_string(), m.value))
    }

    fn v(s: &str, year: Option<i32>) -> String {
        d(s, year).map(|x| x.1).unwrap_or_default()
    }

    #[test]
    fn full_and_partial_dates() {
        assert_eq!(v("2017年4月29日", None), "2017-04-29");
        assert_eq!(v("2017年12月", None), "2017-12");
        assert_eq!(v("2017年", None), "2017");
        assert_eq!(v("二〇一七年三月", None), "2017-03");
        assert_eq!(v("12月10日", Some(2018)), "2018-12-10");
        assert_eq!(v("12月10日", None), "XXXX-12-10");
        assert_eq!(v("十一月份", Some(2011)), "2011-11");
        assert_eq!(v("2024-06-30", None), "2024-06-30");
        assert_eq!(v("2017.4.29", None), "2017-04-29");
    }

    #[test]
    fn intervals() {
        assert_eq!(v("9月19日至9月27日", Some(2017)), "2017-09-19/2017-09-27");
        assert_eq!(v("9月19日-27日", Some(2017)), "2017-09-19/2017-09-27");
        assert_eq!(v("9月19-27日", Some(2017)), "2017-09-19/2017-09-27");
        assert_eq!(v("2017年3-5月", None), "2017-03/2017-05");
        assert_eq!(v("2021年1月-12月", None), "2021-01/2021-12");
        assert_eq!(v("五、六月份", None), "XXXX-05/XXXX-06");
        assert_eq!(v("2017-2018学年", None), "2017/2018");
        assert_eq!(v("2017年4月29日、30日", None), "2017-04-29/2017-04-30");
    }

    #[test]
    fn halves_quarters_year_ends() {
        assert_eq!(v("2019年上半年", None), "2019-H1");
        assert_eq!(v("2019年下半年", None), "2019-H2");
        assert_eq!(v("2018年底", None), "2018-12");
        assert_eq!(v("2018年第一季度", None), "2018-Q1");
    }

    #[test]
    fn relative_year_words_join_the_date() {
        let s = "今年10月";
        let n = scan_number(s, "今年".len()).unwrap();
        let m = date_at(s, s.len(), &n, Some(2012)).unwrap();
        assert_eq!((m.start, m.value.as_str()), (0, "2012-10"));
    }

    #[test]
    fn not_dates() {
        assert_eq!(d("13月", None), None);
        assert_eq!(d("3个月", None), None);
        assert_eq!(d("2017.5", None), None);
        assert_eq!(d("15人", None), None);
    }
}
