//! Renminbi amounts as union finance reports (经费收支, 慰问金 lists, 帮扶台账)
//! and people write them: 元角分 compounds (壹拾壹元壹角壹分, 50元6角三分,
//! 十二块五毛), signs and codes (¥1000, CNY 1.25, 人民币3.14, 3.14人民币),
//! the 圆/整 of financial writing (壹佰壹拾壹圆整), jiao and fen alone
//! (肆角叁分, 5毛), 块 (五块), negatives (负壹元整, -5元), vague orders
//! (几十万块, 十几块钱, 三五百块) and ranges (五元六角-五元七毛八分). The words
//! are in `dictionaries/money.txt`.
//!
//! Values are exact: yuan, jiao and fen are summed as integers at the scale
//! the text is written in ([`Exact`]) and turned into the f64 nearest to that
//! decimal, which prints as written (9665.18 stays 9665.18, 0.1 + 0.08 is
//! 0.18).

use super::Ctx;
use crate::dict::Dictionaries;
use crate::lang::chars::is_han;
use crate::lang::numeral::{self, NumSpan, scan_number};

/// A decimal number: `units` × 10^-`scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exact {
    pub units: i128,
    pub scale: u32,
}

/// Finer than this no amount is written (and 10^-6 yuan keeps i128 far
/// from overflow for any amount a text can hold).
const MAX_SCALE: u32 = 6;

impl Exact {
    /// `value` as written with `decimals` digits after its point: the
    /// binary noise of the numeral's arithmetic (134.19万 = 1341900.0000000002)
    /// is rounded away at the written precision.
    pub fn of(value: f64, decimals: u32) -> Option<Exact> {
        let scale = decimals.min(MAX_SCALE);
        let units = (value * 10f64.powi(scale as i32)).round();
        (units.is_finite() && units.abs() < 1e30).then_some(Exact {
            units: units as i128,
            scale,
        })
    }

    fn at_scale(self, scale: u32) -> Exact {
        if scale <= self.scale {
            return self;
        }
        Exact {
            units: self.units * 10i128.pow(scale - self.scale),
            scale,
        }
    }

    /// Adds `digit` tenths (`place` 1, jiao) or hundredths (2, fen).
    fn plus(self, digit: u8, place: u32) -> Exact {
        let e = self.at_scale(place);
        Exact {
            units: e.units + i128::from(digit) * 10i128.pow(e.scale - place),
            scale: e.scale,
        }
    }

    fn negated(self) -> Exact {
        Exact {
            units: -self.units,
            scale: self.scale,
        }
    }

    /// The f64 nearest to the decimal (Rust parses correctly rounded), so
    /// that the shortest printing of it is the decimal itself.
    pub fn to_f64(self) -> f64 {
        format!("{}e-{}", self.units, self.scale)
            .parse()
            .unwrap_or(f64::NAN)
    }
}

/// Digits written after the point of a numeral (134.19万 → 2, 三点五 → 1).
pub fn decimals_written(numeral: &str) -> u32 {
    let Some(p) = numeral.find(['.', '点', '點']) else {
        return 0;
    };
    let after = &numeral[p..];
    let after = after.get(after.chars().next().map_or(0, char::len_utf8)..);
    after.map_or(0, |a| {
        a.chars()
            .take_while(|c| c.is_ascii_digit() || numeral::is_cjk_digit(*c))
            .count() as u32
    })
}

/// An amount in yuan found by [`MoneyWords::renminbi`].
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Renminbi {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    pub value_max: Option<f64>,
}

/// The words of `dictionaries/money.txt`.
#[derive(Debug, Clone, Default)]
pub(super) struct MoneyWords {
    sign: Vec<String>,
    yuan: Vec<String>,
    kuai: Vec<String>,
    jiao: Vec<String>,
    fen: Vec<String>,
    whole: Vec<String>,
    not_after_yuan: Vec<char>,
    vague: Vec<char>,
    spend: Vec<String>,
    after_kuai: Vec<String>,
    /// The first chars of the yuan, kuai, jiao and fen words.
    unit_starts: Vec<char>,
    /// The last chars of the signs, lowercased (they match in any case).
    sign_ends: Vec<char>,
}

/// What the number of an amount reads: a value, or a vague range.
struct Lead {
    start: usize,
    end: usize,
    value: Exact,
    max: Option<Exact>,
    /// Written in financial capitals (壹贰叁 … 拾佰仟): money by its script.
    capitals: bool,
}

impl MoneyWords {
    pub(super) fn new(dicts: &Dictionaries) -> MoneyWords {
        let mut w = MoneyWords::default();
        for line in dicts.text("money.txt").lines() {
            let line = line.trim();
            if line.starts_with('#') {
                continue;
            }
            let Some((class, words)) = line.split_once(':') else {
                continue;
            };
            let words = words.split_whitespace().map(str::to_string);
            match class.trim() {
                "sign" => w.sign.extend(words),
                "yuan" => w.yuan.extend(words),
                "kuai" => w.kuai.extend(words),
                "jiao" => w.jiao.extend(words),
                "fen" => w.fen.extend(words),
                "whole" => w.whole.extend(words),
                "not_after_yuan" => w
                    .not_after_yuan
                    .extend(words.flat_map(|s| s.chars().collect::<Vec<_>>())),
                "vague" => w
                    .vague
                    .extend(words.flat_map(|s| s.chars().collect::<Vec<_>>())),
                "spend" => w.spend.extend(words),
                "after_kuai" => w.after_kuai.extend(words),
                _ => {}
            }
        }
        for list in [
            &mut w.sign,
            &mut w.yuan,
            &mut w.kuai,
            &mut w.jiao,
            &mut w.fen,
            &mut w.whole,
        ] {
            list.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            list.dedup();
        }
        w.unit_starts = [&w.yuan, &w.kuai, &w.jiao, &w.fen]
            .into_iter()
            .flatten()
            .filter_map(|u| u.chars().next())
            .collect();
        w.sign_ends = w
            .sign
            .iter()
            .filter_map(|s| s.chars().next_back())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        w
    }

    /// The renminbi amount that the numeral `n` starts, if it is one. Forms
    /// left to the general reader (100—200元, 3000多元, 5.6到5.78元) give None.
    pub(super) fn renminbi(&self, cx: &Ctx, n: &NumSpan) -> Option<Renminbi> {
        // An Arabic or decimal numeral is its own lead (`vague_lead`): it is
        // tested before its lead is read.
        if (n.arabic || n.decimal) && !self.may_start_amount(cx, n.start, n.end) {
            return None;
        }
        let lead = self.lead(cx, n);
        if !self.may_start_amount(cx, lead.start, lead.end) {
            return None;
        }
        let sign = self.sign_before(cx, lead.start);
        let (value, end) = self.amount(cx, &lead, sign.is_some())?;
        let max = lead.max;
        let mut start = sign.unwrap_or(lead.start);
        let negative = minus_before(cx, start);
        if let Some(m) = negative {
            start = m;
        }
        let (mut value, mut value_max, mut end) = (value, max, end);
        if value_max.is_none()
            && let Some((v2, e2)) = self.range_end(cx, end)
            && v2.to_f64() > value.to_f64()
        {
            value_max = Some(v2);
            end = e2;
        }
        if negative.is_some() {
            value = value.negated();
            value_max = value_max.map(Exact::negated);
        }
        Some(Renminbi {
            start,
            end,
            value: value.to_f64(),
            value_max: value_max.map(Exact::to_f64),
        })
    }

    /// Whether the lead numeral at `start..end` may start an amount. Most
    /// numbers are no money: unsigned, an amount needs a yuan, kuai, jiao or
    /// fen word right after its numeral (see `amount`), and one char tells
    /// that none starts there.
    fn may_start_amount(&self, cx: &Ctx, start: usize, end: usize) -> bool {
        cx.char_at(end)
            .is_some_and(|c| self.unit_starts.contains(&c))
            || self.sign_before(cx, start).is_some()
    }

    /// 五元六角-五元七毛八分: the upper bound, an amount of its own.
    fn range_end(&self, cx: &Ctx, p: usize) -> Option<(Exact, usize)> {
        let q = cx.cues.range_seps.iter().find_map(|s| cx.lit(p, s))?;
        let n2 = scan_number(cx.text, q).filter(|n| n.end <= cx.end)?;
        let lead = self.lead(cx, &n2);
        if lead.max.is_some() {
            return None;
        }
        self.amount(cx, &lead, false)
    }

    /// The numeral with the vague forms around it (几十万, 十几, 三五百).
    fn lead(&self, cx: &Ctx, n: &NumSpan) -> Lead {
        let text = cx.text;
        let numeral = &text[n.start..n.end];
        let capitals = numeral.chars().any(|c| {
            matches!(
                c,
                '壹' | '贰'
                    | '貳'
                    | '叁'
                    | '參'
                    | '肆'
                    | '伍'
                    | '陆'
                    | '陸'
                    | '柒'
                    | '捌'
                    | '玖'
                    | '拾'
                    | '佰'
                    | '仟'
            )
        });
        let exact = Exact::of(n.value, decimals_written(numeral));
        let plain = Lead {
            start: n.start,
            end: n.end,
            value: exact.unwrap_or(Exact { units: 0, scale: 0 }),
            max: None,
            capitals,
        };
        if exact.is_none() {
            return plain;
        }
        self.vague_lead(cx, n).unwrap_or(plain)
    }

    /// 几十万 / 数十亿: an order, from it to ten times it; 十几 (10 to 20),
    /// 二十几万; 三五百 / 四五千: two rising digits before a unit.
    fn vague_lead(&self, cx: &Ctx, n: &NumSpan) -> Option<Lead> {
        let text = cx.text;
        if n.arabic || n.decimal {
            return None;
        }
        let integer = |v: f64| Exact::of(v, 0);
        let numeral = &text[n.start..n.end];
        let first = numeral.chars().next()?;
        if let Some(prev) = cx.prev_char(n.start)
            && self.vague.contains(&prev)
            && "十百千万".contains(first)
        {
            return Some(Lead {
                start: n.start - prev.len_utf8(),
                end: n.end,
                value: integer(n.value)?,
                max: Some(integer(n.value * 10.0)?),
                capitals: false,
            });
        }
        if numeral.ends_with(['十', '拾'])
            && let Some(c) = cx.char_at(n.end)
            && self.vague.contains(&c)
        {
            let (mult, end) = big_after(cx, n.end + c.len_utf8());
            return Some(Lead {
                start: n.start,
                end,
                value: integer(n.value * mult)?,
                max: Some(integer((n.value + 10.0) * mult)?),
                capitals: false,
            });
        }
        // 三五百: the scanner stopped after one digit before another.
        let d1 = numeral::cjk_digit(first).filter(|_| numeral.chars().count() == 1)?;
        let second = cx.char_at(n.end)?;
        let d2 = numeral::cjk_digit(second).filter(|&d| d > d1)?;
        let unit_at = n.end + second.len_utf8();
        let unit = cx.char_at(unit_at)?;
        let u = match unit {
            '十' => 10.0,
            '百' => 100.0,
            '千' => 1000.0,
            '万' => 1e4,
            _ => return None,
        };
        let (mult, end) = big_after(cx, unit_at + unit.len_utf8());
        Some(Lead {
            start: n.start,
            end,
            value: integer(f64::from(d1) * u * mult)?,
            max: Some(integer(f64::from(d2) * u * mult)?),
            capitals: false,
        })
    }

    /// The yuan, jiao and fen after the lead numeral: the amount and its end.
    fn amount(&self, cx: &Ctx, lead: &Lead, signed: bool) -> Option<(Exact, usize)> {
        let p = lead.end;
        if let Some((w, e)) = self.word_at(cx, p, &self.yuan) {
            if w == "元"
                && cx
                    .char_at(e)
                    .is_some_and(|c| self.not_after_yuan.contains(&c))
            {
                return None;
            }
            if let Some(e) = self.whole_at(cx, e) {
                return Some((lead.value, e));
            }
            let (v, e2) = self.subunits(cx, lead.value, e, false);
            // 3圆 in prose (圆满, 圆梦) is no money: 圆 needs financial
            // capitals, a subunit or nothing of a word after it.
            if w == "圆" && e2 == e && !lead.capitals && cx.char_at(e).is_some_and(is_han) {
                return None;
            }
            return Some((v, e2));
        }
        if let Some((w, e)) = self.word_at(cx, p, &self.kuai) {
            let (v, e2) = self.subunits(cx, lead.value, e, true);
            let word_after = cx.char_at(e).is_some_and(is_han)
                && self.word_at(cx, e, &self.after_kuai).is_none();
            let money = w.chars().count() > 1
                || e2 > e
                || signed
                || !word_after && self.spent(cx, lead.start);
            return money.then_some((v, e2));
        }
        if lead.max.is_some() {
            return None;
        }
        // Jiao or fen with no yuan: the lead numeral is one digit of them.
        let Some(digit) = single_digit(cx, lead) else {
            // ¥1000, CNY 1.25: the sign makes the number money.
            return signed.then_some((lead.value, p));
        };
        if let Some((w, e)) = self.word_at(cx, p, &self.jiao) {
            let v = Exact { units: 0, scale: 0 }.plus(digit, 1);
            let (v, e2) = self.fen_after_jiao(cx, v, e, w != "角");
            if let Some(e3) = cx.lit(e2, "钱") {
                return Some((v, e3));
            }
            let worded = cx.char_at(e2).is_some_and(is_han);
            // 一角 (a corner), 五角大楼, 三角形, “铁三角”: words, not money. A
            // Chinese digit and 角/毛 alone is money only where money is
            // spoken of (花了三毛) or nothing else is in the clause.
            let chinese = !cx.text[lead.start..].starts_with(|c: char| c.is_ascii_digit());
            let bare = !lead.capitals && e2 == e && !signed;
            let word =
                worded || (digit == 1 && bare) || (chinese && bare && !self.spent(cx, lead.start));
            return (!word || lead.capitals).then_some((v, e2));
        }
        if let Some((_, e)) = self.word_at(cx, p, &self.fen) {
            let v = Exact { units: 0, scale: 0 }.plus(digit, 2);
            if let Some(e2) = cx.lit(e, "钱") {
                return Some((v, e2));
            }
            return (lead.capitals || signed).then_some((v, e));
        }
        // ¥1000, CNY 1.25: the sign makes the number money.
        signed.then_some((lead.value, p))
    }

    /// 角 / 毛 / 分 (and the spoken forms 块五, 块零四, 毛五) after a yuan.
    fn subunits(&self, cx: &Ctx, v: Exact, p: usize, spoken: bool) -> (Exact, usize) {
        let zero = cx.lit(p, "零");
        let at = zero.unwrap_or(p);
        let Some((d, de)) = digit_at(cx, at) else {
            return (v, p);
        };
        if zero.is_none()
            && let Some((w, e)) = self.word_at(cx, de, &self.jiao)
        {
            let (v, e) = self.fen_after_jiao(cx, v.plus(d, 1), e, w != "角" || spoken);
            return (v, cx.lit(e, "钱").unwrap_or(e));
        }
        if let Some((_, e)) = self.word_at(cx, de, &self.fen) {
            return (v.plus(d, 2), cx.lit(e, "钱").unwrap_or(e));
        }
        // 十二块五 (jiao), 三块零四 (fen): a bare digit at the end of it.
        if spoken && bare_end(cx, de) {
            return (v.plus(d, if zero.is_some() { 2 } else { 1 }), de);
        }
        (v, p)
    }

    /// The fen after a jiao: 六角七分, and spoken 毛五 / 七毛八.
    fn fen_after_jiao(&self, cx: &Ctx, v: Exact, p: usize, spoken: bool) -> (Exact, usize) {
        let at = cx.lit(p, "零").unwrap_or(p);
        let Some((d, de)) = digit_at(cx, at) else {
            return (v, p);
        };
        if let Some((_, e)) = self.word_at(cx, de, &self.fen) {
            return (v.plus(d, 2), e);
        }
        if spoken && bare_end(cx, de) {
            return (v.plus(d, 2), de);
        }
        (v, p)
    }

    fn whole_at(&self, cx: &Ctx, p: usize) -> Option<usize> {
        let (_, e) = self.word_at(cx, p, &self.whole)?;
        (!cx.char_at(e).is_some_and(is_han)).then_some(e)
    }

    /// The first (longest) of `words` at `p`.
    fn word_at<'w>(&self, cx: &Ctx, p: usize, words: &'w [String]) -> Option<(&'w str, usize)> {
        words
            .iter()
            .find_map(|w| cx.lit(p, w).map(|e| (w.as_str(), e)))
    }

    /// A currency sign or code before `start` (one space between allowed):
    /// where it starts.
    pub(super) fn sign_before(&self, cx: &Ctx, start: usize) -> Option<usize> {
        let before = cx.text.get(cx.start..start)?;
        let trimmed = before.strip_suffix(' ').unwrap_or(before);
        // Most numbers follow a char that ends no sign.
        let last = trimmed.chars().next_back()?.to_ascii_lowercase();
        if !self.sign_ends.contains(&last) {
            return None;
        }
        self.sign.iter().find_map(|s| {
            let at = trimmed.len().checked_sub(s.len())?;
            (trimmed.is_char_boundary(at) && trimmed[at..].eq_ignore_ascii_case(s))
                .then_some(cx.start + at)
        })
    }

    /// A spend word in the clause before `start`, or nothing written before
    /// it in its clause at all (五块 alone).
    fn spent(&self, cx: &Ctx, start: usize) -> bool {
        let before = cx.text.get(cx.start..start).unwrap_or("");
        // A colon does not end the clause: 展板:10块 is a count.
        let clause = before
            .rfind(|c: char| "，,。；;！!？?\n".contains(c))
            .map_or(before, |i| &before[i..]);
        // The spend word stands right before the amount (花了五块, 补助五块),
        // not anywhere in the clause: 费 of 经费 and 花 of 花坛 spend nothing.
        let near = |w: &str| {
            clause.rfind(w).is_some_and(|i| {
                let between = &clause[i + w.len()..];
                // One char may name an act (花了, 花掉); more than one is
                // what was bought (购买展板10块) or another word (花坛).
                between.is_empty()
                    || (w.chars().count() > 1 && between.chars().count() == 1)
                    || ["了", "掉", "去", "过"].contains(&between)
            })
        };
        !clause.chars().any(is_han) || self.spend.iter().any(|w| near(w.as_str()))
    }
}

/// 负 or a minus sign right before `start` (not the dash of a range, 1-5%,
/// nor of a code, A-5): where it starts.
pub(super) fn minus_before(cx: &Ctx, start: usize) -> Option<usize> {
    let prev = cx.prev_char(start)?;
    let at = start - prev.len_utf8();
    match prev {
        '负' | '負' => Some(at),
        '-' | '−' => {
            let before = cx.prev_char(at);
            (!before.is_some_and(|c| {
                c.is_ascii_alphanumeric() || numeral::is_cjk_numeral(c) || ")]%".contains(c)
            }))
            .then_some(at)
        }
        _ => None,
    }
}

/// A 万 or 亿 after a vague numeral (十几万): its multiplier and end.
fn big_after(cx: &Ctx, p: usize) -> (f64, usize) {
    for (w, m) in [("万", 1e4), ("亿", 1e8), ("萬", 1e4), ("億", 1e8)] {
        if let Some(e) = cx.lit(p, w) {
            return (m, e);
        }
    }
    (1.0, p)
}

/// One digit (Chinese or Arabic) at `p` that no other numeral char follows.
fn digit_at(cx: &Ctx, p: usize) -> Option<(u8, usize)> {
    let c = cx.char_at(p)?;
    let d = if c.is_ascii_digit() {
        c as u8 - b'0'
    } else {
        numeral::cjk_digit(c)?
    };
    let e = p + c.len_utf8();
    let next = cx.char_at(e);
    (!next.is_some_and(|n| n.is_ascii_digit() || n == '.' || numeral::is_cjk_numeral(n)))
        .then_some((d, e))
}

/// The lead numeral as one jiao or fen digit (5毛, 肆角).
fn single_digit(cx: &Ctx, lead: &Lead) -> Option<u8> {
    let (d, e) = digit_at(cx, lead.start)?;
    (e == lead.end).then_some(d)
}

/// A spoken trailing digit ends the amount: nothing of a word after it
/// (十二块五, 五块六到…; not 3块5人).
fn bare_end(cx: &Ctx, p: usize) -> bool {
    cx.char_at(p)
        .is_none_or(|c| !is_han(c) || "到至钱".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::{Figure, FigureExtractor, FigureKind, FigureValue, Qualifier};

    fn fx() -> FigureExtractor {
        FigureExtractor::new(&Dictionaries::embedded())
    }

    fn figures(s: &str) -> Vec<Figure> {
        fx().extract(s, 0, s.len(), Some(2019))
    }

    /// (text, value, value_max) of the amounts in `s`.
    fn amounts(s: &str) -> Vec<(String, f64, Option<f64>)> {
        figures(s)
            .into_iter()
            .filter(|f| f.kind == FigureKind::Amount)
            .map(|f| {
                let v = match f.value {
                    FigureValue::Number(v) => v,
                    FigureValue::Date(_) => f64::NAN,
                };
                (s[f.start..f.end].to_string(), v, f.value_max)
            })
            .collect()
    }

    fn one_amount(s: &str) -> (String, f64, Option<f64>) {
        let a = amounts(s);
        assert_eq!(a.len(), 1, "{s}: {a:?}");
        a.into_iter().next().expect("one amount")
    }

    #[test]
    fn finance_report_compounds_and_financial_capitals() {
        let s = "本年度工会经费收入合计叁万贰仟伍佰陆拾元伍角捌分,支出贰万壹仟圆整。";
        let a = amounts(s);
        assert_eq!(a.len(), 2, "{a:?}");
        assert_eq!(
            (a[0].0.as_str(), a[0].1),
            ("叁万贰仟伍佰陆拾元伍角捌分", 32560.58)
        );
        assert_eq!((a[1].0.as_str(), a[1].1), ("贰万壹仟圆整", 21000.0));
        let (t, v, _) = one_amount("向职工发放防暑降温费每人50元6角三分");
        assert_eq!((t.as_str(), v), ("50元6角三分", 50.63));
        assert_eq!(one_amount("退还多收的会费肆角叁分").1, 0.43);
        assert_eq!(one_amount("结余壹元零壹分").1, 1.01);
    }

    #[test]
    fn ledger_signs_codes_and_negatives() {
        let a = amounts("帮扶台账:张某人民币3000元;李某¥2,500;王某RMB 1800;赵某CNY1.25");
        let values: Vec<f64> = a.iter().map(|a| a.1).collect();
        assert_eq!(values, vec![3000.0, 2500.0, 1800.0, 1.25], "{a:?}");
        assert_eq!(one_amount("慰问金合计2.75人民币").1, 2.75);
        let (t, v, _) = one_amount("冲减上年多列支出-120元");
        assert_eq!((t.as_str(), v), ("-120元", -120.0));
        assert_eq!(one_amount("本项结余负壹拾壹元整").1, -11.0);
        // A dash between two numbers is a range, not a sign.
        assert_eq!(one_amount("补助100-200元").2, Some(200.0));
    }

    #[test]
    fn spoken_yuan_vague_amounts_and_ranges() {
        assert_eq!(one_amount("困难职工每月生活费仅十二块五毛").1, 12.5);
        assert_eq!(one_amount("午餐补贴五块").1, 5.0);
        assert_eq!(one_amount("花了十块三毛").1, 10.3);
        let (_, v, m) = one_amount("社会各界捐款几十万元");
        assert_eq!((v, m), (100_000.0, Some(1_000_000.0)));
        let (_, v, m) = one_amount("每次活动花费十几块钱");
        assert_eq!((v, m), (10.0, Some(20.0)));
        let (_, v, m) = one_amount("慰问品价值三五百块");
        assert_eq!((v, m), (300.0, Some(500.0)));
        let (_, v, m) = one_amount("单价五元六角-五元七毛八分");
        assert_eq!((v, m), (5.6, Some(5.78)));
        assert_eq!(
            one_amount("折合四十九兆九千五百九十二億元").1,
            49_959_200_000_000.0
        );
    }

    #[test]
    fn open_bounds_keep_the_bound_as_value() {
        let f = figures("补助标准1.2元以下")
            .into_iter()
            .find(|f| f.kind == FigureKind::Amount)
            .expect("amount");
        assert_eq!(
            (f.value, f.qualifier),
            (FigureValue::Number(1.2), Some(Qualifier::AtMost))
        );
        let f = figures("至少三块四分")
            .into_iter()
            .find(|f| f.kind == FigureKind::Amount)
            .expect("amount");
        assert_eq!(
            (f.value, f.qualifier),
            (FigureValue::Number(3.04), Some(Qualifier::AtLeast))
        );
        let f = figures("报账金额50万元(含)以上")
            .into_iter()
            .find(|f| f.kind == FigureKind::Amount)
            .expect("amount");
        assert_eq!(f.qualifier, Some(Qualifier::AtLeast));
    }

    #[test]
    fn kuai_fen_and_jiao_as_words_are_no_money() {
        // Spend words inside other words, a colon, 铁三角, 九成一线.
        assert!(amounts("用工会经费购买展板10块").is_empty());
        assert!(amounts("建设花坛3块").is_empty());
        assert!(amounts("宣传展板:10块").is_empty());
        assert!(amounts("发挥党政工“铁三角”作用").is_empty());
        assert_eq!(amounts("花了五块"), [("五块".to_string(), 5.0, None)]);
        for s in [
            "制作宣传展板10块",
            "购置3块牌子",
            "平整一块场地",
            "考核得分5分",
            "成绩90分以上",
            "用时3分钟",
            "五角大楼",
            "在厂区一角",
            "开通100兆宽带",
        ] {
            assert!(amounts(s).is_empty(), "{s}: {:?}", amounts(s));
        }
        // 展板10块 stays a count.
        let f = figures("制作宣传展板10块");
        assert_eq!(
            f.iter().map(|f| f.kind).collect::<Vec<_>>(),
            vec![FigureKind::Count]
        );
        // 3元5角2分 is money; 百分之 stays a percent.
        assert_eq!(one_amount("3元5角2分").1, 3.52);
        let f = figures("百分之五十的职工");
        assert_eq!(f[0].kind, FigureKind::Percent);
    }

    #[test]
    fn values_print_as_written() {
        // Every yuan / jiao / fen compound of a wide range prints as its
        // decimal: no binary noise from summing tenths and hundredths.
        let fx = fx();
        for yuan in (0..20_000u32).step_by(97).chain([9665, 99_999_999]) {
            for jiao in 0..10u32 {
                for fen in 0..10u32 {
                    let s = format!("{yuan}元{jiao}角{fen}分");
                    let a = fx.extract(&s, 0, s.len(), None);
                    let want = format!("{yuan}.{jiao}{fen}");
                    let want = want.trim_end_matches('0').trim_end_matches('.');
                    assert_eq!(a.len(), 1, "{s}");
                    assert_eq!(
                        a[0].value,
                        FigureValue::Number(want.parse().unwrap_or(f64::NAN)),
                        "{s}"
                    );
                    let FigureValue::Number(v) = a[0].value else {
                        panic!("{s}: no number");
                    };
                    assert_eq!(format!("{v}"), want, "{s}");
                }
            }
        }
        for (s, want) in [
            ("9665.18元", "9665.18"),
            ("134.19万元", "1341900"),
            ("47.264287亿元", "4726428700"),
            ("壹角捌分", "0.18"),
            ("三十四点五二一元", "34.521"),
        ] {
            assert_eq!(format!("{}", one_amount(s).1), want, "{s}");
        }
        assert_eq!(Exact::of(0.1 + 0.2, 1).map(Exact::to_f64), Some(0.3));
    }

    fn percent(s: &str) -> f64 {
        let f: Vec<Figure> = figures(s)
            .into_iter()
            .filter(|f| f.kind == FigureKind::Percent)
            .collect();
        assert_eq!(f.len(), 1, "{s}: {f:?}");
        match f[0].value {
            FigureValue::Number(v) => v,
            FigureValue::Date(_) => f64::NAN,
        }
    }

    #[test]
    fn percents_and_rates() {
        // 七成六 reads a digit of tenths, but not one that starts a word.
        assert_eq!(percent("九成一线职工参加培训"), 90.0);
        assert_eq!(percent("入会率达七成六"), 76.0);
        assert_eq!(percent("仅占半成"), 5.0);
        assert_eq!(percent("事故率控制在万分之三以内"), 0.03);
        assert_eq!(percent("千分之五"), 0.5);
        assert_eq!(percent("百万分之五"), 0.0005);
        assert_eq!(percent("差错率5‰"), 0.5);
        assert_eq!(percent("3‱"), 0.03);
        assert_eq!(percent("会员人数增长-2.5%"), -2.5);
        assert_eq!(percent("负百分之五"), -5.0);
        let f = figures("提高3个百分点");
        assert_eq!(f[0].unit.as_deref(), Some("个百分点"));
        for s in [
            "会员购物打八折",
            "九折优惠",
            "半成品",
            "百分之二三十",
            "访问a.com/q=30%25",
        ] {
            let f: Vec<_> = figures(s)
                .into_iter()
                .filter(|f| f.kind == FigureKind::Percent)
                .collect();
            assert!(f.is_empty(), "{s}: {f:?}");
        }
    }
}
