//! Recognising section markers (一、 (一) 1. (1) ① 1.1 一是 第一, 三月份: …)
//! in one line of cleaned text. Whether a marker really opens a section is
//! decided later, from the numbering around it.

use super::chars::is_han;

/// A family of markers: sections of one style are siblings when their
/// numbers follow each other.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Style {
    /// 一、 一.
    CnDun,
    /// (一)
    CnParen,
    /// 1. 1、 (one family: writers mix them inside one list)
    Arabic,
    /// (1) ⑴
    ArParen,
    /// ① ②
    Circled,
    /// 1.1 (depth 2), 1.1.1 (depth 3)
    Decimal(u8),
    /// 一是
    CnShi,
    /// 第一,
    CnDi,
    /// 三月份: 一、二月份:
    Month,
    /// 活动1、 (a word, then an arabic number)
    Prefixed(String),
    /// ■ 思想引领, ◆ 推进民主管理: a headline glyph before a short line.
    /// Unnumbered: the section stage counts them in order.
    Symbol(char),
    /// 【建会入会】 alone on its line. Unnumbered, like `Symbol`.
    Bracket,
    /// The title of a report posted on a web page: a short line right
    /// before its posting line (发布时间：…), which the clean stage drops.
    /// No marker chars at all; unnumbered.
    Posted,
}

impl Style {
    /// A style whose markers carry no number of their own (the section
    /// stage numbers them in the order they come).
    pub(crate) fn unnumbered(&self) -> bool {
        matches!(self, Style::Symbol(_) | Style::Bracket | Style::Posted)
    }
}

/// Glyphs that set off a heading line on web pages and in 公众号 posts.
/// Round bullets (● · •) are not among them: they mark list items, which
/// are sentences, not headings.
const HEADLINE_GLYPHS: &[char] = &['■', '◆', '▲', '★', '◇', '□', '◼', '◾', '▶', '►'];

/// A heading line without a number: `■ 思想引领凝聚人心` or `【权益维护】` on a
/// line of its own (`line` starts at the line start). Its text is short,
/// holds no sentence end and at least two Han chars; a bracket tag followed
/// by more text (【2月】开学慰问…) is the lead of an entry, not a heading.
fn unnumbered_marker(line: &str) -> Option<(usize, Style)> {
    let first = line.chars().next()?;
    let han = |t: &str| t.chars().filter(|&c| is_han(c)).count() >= 2;
    if HEADLINE_GLYPHS.contains(&first) {
        let rest = &line[first.len_utf8()..];
        let text = rest.trim_start_matches([' ', '\u{3000}', '\t']);
        let text_trim = text.trim_end();
        if han(text_trim)
            && short_heading_line(text_trim)
            && !text_trim.contains(['；', ';', '！', '？'])
        {
            return Some((line.len() - text.len(), Style::Symbol(first)));
        }
        return None;
    }
    if first == '【' {
        let inner = line.trim_end().strip_prefix('【')?.strip_suffix('】')?;
        if han(inner) && short_heading_line(inner) && !inner.contains(['【', '】']) {
            return Some(('【'.len_utf8(), Style::Bracket));
        }
    }
    None
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marker {
    /// Byte range of the marker inside the line.
    pub start: usize,
    pub end: usize,
    pub style: Style,
    /// The number the marker counts (the last one of a range like 七、八月份).
    pub num: u32,
    /// The first number of a range (equal to `num` otherwise).
    pub first_num: u32,
    /// Not at the start of the line.
    pub inline: bool,
    /// Could as well be part of a number ("3.9月教师节期间" is item 3 or the
    /// date 3.9): a section only where the list expects exactly this number.
    pub strict: bool,
}

/// Chars after which an inline marker may start: a sentence end or a gap.
fn is_inline_sep(c: char) -> bool {
    matches!(
        c,
        '。' | ';' | ' ' | ':' | '!' | '?' | '；' | '：' | '！' | '？'
    )
}

fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Reads a Chinese numeral 1..=99 (一, 十二, 二十三) at the start of `s`:
/// value and byte length.
pub(crate) fn cn_number(s: &str) -> Option<(u32, usize)> {
    let mut chars = s.char_indices().peekable();
    let mut value = 0u32;
    let mut len = 0usize;
    let mut seen_ten = false;
    let mut digit: Option<u32> = None;
    while let Some(&(i, c)) = chars.peek() {
        if c == '十' {
            if seen_ten {
                break;
            }
            seen_ten = true;
            value = digit.take().unwrap_or(1) * 10;
        } else if let Some(d) = cn_digit(c) {
            if d == 0 || digit.is_some() {
                break;
            }
            digit = Some(d);
        } else {
            break;
        }
        len = i + c.len_utf8();
        chars.next();
    }
    let v = value + digit.unwrap_or(0);
    (len > 0 && v > 0).then_some((v, len))
}

/// Reads 1–2 ASCII digits at the start of `s`, not followed by a third
/// (and not 03: list numbers have no leading zero).
fn ar_number(s: &str) -> Option<(u32, usize)> {
    let n = s.bytes().take_while(|b| b.is_ascii_digit()).count();
    if n == 0 || n > 2 || (n == 2 && s.starts_with('0')) {
        return None;
    }
    s[..n].parse().ok().map(|v: u32| (v, n))
}

/// The text after a list marker must start like a heading, not like the rest
/// of a number (2.5万元, 3、4月, 1.1). Markers that cannot be read as part of
/// a number ((一) (1) 一、) may be followed by a date: "(1)3月15日召开…".
fn heading_follows(rest: &str) -> bool {
    match rest.chars().next() {
        None => false,
        Some(c) => !matches!(c, '%' | '.' | '、' | ')' | ','),
    }
}

/// After an arabic list number: the start of a heading (Some(false)), digits
/// that may be a date or the rest of the number (Some(true): the number is a
/// list item only where the list expects it), or no heading at all.
fn after_arabic(rest: &str) -> Option<bool> {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return heading_follows(rest).then_some(false);
    }
    let tail = &rest[digits..];
    // "3、2009年9月…" opens item 3 with a date.
    if digits == 4 && tail.starts_with('年') {
        return Some(false);
    }
    if digits <= 2
        && tail
            .chars()
            .next()
            .is_some_and(|c| matches!(c, '月' | '至' | '-' | '~' | '日'))
    {
        return Some(true);
    }
    None
}

/// Month schedules: 三月份:, 一、二月份:, 3月份, 11月:
fn month_at(s: &str) -> Option<(usize, u32, u32)> {
    let mut pos = 0;
    let mut nums = Vec::new();
    loop {
        let rest = &s[pos..];
        let (n, l) = cn_number(rest).or_else(|| ar_number(rest))?;
        nums.push(n);
        pos += l;
        if s[pos..].starts_with('、') {
            pos += '、'.len_utf8();
            continue;
        }
        break;
    }
    let rest = &s[pos..];
    let with_fen = rest.starts_with("月份");
    if !with_fen && !rest.starts_with('月') {
        return None;
    }
    pos += if with_fen {
        "月份".len()
    } else {
        "月".len()
    };
    let colon = s[pos..].starts_with(':');
    if colon {
        pos += 1;
    }
    // A month opens a schedule entry only when it stands alone or before a
    // colon; "三月份召开…" is a sentence.
    if !colon && !s[pos..].trim().is_empty() {
        return None;
    }
    if !with_fen && !colon {
        return None;
    }
    let first = *nums.first()?;
    let last = *nums.last()?;
    if !(1..=12).contains(&first) || !(1..=12).contains(&last) || last < first {
        return None;
    }
    Some((pos, first, last))
}

/// A line that reads as a heading on its own: short and without a full
/// sentence.
fn short_heading_line(s: &str) -> bool {
    s.chars().count() <= 24 && !s.contains('。')
}

/// The marker starting at byte `pos` of `line`, if any.
fn marker_at(line: &str, pos: usize, inline: bool) -> Option<Marker> {
    let s = &line[pos..];
    let mk = |len: usize, style: Style, num: u32| Marker {
        start: pos,
        end: pos + len,
        style,
        num,
        first_num: num,
        inline,
        strict: false,
    };
    if !inline && let Some((len, first, last)) = month_at(s) {
        return Some(Marker {
            first_num: first,
            ..mk(len, Style::Month, last)
        });
    }
    if !inline && let Some((len, style)) = unnumbered_marker(s) {
        return Some(mk(len, style, 0));
    }
    let first = s.chars().next()?;
    // (一) (1)
    if first == '(' {
        let inner = &s[1..];
        if let Some((n, l)) = cn_number(inner)
            && inner[l..].starts_with(')')
        {
            return heading_follows(&inner[l + 1..]).then(|| mk(l + 2, Style::CnParen, n));
        }
        if let Some((n, l)) = ar_number(inner)
            && inner[l..].starts_with(')')
        {
            return heading_follows(&inner[l + 1..]).then(|| mk(l + 2, Style::ArParen, n));
        }
        return None;
    }
    // ① … ⑳, ⑴ … ⒇
    if !inline {
        let cp = first as u32;
        let len = first.len_utf8();
        if (0x2460..=0x2473).contains(&cp) {
            return Some(mk(len, Style::Circled, cp - 0x2460 + 1));
        }
        if (0x2474..=0x2487).contains(&cp) {
            return Some(mk(len, Style::ArParen, cp - 0x2474 + 1));
        }
    }
    if first.is_ascii_digit() {
        let (n, l) = ar_number(s)?;
        let after = &s[l..];
        // 1.1 / 1.1.1 headings: line start only, an inline 1.5 is a number.
        if !inline && after.starts_with('.') {
            let mut depth = 1u8;
            let mut p = l;
            let mut last = n;
            while s[p..].starts_with('.') {
                match ar_number(&s[p + 1..]) {
                    Some((m, ml)) => {
                        depth += 1;
                        last = m;
                        p += 1 + ml;
                    }
                    None => break,
                }
            }
            if depth > 1 {
                let rest = &s[p..];
                let ok = rest.chars().next().is_some_and(|c| is_han(c) || c == ' ')
                    && !rest
                        .trim_start()
                        .starts_with(['万', '亿', '元', '年', '月', '倍', '%']);
                if ok {
                    return Some(mk(p, Style::Decimal(depth.min(4)), last));
                }
            }
        }
        if let Some(c) = after.chars().next()
            && matches!(c, '、' | '.' | '．')
        {
            let ml = l + c.len_utf8();
            let strict = after_arabic(&s[ml..])?;
            return Some(Marker {
                strict,
                ..mk(ml, Style::Arabic, n)
            });
        }
        return None;
    }
    if let Some((n, l)) = cn_number(s) {
        let after = &s[l..];
        let c = after.chars().next()?;
        if matches!(c, '、' | '.' | '．') {
            let ml = l + c.len_utf8();
            return heading_follows(&s[ml..]).then(|| mk(ml, Style::CnDun, n));
        }
        if !inline && c == '是' && short_heading_line(line) {
            let ml = l + c.len_utf8();
            return heading_follows(&s[ml..]).then(|| mk(ml, Style::CnShi, n));
        }
        return None;
    }
    if !inline && let Some(inner) = s.strip_prefix('第') {
        let (n, l) = cn_number(inner)?;
        let c = inner[l..].chars().next()?;
        if matches!(c, ',' | '、' | ':') && short_heading_line(line) {
            let ml = '第'.len_utf8() + l + c.len_utf8();
            return heading_follows(&s[ml..]).then(|| mk(ml, Style::CnDi, n));
        }
        return None;
    }
    // 活动1、: two Han chars, then an arabic list number.
    if !inline {
        let mut it = s.char_indices();
        let (_, a) = it.next()?;
        let (_, b) = it.next()?;
        if is_han(a) && is_han(b) {
            let wl = a.len_utf8() + b.len_utf8();
            let (n, l) = ar_number(&s[wl..])?;
            if s[wl + l..].starts_with('、') {
                let ml = wl + l + '、'.len_utf8();
                let word = s[..wl].to_string();
                return heading_follows(&s[ml..]).then(|| mk(ml, Style::Prefixed(word), n));
            }
        }
    }
    None
}

/// All markers of one line, in order. `at_line_start` says whether `line`
/// begins a line of the cleaned text (a slice that starts after a title in
/// the same line does not).
pub(crate) fn scan_line(line: &str, at_line_start: bool) -> Vec<Marker> {
    let mut out: Vec<Marker> = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in line.char_indices() {
        let start_ok = if i == 0 {
            true
        } else {
            prev.is_some_and(is_inline_sep)
        };
        let covered = out.last().is_some_and(|m| i < m.end);
        prev = Some(c);
        if !start_ok || covered {
            continue;
        }
        let inline = i > 0 || !at_line_start;
        if let Some(m) = marker_at(line, i, inline) {
            out.push(m);
        }
    }
    if let Some(first) = out.first().cloned()
        && !first.inline
        && matches!(first.style, Style::CnDun | Style::CnParen)
        && let Some(m) = tucked_first_item(line, &first)
        && out.iter().all(|o| o.start != m.start)
    {
        out.push(m);
        out.sort_by_key(|m| m.start);
    }
    out
}

/// "一、加强职工权益维护1、继续加强…", "二、…工作建设(一)配合…": the
/// first item of a list glued to the end of a short heading.
fn tucked_first_item(line: &str, head: &Marker) -> Option<Marker> {
    let rest = &line[head.end..];
    let mut prev: Option<char> = None;
    for (count, (i, c)) in rest.char_indices().enumerate() {
        if count > 40 || matches!(c, '。' | ';' | '!' | '?') {
            return None;
        }
        if i > 0 && (c.is_ascii_digit() || c == '(') && prev.is_some_and(is_han) {
            if let Some(m) = marker_at(line, head.end + i, true)
                && matches!(m.style, Style::Arabic | Style::CnParen)
            {
                return Some(m);
            }
            if c.is_ascii_digit() {
                return None;
            }
        }
        prev = Some(c);
    }
    None
}

/// Whether a line opens with a section marker (such a line is a heading,
/// not a document title).
pub fn starts_with_marker(line: &str) -> bool {
    scan_line(line, true).first().is_some_and(|m| m.start == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styles(line: &str) -> Vec<(String, Style, u32)> {
        scan_line(line, true)
            .into_iter()
            .map(|m| (line[m.start..m.end].to_string(), m.style, m.num))
            .collect()
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(cn_number("一、"), Some((1, 3)));
        assert_eq!(cn_number("十二月"), Some((12, 6)));
        assert_eq!(cn_number("二十三"), Some((23, 9)));
        assert_eq!(cn_number("十、"), Some((10, 3)));
        assert_eq!(cn_number("是"), None);
    }

    #[test]
    fn line_start_styles() {
        assert_eq!(styles("一、加强组织")[0].1, Style::CnDun);
        assert_eq!(styles("(三)广泛开展")[0].1, Style::CnParen);
        assert_eq!(
            styles("12、互动互助")[0],
            ("12、".into(), Style::Arabic, 12)
        );
        assert_eq!(styles("3.深化校务公开")[0].1, Style::Arabic);
        assert_eq!(styles("(2)做好")[0].1, Style::ArParen);
        assert_eq!(styles("②组织")[0].1, Style::Circled);
        assert_eq!(
            styles("1.1.2履行教书育人")[0],
            ("1.1.2".into(), Style::Decimal(3), 2)
        );
        assert_eq!(styles("活动2、开展")[0].1, Style::Prefixed("活动".into()));
        assert_eq!(styles("第二,加强队伍建设")[0].1, Style::CnDi);
    }

    #[test]
    fn months() {
        assert_eq!(
            styles("一、二月份:")[0],
            ("一、二月份:".into(), Style::Month, 2)
        );
        assert_eq!(styles("十二月份:")[0].2, 12);
        assert_eq!(styles("3月份:")[0].1, Style::Month);
        assert!(styles("三月份召开教代会。").is_empty());
    }

    #[test]
    fn numbers_are_not_markers() {
        assert!(styles("2.5万元用于慰问").is_empty());
        assert!(scan_line("3、4月开展", true).iter().all(|m| m.strict));
        assert!(styles("2017年").is_empty());
        assert!(styles("(03)").is_empty());
        // An item that starts with a date is still an item; one that may be
        // a date is flagged.
        assert_eq!(styles("3、2009年9月组队参赛")[0].2, 3);
        assert!(scan_line("3.9月教师节期间", true)[0].strict);
        assert!(styles("第一款第3条").is_empty());
        // 一是 inside a full sentence is an enumerator, not a heading.
        assert!(styles("一是积极参加第三届市直机关运动会。根据要求组队参加。").is_empty());
        assert_eq!(styles("一是加强学习")[0].1, Style::CnShi);
    }

    #[test]
    fn inline_markers() {
        let line = "一年来成效明显。 (一)着力平台建设 市总工会始终…。(二)加强法律援助";
        let got = styles(line);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, "(一)");
        assert_eq!(got[1].0, "(二)");
        // After a Han char an inline marker is text, not a heading …
        assert!(styles("我们开展了(一)").is_empty());
        // … except a first item glued to a short heading.
        let got = styles("一、加强职工权益维护1、继续加强宣传");
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].0, "1、");
    }
}
