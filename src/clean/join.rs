//! Rejoining paragraphs that a scrape broke in the middle of a sentence
//! ("…本次活动" / "救助的是…"), without gluing titles, headings or list items
//! to their neighbours.

use super::noise::is_closer;
use crate::lang::chars::{is_colon, is_semicolon, is_sentence_end};

/// What the join rules need to know of one kept line (its folded text after
/// cuts).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct LineShape {
    /// Chars, counted up to `TITLE_MAX + 1` (longer lines count as that).
    pub chars: usize,
    /// Ends in sentence-final punctuation (closing quotes looked through).
    pub ends_final: bool,
    /// Its last char may be followed by more of the same sentence: an
    /// ideograph, a comma, an opening bracket or a redaction mark.
    pub open_end: bool,
    /// Ends in a comma, 、 or an opening bracket: certainly unfinished.
    pub ends_mid: bool,
    /// Starts with a section or list marker (一、 (一) 1. 1、 ① 一是 第一 …).
    pub starts_marker: bool,
    /// Holds 。！？ before its end (looked for in short lines only).
    pub sentence_inside: bool,
    /// Holds any punctuation that a title would not (。，、；：！？; looked
    /// for in short lines only).
    pub any_punct: bool,
}

/// First bytes of the punctuation [`LineShape::of`] looks for.
static PUNCT_FIRST: [bool; 256] = {
    let mut t = [false; 256];
    let firsts = [b',', b';', b':', b'!', b'?', 0xE3, 0xEF];
    let mut k = 0;
    while k < firsts.len() {
        t[firsts[k] as usize] = true;
        k += 1;
    }
    t
};

/// Lines at most this long (chars) count as short.
const SHORT: usize = 30;
/// Longest line taken for a title or a heading.
const TITLE_MAX: usize = 60;

impl LineShape {
    pub fn of(s: &str) -> LineShape {
        let mut sh = LineShape::default();
        // Counting stops past TITLE_MAX: every rule that reads `chars`,
        // `any_punct` or `sentence_inside` is about lines that short, and
        // this runs over every kept line.
        // (Bytes, not chars: a head of at most that many chars.)
        let b = &s.as_bytes()[..s.len().min(4 * (TITLE_MAX + 1))];
        let n = b.len();
        sh.chars = b
            .iter()
            .filter(|&&x| x & 0xC0 != 0x80)
            .count()
            .min(TITLE_MAX + 1);
        for (i, &x) in b.iter().enumerate() {
            if !PUNCT_FIRST[x as usize] {
                continue;
            }
            // (punctuation, ends a sentence, its length)
            let (punct, stop, len) = match x {
                b',' | b';' | b':' => (true, false, 1),
                b'!' | b'?' => (true, true, 1),
                0xE3 if i + 2 < n && b[i + 1] == 0x80 => match b[i + 2] {
                    0x81 => (true, false, 3), // 、
                    0x82 => (true, true, 3),  // 。
                    _ => (false, false, 0),
                },
                0xEF if i + 2 < n && b[i + 1] == 0xBC => match b[i + 2] {
                    0x8C | 0x9A | 0x9B => (true, false, 3), // ，：；
                    0x81 | 0x9F => (true, true, 3),         // ！？
                    _ => (false, false, 0),
                },
                _ => (false, false, 0),
            };
            sh.any_punct |= punct;
            // `;` is left out: it splits list items and keyword lists.
            sh.sentence_inside |= stop && i + len < s.len();
        }
        let last = s.chars().next_back();
        let Some(raw_last) = last else {
            return sh;
        };
        // Look through closing quotes and brackets for the real ending.
        let trimmed = s.trim_end_matches(is_closer);
        let mut rev = trimmed.chars().rev();
        let end = rev.next();
        let prev = rev.next();
        sh.ends_final = match end {
            Some(c) if is_sentence_end(c) || is_semicolon(c) || is_colon(c) => true,
            // `.` ends a sentence unless it follows a digit (a list marker or
            // a number).
            Some('.') => !prev.is_some_and(|p| p.is_ascii_digit()),
            _ => false,
        };
        sh.ends_mid = matches!(
            raw_last,
            ',' | '，' | '、' | '《' | '“' | '‘' | '(' | '（' | '【' | '「' | '『' | '['
        );
        let body_end = if trimmed.is_empty() {
            raw_last
        } else {
            end.unwrap_or(raw_last)
        };
        sh.open_end = sh.ends_mid || body_end == '*' || is_ideograph(body_end);
        sh.starts_marker = starts_with_marker(s);
        sh
    }

    /// A title: short and without sentence punctuation.
    pub fn title_like(&self) -> bool {
        !self.any_punct && self.chars <= TITLE_MAX
    }

    /// A heading: a marker, no full sentence, not long.
    pub fn heading(&self) -> bool {
        self.starts_marker && !self.sentence_inside && !self.ends_final && self.chars <= TITLE_MAX
    }
}

/// Whether `prev` and `next` (consecutive kept lines) are one paragraph
/// broken by the scrape.
pub(crate) fn should_join(prev: &LineShape, next: &LineShape) -> bool {
    if prev.ends_final || !prev.open_end || prev.heading() || prev.title_like() {
        return false;
    }
    // A short line is a label or a title unless it visibly holds a broken
    // sentence ("制定工作计划。年初制定了《**").
    if prev.chars <= SHORT && !prev.sentence_inside && !prev.ends_mid {
        return false;
    }
    !next.starts_marker && !next.title_like()
}

/// CJK ideographs (and the 〇 numeral).
pub(crate) fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F | 0x3007)
}

fn is_cn_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '零'
            | '〇'
            | '两'
    )
}

/// Section and list markers at the start of a line.
pub(crate) fn starts_with_marker(s: &str) -> bool {
    let mut it = s.chars();
    let Some(c0) = it.next() else {
        return false;
    };
    match c0 {
        // ① ⑴ ⒈ Ⅰ and bullets
        '\u{2460}'..='\u{249B}' | '\u{2160}'..='\u{217F}' => return true,
        '•' | '·' | '●' | '○' | '■' | '□' | '◆' | '◇' | '★' | '☆' | '※' | '▲' | '►' | '➢' | '√'
        | '-' | '—' => return true,
        '(' | '（' | '[' | '【' | '〔' => {
            // (一) (1) [1] 【一】
            let inner: String = it
                .by_ref()
                .take_while(|c| !matches!(c, ')' | '）' | ']' | '】' | '〕'))
                .take(5)
                .collect();
            return !inner.is_empty()
                && inner
                    .trim()
                    .chars()
                    .all(|c| c.is_ascii_digit() || is_cn_numeral(c))
                || c0 == '【'
                || c0 == '[';
        }
        _ => {}
    }
    for w in ["首先", "其次", "再次", "最后", "篇"] {
        if s.starts_with(w) {
            return true;
        }
    }
    if c0.is_ascii_digit() {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        if n > 3 {
            return false;
        }
        return match s[n..].chars().next() {
            Some('、' | ')' | '）' | ',' | '，') => true,
            // 1. 1.1 1.1.1 — but not 2017.
            Some('.') => true,
            _ => false,
        };
    }
    if c0 == '第' {
        let r = &s[c0.len_utf8()..];
        let n: usize = r
            .chars()
            .take_while(|c| is_cn_numeral(*c) || c.is_ascii_digit())
            .map(char::len_utf8)
            .sum();
        if n == 0 {
            return false;
        }
        return r[n..].starts_with([
            '、', ',', '，', '.', '章', '节', '篇', '部', '条', '点', '是',
        ]);
    }
    if is_cn_numeral(c0) {
        let n: usize = s
            .chars()
            .take_while(|c| is_cn_numeral(*c))
            .take(3)
            .map(char::len_utf8)
            .sum();
        return s[n..].starts_with(['、', '.', '．', '是']);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn join(a: &str, b: &str) -> bool {
        should_join(&LineShape::of(a), &LineShape::of(b))
    }

    #[test]
    fn markers() {
        for s in [
            "一、加强组织领导",
            "(一)拓展覆盖面",
            "(1)开展活动",
            "1.召开大会",
            "1、配合机关",
            "1.1高校教育工会",
            "①今年一月份",
            "一是积极参加",
            "第一,加强学习",
            "第二篇:工作总结",
            "[1]汤超.研究",
            "【关键词】工会",
            "- 第二周:开展培训",
            "十一、加强管理",
        ] {
            assert!(starts_with_marker(s), "{s}");
        }
        for s in [
            "2017年县教育工会",
            "一年来,全市工会",
            "第20届运动会",
            "三八节活动",
            "去一千元慰问金。",
        ] {
            assert!(!starts_with_marker(s), "{s}");
        }
    }

    #[test]
    fn joins_broken_sentences() {
        assert!(join(
            "4、扎实开展“金秋助学”活动。根据上级工会要求,县总工会组织开展了第20届“金秋助学”活动,本次活动",
            "救助的是今年考上高职以上院校的困难职工子女,共计发放资金万元。"
        ));
        assert!(join(
            "6、五一前夕开展上门慰问劳模活动。于4月29日慰问了六名劳模,为他们送去了节日的问候,给他们每人送",
            "去一千元慰问金。"
        ));
        assert!(join(
            "制定工作计划。年初制定了《**",
            "县总工会2017年度精神文明创建工作计划》,并严格按照计划抓落实。"
        ));
        assert!(join("为了做好工作,各单位要加强领导,", "认真组织。"));
    }

    #[test]
    fn keeps_titles_headings_and_items_apart() {
        // Finished sentence.
        assert!(!join("一、加强组织领导。", "切实加强组织领导。"));
        // Heading, then its body.
        assert!(!join(
            "(一)拓展了工会在民办学校的覆盖面",
            "本年度,我县民办学校共188所。"
        ));
        // Title, then the text.
        assert!(!join(
            "县总工会2017年文明创建工作总结",
            "根据县文明办有关文件要求,现将情况报告如下:"
        ));
        // A paragraph without final punctuation, then a title.
        assert!(!join(
            "2.高度重视文明创建工作,提高文明创建工作意识,能够严格按照要求落实到位。每次志愿活动都及时报送活动文字和图片",
            "总工会帮扶工作总结及工作打算"
        ));
        // Next line is a list item.
        assert!(!join(
            "1、进一步落实制度,充分发挥教代会在学校民主管理中的积极作用,全面推进",
            "2、1月份召开职代会"
        ));
        // A short label line.
        assert!(!join("关键词:工会宣传,创新,模式", "参考文献"));
        assert!(!join(
            "【关键词】高效教育工会;工作目标;问题",
            "随着高校改革以及办学条件的改变,需要改变传统的工会模式。"
        ));
        assert!(!join(
            "关键词:工会宣传,创新,模式",
            "随着社会改革的深入和企业建设的推进,工会工作面临新的挑战。"
        ));
        // Ends in a number or a reference, not in a broken word.
        assert!(!join(
            "中图分类号:D412.6 文献标识码:A 文章编号:1671-864X(2016)06-0036-01",
            "创新是一个民族进步的灵魂,是一个国家兴旺发达的不竭动力。"
        ));
    }
}
