//! Numerals: Arabic (1532, 1,532, 134.19), Chinese (十二, 一千二百三十四,
//! 三千五, 二〇一七), financial (壹贰叁 … 拾佰仟) and mixed (1.2万, 3千).
//!
//! [`parse_number`] reads a whole string (also signed, 负一点五, and
//! fractions: 三分之一, 1/2, 三又五分之一); [`scan_number`] finds the longest
//! numeral starting at a byte offset. Both work on cleaned text (full-width
//! digits already folded). A whole string is read more leniently than a
//! numeral in running text: 一一 and 零一 are numbers when they are all there
//! is, but in prose 三五 is a rough range and 兆 is often 10⁶ (100兆宽带).

/// What a numeral char stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum NumChar {
    Digit(u8),
    /// 十 百 千 (10, 100, 1000).
    Unit(f64),
    /// 万 亿 兆: section multipliers.
    Big(f64),
    /// 廿 卅 卌: a digit and 十 in one char (廿二 = 22).
    Tens(u8),
    Point,
}

fn num_char(c: char) -> Option<NumChar> {
    use NumChar::*;
    Some(match c {
        '零' | '〇' | '○' => Digit(0),
        // 幺 is how 一 is read out in digit strings (幺幺零).
        '一' | '壹' | '弌' | '幺' => Digit(1),
        '二' | '贰' | '貳' | '两' | '兩' => Digit(2),
        '三' | '叁' | '參' => Digit(3),
        '四' | '肆' => Digit(4),
        '五' | '伍' => Digit(5),
        '六' | '陆' | '陸' => Digit(6),
        '七' | '柒' => Digit(7),
        '八' | '捌' => Digit(8),
        '九' | '玖' => Digit(9),
        '十' | '拾' => Unit(10.0),
        '百' | '佰' => Unit(100.0),
        '千' | '仟' => Unit(1000.0),
        '万' | '萬' => Big(1e4),
        '亿' | '億' => Big(1e8),
        // 10¹² as financial and statistical texts read it (四十九兆九千五百九十二億元);
        // in running text only where 亿 follows (see `scan_with`).
        '兆' => Big(1e12),
        '廿' => Tens(2),
        '卅' => Tens(3),
        '卌' => Tens(4),
        '点' | '點' => Point,
        _ => return None,
    })
}

/// True for chars that can start or continue a Chinese numeral.
pub fn is_cjk_numeral(c: char) -> bool {
    num_char(c).is_some()
}

/// True for Chinese digits (not units, not 点).
pub fn is_cjk_digit(c: char) -> bool {
    matches!(num_char(c), Some(NumChar::Digit(_)))
}

/// Value of a Chinese digit char.
pub fn cjk_digit(c: char) -> Option<u8> {
    match num_char(c) {
        Some(NumChar::Digit(d)) => Some(d),
        _ => None,
    }
}

/// A numeral found by [`scan_number`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumSpan {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    /// Starts with an Arabic digit.
    pub arabic: bool,
    /// Written digit by digit without units or point (2017, 二〇一七): the
    /// shape of years and identifiers.
    pub plain_digits: usize,
    /// Has a fractional part.
    pub decimal: bool,
}

/// Reads the whole of `s` as one number: a numeral, perhaps signed (负, -)
/// and perhaps a fraction (三分之一, 100分之57, 1/2) or a whole number and a
/// fraction (三又五分之一, 1又1/2).
pub fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim();
    let (negative, rest) = strip_sign(s);
    let v = parse_unsigned(rest.trim_start())?;
    Some(if negative { -v } else { v })
}

/// A leading minus sign (负, 負, -, −) and the rest of `s`.
pub fn strip_sign(s: &str) -> (bool, &str) {
    for sign in ["负", "負", "-", "−"] {
        if let Some(rest) = s.strip_prefix(sign) {
            return (true, rest);
        }
    }
    (false, s)
}

fn parse_unsigned(s: &str) -> Option<f64> {
    if let Some((whole, frac)) = s.split_once('又') {
        return Some(parse_whole(whole)? + parse_fraction(frac)?);
    }
    parse_fraction(s).or_else(|| parse_whole(s))
}

/// 三分之一 (denominator first), 1/3 (numerator first).
fn parse_fraction(s: &str) -> Option<f64> {
    let (num, den) = if let Some((den, num)) = s.split_once("分之") {
        (num, den)
    } else {
        s.split_once('/')?
    };
    let den = parse_whole(den.trim())?;
    let num = parse_whole(num.trim())?;
    (den != 0.0).then(|| num / den)
}

/// The whole of `s` as one unsigned numeral.
fn parse_whole(s: &str) -> Option<f64> {
    if s.is_empty() {
        return None;
    }
    match scan_with(s, 0, true) {
        Some(n) if n.end == s.len() => Some(n.value),
        _ => None,
    }
}

/// The longest numeral starting at byte `pos` of `s` (which must be a char
/// boundary; otherwise `None`).
pub fn scan_number(s: &str, pos: usize) -> Option<NumSpan> {
    scan_with(s, pos, false)
}

/// `whole`: `s[pos..]` is all there is, read leniently (see the module doc).
fn scan_with(s: &str, pos: usize, whole: bool) -> Option<NumSpan> {
    let rest = s.get(pos..)?;
    let first = rest.chars().next()?;
    let mut acc = Acc::default();
    let bytes = rest.as_bytes();
    if first.is_ascii_digit() {
        let (v, len, mut decimal) = scan_arabic(bytes)?;
        acc.num(v, false)?;
        let mut i = len;
        // Arabic numbers take only the big Chinese multipliers after them
        // (1.2万, 3千, 10亿); 十 after digits is never a multiplier in prose.
        while let Some(c) = rest[i..].chars().next() {
            if c == '兆' && !whole && !zhao_with_yi(&rest[i + c.len_utf8()..]) {
                break;
            }
            match num_char(c) {
                Some(NumChar::Big(m)) => acc.big(m),
                // 3千 but not 58亿千(瓦时): a unit needs its digits.
                Some(NumChar::Unit(m)) if m >= 100.0 && acc.cur.is_some() => acc.unit(m),
                _ => break,
            }
            i += c.len_utf8();
            // 12万5千: a further Arabic group after a multiplier.
            if let Some((v, len, d)) = bytes.get(i..).and_then(scan_arabic_opt) {
                if acc.num(v, false).is_none() {
                    break;
                }
                decimal |= d;
                i += len;
            }
        }
        let value = acc.finish();
        let plain_digits = if i == len_digits(bytes) && !decimal {
            i
        } else {
            0
        };
        return Some(NumSpan {
            start: pos,
            end: pos + i,
            value,
            arabic: true,
            plain_digits,
            decimal,
        });
    }
    num_char(first)?;
    // Chinese numeral: collect the longest run, then evaluate it; a run that
    // does not evaluate is cut back until it does.
    let mut chars: [(usize, NumChar); 48] = [(0, NumChar::Point); 48];
    let mut total = 0;
    let mut run_end = 0;
    for (off, c) in rest.char_indices() {
        let Some(nc) = num_char(c) else { break };
        if total == chars.len() {
            break;
        }
        // 兆 in running text is 10¹² only inside a numeral that goes on to
        // 亿 (五兆六十二亿); 100兆 (bandwidth, megabytes) stops before it.
        if c == '兆' && !whole && !zhao_with_yi(&rest[off + c.len_utf8()..]) {
            break;
        }
        chars[total] = (off, nc);
        total += 1;
        run_end = off + c.len_utf8();
    }
    let mut n = total;
    while n > 0 {
        // A trailing 点 is no decimal point (三点 = three o'clock, 一点 = a bit).
        while n > 0 && chars[n - 1].1 == NumChar::Point {
            n -= 1;
        }
        if n == 0 {
            return None;
        }
        let end = if n < total { chars[n].0 } else { run_end };
        if let Some((value, plain, decimal)) = eval_cjk(&chars[..n], whole) {
            return Some(NumSpan {
                start: pos,
                end: pos + end,
                value,
                arabic: false,
                plain_digits: plain,
                decimal,
            });
        }
        n -= 1;
    }
    None
}

/// A numeral run after 兆 that reaches a 亿.
fn zhao_with_yi(after: &str) -> bool {
    after
        .chars()
        .take_while(|&c| num_char(c).is_some())
        .any(|c| c == '亿' || c == '億')
}

fn len_digits(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_digit()).count()
}

fn scan_arabic_opt(b: &[u8]) -> Option<(f64, usize, bool)> {
    if b.first().is_some_and(u8::is_ascii_digit) {
        scan_arabic(b)
    } else {
        None
    }
}

/// Arabic digits with optional thousands commas (groups of exactly three)
/// and decimal point: value, byte length, has decimals.
fn scan_arabic(b: &[u8]) -> Option<(f64, usize, bool)> {
    let mut i = len_digits(b);
    if i == 0 {
        return None;
    }
    let mut int_end = i;
    // 1,532: a comma is a thousands separator only before exactly three
    // digits, after a first group of at most three (else it is prose "，").
    if i <= 3 {
        while b.get(i) == Some(&b',') {
            let g = len_digits(&b[i + 1..]);
            if g != 3 {
                break;
            }
            i += 4;
            int_end = i;
        }
    }
    let mut dec = false;
    if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1 + len_digits(&b[i + 1..]);
        dec = true;
    }
    let mut v = 0f64;
    for &c in &b[..int_end] {
        if c.is_ascii_digit() {
            v = v * 10.0 + f64::from(c - b'0');
        }
    }
    if dec {
        let mut scale = 0.1;
        for &c in &b[int_end + 1..i] {
            v += f64::from(c - b'0') * scale;
            scale /= 10.0;
        }
        v = round12(v);
    }
    Some((v, i, dec))
}

/// Rounds away binary noise from decimal arithmetic (0.1 + 0.2).
fn round12(v: f64) -> f64 {
    if v.abs() < 1e15 {
        let s = format!("{v:.12}");
        s.parse().unwrap_or(v)
    } else {
        v
    }
}

/// Positional accumulator for 亿/万 sections.
#[derive(Default)]
struct Acc {
    above: f64,
    wan: f64,
    small: f64,
    cur: Option<(f64, bool)>,
    /// Scale of the last unit, for colloquial trailing digits (三千五 → 3500).
    last: f64,
    /// The 兆 section (10¹²), kept apart so that a 亿 after it does not
    /// multiply it again.
    zhao: f64,
    zero: bool,
}

impl Acc {
    fn num(&mut self, v: f64, single_cjk: bool) -> Option<()> {
        if self.cur.is_some() {
            return None;
        }
        self.cur = Some((v, single_cjk));
        Some(())
    }
    fn unit(&mut self, m: f64) {
        let d = self.cur.take().map_or(1.0, |c| c.0);
        self.small += d * m;
        self.last = m;
        self.zero = false;
    }
    fn big(&mut self, m: f64) {
        let sec = self.small + self.cur.take().map_or(0.0, |c| c.0);
        if m >= 1e12 {
            let sec = self.above + self.wan + sec;
            self.zhao += if sec == 0.0 { 1.0 } else { sec } * m;
            self.above = 0.0;
            self.wan = 0.0;
        } else if m >= 1e8 {
            // 四万亿 = 4×10^12: the 万 section multiplies too.
            let sec = if sec == 0.0 && self.wan == 0.0 {
                1.0
            } else {
                sec
            };
            self.above = (self.above + self.wan + sec) * m;
            self.wan = 0.0;
        } else if sec == 0.0 && self.wan > 0.0 {
            // 四万万 = 4×10^8 (old style).
            self.wan *= m;
        } else {
            let sec = if sec == 0.0 { 1.0 } else { sec };
            self.wan += sec * m;
        }
        self.small = 0.0;
        self.last = m;
        self.zero = false;
    }
    fn finish(&mut self) -> f64 {
        let tail = match self.cur.take() {
            Some((d, true)) if !self.zero && self.last >= 10.0 => d * self.last / 10.0,
            Some((d, _)) => d,
            None => 0.0,
        };
        self.zhao + self.above + self.wan + self.small + tail
    }
}

/// Value of a run of Chinese numeral chars, whether it is digit by digit,
/// and whether it has decimals.
fn eval_cjk(run: &[(usize, NumChar)], whole: bool) -> Option<(f64, usize, bool)> {
    let point = run.iter().position(|c| c.1 == NumChar::Point);
    let (int_part, frac_part) = match point {
        Some(p) => (&run[..p], &run[p + 1..]),
        None => (run, &run[..0]),
    };
    // After 点 come digits read one by one, then perhaps 万/亿 (三点五万).
    let mut frac = 0.0;
    let mut scale = 0.1;
    let mut mult = 1.0;
    for (k, (_, c)) in frac_part.iter().enumerate() {
        match c {
            NumChar::Digit(d) if mult == 1.0 => {
                frac += f64::from(*d) * scale;
                scale /= 10.0;
            }
            NumChar::Big(m) if k > 0 => mult *= m,
            _ => return None,
        }
    }
    if point.is_some() && frac_part.is_empty() {
        return None;
    }
    let digits_only = int_part.iter().all(|c| matches!(c.1, NumChar::Digit(_)));
    if int_part.is_empty() {
        return None;
    }
    let int = if digits_only && (int_part.len() > 1 || point.is_some()) {
        // 二〇一七, 一二点三: digit by digit. A leading 零 only reads so
        // before a point (零点五); two digits without a zero are a rough
        // range in prose (三五个, 二三十), not a number. A whole string
        // (零一, 一一) is read as written.
        if !whole && int_part.len() > 1 && int_part[0].1 == NumChar::Digit(0) {
            return None;
        }
        if !whole
            && int_part.len() == 2
            && point.is_none()
            && !int_part.iter().any(|c| c.1 == NumChar::Digit(0))
        {
            return None;
        }
        let mut v = 0.0;
        for (_, c) in int_part {
            if let NumChar::Digit(d) = c {
                v = v * 10.0 + f64::from(*d);
            }
        }
        v
    } else {
        let mut acc = Acc::default();
        let mut any_digit = false;
        let mut prev_unit = false;
        for (_, c) in int_part {
            match *c {
                NumChar::Digit(0) => {
                    if acc.cur.is_some() {
                        return None;
                    }
                    acc.zero = true;
                    any_digit = true;
                    prev_unit = false;
                }
                NumChar::Digit(d) => {
                    acc.num(f64::from(d), true)?;
                    any_digit = true;
                    prev_unit = false;
                }
                NumChar::Unit(m) => {
                    // 十 may stand alone at the start (十二); other units
                    // need a digit (百姓, 千方百计 are no numbers).
                    if acc.cur.is_none() && m > 10.0 && !(prev_unit || acc.zero) {
                        return None;
                    }
                    // Units fall within a section: 七十百 is no number.
                    if acc.small > 0.0 && acc.last > 0.0 && m >= acc.last && acc.last < 1e4 {
                        return None;
                    }
                    if acc.cur.is_none() && m == 10.0 {
                        any_digit = true;
                    }
                    acc.unit(m);
                    prev_unit = true;
                }
                NumChar::Big(m) => {
                    if !any_digit {
                        return None;
                    }
                    acc.big(m);
                    prev_unit = true;
                }
                NumChar::Tens(d) => {
                    // 廿 = 二十: within a section, like 十.
                    if acc.small > 0.0 && acc.last > 0.0 && acc.last <= 10.0 {
                        return None;
                    }
                    acc.num(f64::from(d), true)?;
                    acc.unit(10.0);
                    any_digit = true;
                    prev_unit = true;
                }
                NumChar::Point => return None,
            }
        }
        if !any_digit {
            return None;
        }
        acc.finish()
    };
    let plain = if digits_only && point.is_none() {
        int_part.len()
    } else {
        0
    };
    let v = if point.is_some() {
        round12((int + frac) * mult)
    } else {
        int
    };
    Some((v, plain, point.is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<f64> {
        parse_number(s)
    }

    #[test]
    fn arabic() {
        assert_eq!(p("1532"), Some(1532.0));
        assert_eq!(p("1,532"), Some(1532.0));
        assert_eq!(p("1,234,567"), Some(1234567.0));
        assert_eq!(p("134.1911"), Some(134.1911));
        assert_eq!(p("0.5"), Some(0.5));
        // A comma before two digits is prose, not a separator.
        assert_eq!(scan_number("3,12人", 0).map(|n| n.end), Some(1));
    }

    #[test]
    fn chinese() {
        assert_eq!(p("六"), Some(6.0));
        assert_eq!(p("两"), Some(2.0));
        assert_eq!(p("十二"), Some(12.0));
        assert_eq!(p("十"), Some(10.0));
        assert_eq!(p("一千二百三十四"), Some(1234.0));
        assert_eq!(p("一百零五"), Some(105.0));
        assert_eq!(p("三千五"), Some(3500.0));
        assert_eq!(p("一万二"), Some(12000.0));
        assert_eq!(p("一百一"), Some(110.0));
        assert_eq!(p("〇"), Some(0.0));
        assert_eq!(p("零"), Some(0.0));
        assert_eq!(p("二十五万"), Some(250000.0));
        assert_eq!(p("一千万零一"), Some(10000001.0));
        assert_eq!(p("一千零十"), Some(1010.0));
        assert_eq!(p("一亿二千万"), Some(120000000.0));
        assert_eq!(p("二〇一七"), Some(2017.0));
        assert_eq!(p("十二点五"), Some(12.5));
        assert_eq!(p("三点五万"), Some(35000.0));
        assert_eq!(p("零点五"), Some(0.5));
        assert_eq!(p("一千六点五"), Some(1600.5));
        assert_eq!(p("四万亿"), Some(4e12));
        assert_eq!(p("4.78万亿"), Some(4.78e12));
    }

    #[test]
    fn financial_and_mixed() {
        assert_eq!(p("壹仟贰佰叁拾肆"), Some(1234.0));
        assert_eq!(p("肆佰叁拾萬"), Some(4300000.0));
        assert_eq!(p("1.2万"), Some(12000.0));
        assert_eq!(p("3千"), Some(3000.0));
        assert_eq!(p("10亿"), Some(1e9));
        assert_eq!(p("12万5千"), Some(125000.0));
        let s = "58亿千瓦时";
        assert_eq!(scan_number(s, 0).map(|n| &s[..n.end]), Some("58亿"));
    }

    #[test]
    fn not_numbers() {
        assert_eq!(p(""), None);
        assert_eq!(p("万"), None);
        assert_eq!(p("百"), None);
        assert_eq!(p("千万"), None);
        assert_eq!(p("abc"), None);
        assert_eq!(p("一点"), None);
        assert_eq!(p("七十百"), None);
        // In prose 二三 is a rough range (二三十人); read whole it is 23.
        assert_eq!(scan_number("二三", 0).map(|n| n.end), Some("二".len()));
        assert_eq!(p("二三"), Some(23.0));
        assert_eq!(p("二〇"), Some(20.0));
    }

    #[test]
    fn scanner_stops_at_the_numeral_end() {
        let s = "发放134.19万元";
        let n = scan_number(s, "发放".len()).unwrap();
        assert_eq!(&s[n.start..n.end], "134.19万");
        assert_eq!(n.value, 1341900.0);
        let s = "三点钟";
        let n = scan_number(s, 0).unwrap();
        assert_eq!(&s[n.start..n.end], "三");
        let s = "2017年";
        let n = scan_number(s, 0).unwrap();
        assert_eq!((n.plain_digits, n.arabic), (4, true));
        assert_eq!(scan_number("年", 0), None);
        assert_eq!(scan_number("一二", 1), None);
    }
}

#[cfg(test)]
mod whole_string_tests {
    use super::*;

    fn p(s: &str) -> Option<f64> {
        parse_number(s)
    }

    #[test]
    fn signed_numbers() {
        assert_eq!(p("负一"), Some(-1.0));
        assert_eq!(p("負一百二十萬"), Some(-1_200_000.0));
        assert_eq!(p("-1,509.51"), Some(-1509.51));
        assert_eq!(p("负 1200000"), Some(-1_200_000.0));
        assert_eq!(p("负零点一"), Some(-0.1));
        assert_eq!(p("-"), None);
    }

    #[test]
    fn fractions_and_mixed_numbers() {
        assert_eq!(p("三分之一"), Some(1.0 / 3.0));
        assert_eq!(p("一百分之一"), Some(0.01));
        assert_eq!(p("负100分之57"), Some(-0.57));
        assert_eq!(p("1/2"), Some(0.5));
        assert_eq!(p("1 / 2"), Some(0.5));
        assert_eq!(p("3又1/5"), Some(3.2));
        assert_eq!(p("九又四分之三"), Some(9.75));
        assert_eq!(p("1/0"), None);
        assert_eq!(p("分之"), None);
    }

    #[test]
    fn zhao_and_archaic_tens() {
        assert_eq!(p("五兆六十二亿"), Some(5_006_200_000_000.0));
        assert_eq!(p("四十九兆九千五百九十二億"), Some(49_959_200_000_000.0));
        assert_eq!(p("廿二"), Some(22.0));
        assert_eq!(p("卅三"), Some(33.0));
        assert_eq!(p("五百卅四"), Some(534.0));
        assert_eq!(p("一萬零卌"), Some(10040.0));
        assert_eq!(p("幺幺零"), Some(110.0));
        // In running text 兆 is 10¹² only on the way to 亿.
        let s = "100兆宽带";
        assert_eq!(scan_number(s, 0).map(|n| &s[..n.end]), Some("100"));
        let s = "四十九兆九千五百九十二億元";
        let n = scan_number(s, 0).unwrap();
        assert_eq!(
            (&s[..n.end], n.value),
            ("四十九兆九千五百九十二億", 49_959_200_000_000.0)
        );
    }

    #[test]
    fn whole_strings_are_read_as_written() {
        assert_eq!(p("一一"), Some(11.0));
        assert_eq!(p("零一二"), Some(12.0));
        // In prose the same shapes are no numbers.
        assert_eq!(scan_number("三五个", 0).map(|n| n.end), Some("三".len()));
        assert_eq!(scan_number("零一", 0).map(|n| n.end), Some("零".len()));
    }
}
