//! Sections: the heading tree of one document.
//!
//! Markers are found at line starts and inside long paragraphs (after a
//! sentence end or a gap). A marker opens a section only when its number
//! continues the list it belongs to (1, 2, 3 … within a parent; a new list
//! starts at 1, or at 2–3 when the scrape lost the first item). How styles
//! nest is learned per document: by first appearance, corrected when a style
//! that appeared later is seen opening lists of an earlier one (a document
//! that starts at (一) and only later shows 二、).

use std::collections::HashMap;

use crate::clean::{CleanText, NoiseKind};
use crate::document::Document;
use crate::lang::chars::{is_han, is_semicolon, is_sentence_end};
use crate::lang::marker::{Marker, Style, scan_line};

/// What a section is: a heading of the document's outline, an entry of a
/// month schedule (三月份:), or a short enumerated paragraph (一是…, 第一,…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    Heading,
    Schedule,
    Enumerator,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The marker as written after cleaning: 一、 (一) 1. (1) ① 一是 第一，
    /// 三月份: …
    pub marker: String,
    /// The heading text after the marker (up to the first sentence end, or
    /// the whole line for a heading line).
    pub heading: String,
    /// 1 = outermost marker style of the document. Schedule and enumerator
    /// entries do not count as outline levels: a "1." under "三月份:" under
    /// "五、" is level 2, like its parent entry.
    pub level: u8,
    pub kind: SectionKind,
    /// Byte ranges in the cleaned text: the marker starts at `start`, the
    /// heading ends at `heading_end`, the body runs to `end`.
    pub start: usize,
    pub heading_end: usize,
    pub end: usize,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
}

/// Sections of one document in text order, linked as a tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionTree {
    pub sections: Vec<Section>,
}

impl SectionTree {
    /// Indices of the top-level sections.
    pub fn roots(&self) -> impl Iterator<Item = usize> + '_ {
        self.sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.parent.is_none())
            .map(|(i, _)| i)
    }

    /// The innermost section enclosing a cleaned offset: the last section
    /// starting at or before it (sections are in text order), or the
    /// nearest of its ancestors that still holds it.
    pub fn innermost_at(&self, offset: usize) -> Option<usize> {
        let n = self.sections.partition_point(|s| s.start <= offset);
        let mut i = n.checked_sub(1)?;
        loop {
            let s = &self.sections[i];
            if s.start <= offset && offset < s.end {
                return Some(i);
            }
            i = s.parent?;
        }
    }

    /// The sections enclosing a cleaned offset, outermost first.
    /// (The innermost one and its ancestors: a binary search, not a walk
    /// down from the roots, so a document of thousands of sections costs
    /// each figure a few steps.)
    pub fn path_at(&self, offset: usize) -> Vec<usize> {
        let mut path = Vec::new();
        let mut at = self.innermost_at(offset);
        while let Some(i) = at {
            path.push(i);
            at = self.sections[i].parent;
        }
        path.reverse();
        path
    }
}

/// A marker found in the document, with its place in the cleaned text.
#[derive(Debug, Clone)]
struct Cand {
    m: Marker,
    /// Absolute byte offsets of the marker.
    start: usize,
    end: usize,
    /// End of the line (or of the document) holding it.
    line_end: usize,
}

/// Builds the heading tree of one document.
pub fn build_sections(text: &CleanText, doc: &Document) -> SectionTree {
    let doc_end = doc.end.min(text.text.len());
    let body_start = doc.body_start.clamp(doc.start.min(doc_end), doc_end);
    let cands = collect(text, body_start, doc_end);
    if cands.is_empty() {
        return SectionTree::default();
    }
    let rank = style_ranks(&cands);
    // Each part of a mixed document numbers its headings afresh.
    let mut resets: Vec<usize> = doc
        .parts
        .iter()
        .map(|p| p.start)
        .filter(|&s| s > body_start && s < doc_end)
        .collect();
    resets.sort_unstable();
    resets.dedup();

    struct Open {
        sec: usize,
        rank: usize,
        num: u32,
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut last_num: HashMap<Style, u32> = HashMap::new();
    let mut accepted: Vec<(Cand, u8, Option<usize>)> = Vec::new();
    let mut next_reset = 0;
    for c in cands {
        while next_reset < resets.len() && c.start >= resets[next_reset] {
            stack.clear();
            last_num.clear();
            next_reset += 1;
        }
        let Some(&r) = rank.get(&c.m.style) else {
            continue;
        };
        let keep = stack
            .iter()
            .position(|o| o.rank >= r)
            .unwrap_or(stack.len());
        let n = c.m.first_num;
        let same = stack.get(keep).filter(|o| o.rank == r);
        let ok = if c.m.strict {
            match same {
                Some(o) => n == o.num + 1,
                None => n == 1 && keep > 0,
            }
        } else {
            match same {
                Some(o) if c.m.style == Style::Month => n > o.num,
                // Consecutive, tolerating one number the scrape lost.
                Some(o) => n > o.num && n <= o.num + 2,
                None => match last_num.get(&c.m.style) {
                    // A new list, or a list numbered on across parents
                    // (一、 1 2 3 二、 4 5 …).
                    Some(&l) => n == 1 || (n > l && n <= l + 2),
                    None => n <= 3,
                },
            }
        };
        if !ok {
            continue;
        }
        stack.truncate(keep);
        let parent = stack.last().map(|o| o.sec);
        let depth = match parent {
            Some(p) => accepted[p].1.saturating_add(1),
            None => u8::try_from(r + 1).unwrap_or(u8::MAX),
        };
        last_num.insert(c.m.style.clone(), c.m.num);
        stack.push(Open {
            sec: accepted.len(),
            rank: r,
            num: c.m.num,
        });
        accepted.push((c, depth, parent));
    }

    let kinds: Vec<SectionKind> = accepted
        .iter()
        .map(|(c, _, _)| kind_of(&c.m.style))
        .collect();
    let mut levels: Vec<u8> = Vec::with_capacity(accepted.len());
    for (depth, parent) in accepted.iter().map(|(_, d, p)| (*d, *p)) {
        levels.push(match parent {
            Some(p) if kinds[p] == SectionKind::Heading => levels[p].saturating_add(1),
            Some(p) => levels[p],
            None => depth,
        });
    }
    let mut sections: Vec<Section> = Vec::with_capacity(accepted.len());
    for (i, (c, depth, parent)) in accepted.iter().enumerate() {
        let limit = accepted
            .get(i + 1)
            .filter(|(n, _, _)| n.start < c.line_end)
            .map_or(c.line_end, |(n, _, _)| n.start);
        let mut heading_end = heading_end(&text.text, c.end, limit);
        // The heading span holds exactly marker + heading: no trailing
        // colon or comma.
        // A bracket tag keeps its closing bracket (【权益维护】), so that the
        // heading reads as written.
        let kept = text.text[c.end..heading_end].trim_end_matches([':', ',', ' ']);
        heading_end = c.end + kept.len();
        let region_end = resets
            .iter()
            .copied()
            .find(|&r| r > c.start)
            .unwrap_or(doc_end);
        let end = accepted[i + 1..]
            .iter()
            .find(|(n, d, _)| *d <= *depth || n.start >= region_end)
            .map_or(region_end, |(n, _, _)| n.start.min(region_end));
        // The closing bracket of a tag is the marker's, not the heading's.
        let heading = text.text[c.end..heading_end].trim();
        let heading = if c.m.style == Style::Bracket {
            heading.strip_suffix('】').unwrap_or(heading).trim_end()
        } else {
            heading
        }
        .to_string();
        sections.push(Section {
            marker: text.text[c.start..c.end].to_string(),
            heading,
            level: levels[i],
            kind: kinds[i],
            start: c.start,
            heading_end,
            end,
            parent: *parent,
            children: Vec::new(),
        });
    }
    for i in 0..sections.len() {
        if let Some(p) = sections[i].parent {
            sections[p].children.push(i);
        }
    }
    SectionTree { sections }
}

fn kind_of(style: &Style) -> SectionKind {
    match style {
        Style::Month => SectionKind::Schedule,
        Style::CnShi | Style::CnDi => SectionKind::Enumerator,
        _ => SectionKind::Heading,
    }
}

/// Markers of the document body in text order.
fn collect(text: &CleanText, from: usize, to: usize) -> Vec<Cand> {
    let mut out = Vec::new();
    if from >= to {
        return out;
    }
    let first = text.line_index_at(from);
    let mut unnumbered: HashMap<Style, u32> = HashMap::new();
    // Where the clean stage dropped a posting line (发布时间：2024-04-26　来源：…),
    // in the original file, in file order.
    let posted: Vec<usize> = text
        .dropped
        .iter()
        .filter(|d| d.whole_line && d.reason == NoiseKind::Timestamp)
        .map(|d| d.orig_span.0)
        .collect();
    for (li, l) in text.lines.iter().enumerate().skip(first) {
        if l.start >= to {
            break;
        }
        let s = l.start.max(from);
        let e = l.end.min(to);
        if s >= e || !text.text.is_char_boundary(s) || !text.text.is_char_boundary(e) {
            continue;
        }
        let mut markers = scan_line(&text.text[s..e], s == l.start);
        if markers.is_empty() && s == l.start && !posted.is_empty() {
            let next = text.lines.get(li + 1).map(|n| (n.start, n.end));
            if let Some(at) = posted_title(text, (s, e), next, &posted) {
                markers.push(Marker {
                    start: at,
                    end: at,
                    style: Style::Posted,
                    num: 0,
                    first_num: 0,
                    inline: false,
                    strict: false,
                });
            }
        }
        for mut m in markers {
            if m.style.unnumbered() {
                // ■ … ■ …: the n-th heading of its glyph is number n.
                let n = unnumbered.entry(m.style.clone()).or_insert(0u32);
                *n += 1;
                m.num = *n;
                m.first_num = *n;
            }
            out.push(Cand {
                start: s + m.start,
                end: s + m.end,
                line_end: e,
                m,
            });
        }
    }
    out
}

/// Whether the cleaned line `line` is the title of a report posted on a web
/// page: short, no sentence or clause marks, mostly Han, and the posting
/// line dropped by the clean stage (`posted`, original offsets) comes right
/// after it, before the next cleaned line (`next`). The offset in the line
/// where the title starts.
fn posted_title(
    text: &CleanText,
    line: (usize, usize),
    next: Option<(usize, usize)>,
    posted: &[usize],
) -> Option<usize> {
    // The posting line first: most lines have none right after them, and
    // this is two look-ups where the title test reads every char.
    let after = text.orig_span(line.0, line.1).1;
    let before = next.map_or(usize::MAX, |(a, b)| text.orig_span(a, b).0);
    let i = posted.partition_point(|&p| p < after);
    if posted.get(i).is_none_or(|&p| p >= before) {
        return None;
    }
    let t = &text.text[line.0..line.1];
    let title = t.trim();
    let n = title.chars().count();
    let han = title.chars().filter(|&c| is_han(c)).count();
    let is_title = (6..=40).contains(&n)
        && han * 4 >= n * 3
        && !title.contains([
            '。', '，', ',', '；', ';', '：', ':', '！', '？', '!', '?', '、',
        ]);
    is_title.then(|| t.len() - t.trim_start().len())
}

/// The nesting order of the marker styles of one document: the order in
/// which they first appear, except that a style seen opening lists of an
/// earlier one (B followed by an A numbered 1, never the other way round)
/// moves above it.
fn style_ranks(cands: &[Cand]) -> HashMap<Style, usize> {
    let mut order: Vec<Style> = Vec::new();
    for c in cands {
        if !order.contains(&c.m.style) {
            order.push(c.m.style.clone());
        }
    }
    let mut votes: HashMap<(Style, Style), u32> = HashMap::new();
    for w in cands.windows(2) {
        if w[1].m.first_num == 1 && w[0].m.style != w[1].m.style {
            *votes
                .entry((w[0].m.style.clone(), w[1].m.style.clone()))
                .or_default() += 1;
        }
    }
    let above = |a: &Style, b: &Style| {
        let ab = votes.get(&(a.clone(), b.clone())).copied().unwrap_or(0);
        let ba = votes.get(&(b.clone(), a.clone())).copied().unwrap_or(0);
        ab > ba
    };
    // Bounded: each move puts a style strictly higher, n² moves at most.
    let n = order.len();
    for _ in 0..n * n {
        let mut moved = false;
        'outer: for j in 1..order.len() {
            for i in 0..j {
                if above(&order[j], &order[i]) {
                    let s = order.remove(j);
                    order.insert(i, s);
                    moved = true;
                    break 'outer;
                }
            }
        }
        if !moved {
            break;
        }
    }
    order.into_iter().enumerate().map(|(i, s)| (s, i)).collect()
}

/// Where the heading that starts at `from` ends: the first sentence end, a
/// gap between two Han chars (inline headings are set off by a space), or
/// `limit`.
fn heading_end(text: &str, from: usize, limit: usize) -> usize {
    let Some(seg) = text.get(from..limit) else {
        return from;
    };
    let mut prev: Option<char> = None;
    let mut it = seg.char_indices().peekable();
    let mut count = 0;
    while let Some((i, c)) = it.next() {
        count += 1;
        if is_sentence_end(c) || is_semicolon(c) {
            return from + i;
        }
        if c == ' '
            && count > 3
            && prev.is_some_and(is_han)
            && it.peek().is_some_and(|&(_, n)| is_han(n) || n == '(')
        {
            return from + i;
        }
        prev = Some(c);
    }
    limit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::Dictionaries;
    use crate::document::DocumentSplitter;

    fn tree(text: &str) -> (CleanText, SectionTree) {
        let ct = CleanText::from_plain(text);
        let docs = DocumentSplitter::new(&Dictionaries::embedded()).split(&ct);
        let t = build_sections(&ct, &docs[0]);
        (ct, t)
    }

    fn outline(t: &SectionTree) -> Vec<(String, u8)> {
        t.sections
            .iter()
            .map(|s| (s.marker.clone(), s.level))
            .collect()
    }

    fn o(v: &[(&str, u8)]) -> Vec<(String, u8)> {
        v.iter().map(|(m, l)| (m.to_string(), *l)).collect()
    }

    const BODY: &str = "要认真做好这项工作,确保落实到位。";

    #[test]
    fn levels_follow_first_appearance_and_numbering_continues() {
        let text = format!(
            "机关工会2023年工作计划\n一、深入学习\n1、配合党组织抓好学习。{BODY}\n2、开展教育。{BODY}\n二、齐心协力\n3、发扬民主。{BODY}\n4、关心困难职工。{BODY}\n"
        );
        let (ct, t) = tree(&text);
        assert_eq!(
            outline(&t),
            o(&[
                ("一、", 1),
                ("1、", 2),
                ("2、", 2),
                ("二、", 1),
                ("3、", 2),
                ("4、", 2)
            ])
        );
        assert_eq!(t.sections[0].heading, "深入学习");
        assert_eq!(t.sections[1].heading, "配合党组织抓好学习");
        assert_eq!(t.sections[0].children, vec![1, 2]);
        assert_eq!(t.sections[4].parent, Some(3));
        // A section runs to the next one of its level or higher.
        assert_eq!(t.sections[0].end, t.sections[3].start);
        assert_eq!(t.sections[3].end, ct.text.len());
        let at = ct.text.find("发扬民主").unwrap();
        assert_eq!(t.path_at(at), vec![3, 4]);
    }

    #[test]
    fn headline_glyphs_and_bracket_tags_are_headings() {
        let text = format!(
            "青松供电公司工会2023年工作总结\n■ 思想引领\n● 组织宣讲12场。{BODY}\n● 推送稿件30篇。{BODY}\n■ 民主管理\n● 召开职代会1次。{BODY}\n"
        );
        let (ct, t) = tree(&text);
        assert_eq!(outline(&t), o(&[("■ ", 1), ("■ ", 1)]));
        assert_eq!(t.sections[0].heading, "思想引领");
        assert_eq!(t.sections[1].heading, "民主管理");
        let at = ct.text.find("召开职代会").unwrap();
        assert_eq!(t.path_at(at), vec![1]);
        // Numbered items under bracket tags, numbered on across them.
        let text = format!(
            "园区工会2024年工作计划\n【建会入会】\n1.新建工会25家。{BODY}\n2.发展会员2500名。{BODY}\n【权益维护】\n3.调解案件50件。{BODY}\n【2月】开学慰问困难职工。\n"
        );
        let (ct, t) = tree(&text);
        assert_eq!(
            outline(&t),
            o(&[("【", 1), ("1.", 2), ("2.", 2), ("【", 1), ("3.", 2)])
        );
        assert_eq!(t.sections[0].heading, "建会入会");
        assert_eq!(t.sections[3].heading, "权益维护");
        // The heading span holds the tag as written, closing bracket too.
        let s = &t.sections[3];
        assert_eq!(&ct.text[s.start..s.heading_end], "【权益维护】");
        // A bracket tag that leads a line of text, a bullet sentence and a
        // glyph before a long sentence are no headings.
        let text = format!(
            "园区工会2024年工作计划\n【2月】开学慰问困难职工。\n● 慰问\n■ 全年开展送温暖活动，走访慰问困难职工三百户。\n{BODY}\n"
        );
        let (_, t) = tree(&text);
        assert!(t.sections.is_empty(), "{:?}", outline(&t));
    }

    #[test]
    fn titles_of_posted_reports_are_headings() {
        let text = format!(
            "青松船厂工会\n首页 > 工会动态 > 新闻报道\n职工运动会隆重开幕\n发布时间：2024-04-26　来源：公司工会\n4月25日上午，职工运动会开幕。{BODY}\n焊工技能比武决赛落幕\n发布时间：2024-06-14　来源：公司工会\n决赛在培训中心举行。{BODY}\n本届比赛圆满结束\n{BODY}\n"
        );
        let (ct, t) = tree(&text);
        let heads: Vec<&str> = t.sections.iter().map(|s| s.heading.as_str()).collect();
        // The short line without a posting line after it is no heading.
        assert_eq!(heads, vec!["职工运动会隆重开幕", "焊工技能比武决赛落幕"]);
        assert_eq!(t.sections[0].marker, "");
        assert_eq!(t.sections[0].level, t.sections[1].level);
        let at = ct.text.find("决赛在培训中心").unwrap();
        assert_eq!(t.path_at(at), vec![1]);
    }

    #[test]
    fn document_may_start_at_paren_or_arabic() {
        let text = format!(
            "城关小学工会2018年工作计划\n(一)加强师德建设\n1、组织学习。{BODY}\n2、开展评选。{BODY}\n(二)推进民主管理\n1、召开教代会。{BODY}\n"
        );
        let (_, t) = tree(&text);
        assert_eq!(
            outline(&t),
            o(&[("(一)", 1), ("1、", 2), ("2、", 2), ("(二)", 1), ("1、", 2)])
        );
        let text = format!(
            "工会工作计划\n1.动员教职工。{BODY}\n2.推进民主建设。{BODY}\n3.深化校务公开。{BODY}\n"
        );
        let (_, t) = tree(&text);
        assert_eq!(outline(&t), o(&[("1.", 1), ("2.", 1), ("3.", 1)]));
    }

    #[test]
    fn later_higher_style_moves_above() {
        // The scrape lost "一、": (一) lists restart under 二、.
        let text = format!(
            "工会财务工作计划\n(一)机构不健全\n{BODY}\n(二)预算简单化\n{BODY}\n二、加强财务管理的措施\n(一)建立健全机构\n{BODY}\n(二)科学编制预算\n{BODY}\n"
        );
        let (_, t) = tree(&text);
        assert_eq!(
            outline(&t),
            o(&[
                ("(一)", 2),
                ("(二)", 2),
                ("二、", 1),
                ("(一)", 2),
                ("(二)", 2)
            ])
        );
    }

    #[test]
    fn non_consecutive_numbers_are_not_headings() {
        let text = format!(
            "工会工作计划\n一、重点工作\n1、健全制度。{BODY}\n1、下载文档前请自行甄别。\n7、不相干的编号。\n2、深化师德教育。{BODY}\n"
        );
        let (_, t) = tree(&text);
        assert_eq!(outline(&t), o(&[("一、", 1), ("1、", 2), ("2、", 2)]));
    }

    #[test]
    fn inline_headings_in_one_paragraph() {
        let text = "总工会2018年帮扶工作总结\n一年来,全市工会扎实推进帮扶工作,发挥了重要作用。 (一)着力平台建设,帮扶网络覆盖面不断扩大 市总工会始终将帮扶中心建设作为重中之重。(二)加强法律援助,和谐稳定劳动关系不断深化 各级工会依托职工服务中心开展了援助。\n";
        let (_, t) = tree(text);
        assert_eq!(outline(&t), o(&[("(一)", 1), ("(二)", 1)]));
        assert_eq!(t.sections[0].heading, "着力平台建设,帮扶网络覆盖面不断扩大");
        assert_eq!(t.sections[0].end, t.sections[1].start);
    }

    #[test]
    fn numbers_inside_sentences_are_not_markers() {
        let text = format!(
            "工会工作计划\n一、重点工作\n1、根据整改方案第一款第3条,落实2.5万元经费。{BODY}\n2、做好慰问。{BODY}\n"
        );
        let (_, t) = tree(&text);
        assert_eq!(outline(&t), o(&[("一、", 1), ("1、", 2), ("2、", 2)]));
    }

    #[test]
    fn month_schedules_and_enumerators() {
        let text = format!(
            "机关工会2019年工作计划\n一、主要工作\n{BODY}\n二、月度工作安排\n一月份:召开工会委员会议。\n二、三月份:组织三八节活动。\n四月份:\n1.举办运动会。\n2.开展竞赛。\n三、工作要求\n一是加强领导\n二是注重实效\n"
        );
        let (_, t) = tree(&text);
        let got: Vec<(String, u8, SectionKind)> = t
            .sections
            .iter()
            .map(|s| (s.marker.clone(), s.level, s.kind))
            .collect();
        use SectionKind::*;
        let want = [
            ("一、", 1, Heading),
            ("二、", 1, Heading),
            ("一月份:", 2, Schedule),
            ("二、三月份:", 2, Schedule),
            ("四月份:", 2, Schedule),
            ("1.", 2, Heading),
            ("2.", 2, Heading),
            ("三、", 1, Heading),
            ("一是", 2, Enumerator),
            ("二是", 2, Enumerator),
        ];
        let want: Vec<(String, u8, SectionKind)> = want
            .iter()
            .map(|(m, l, k)| (m.to_string(), *l, *k))
            .collect();
        assert_eq!(got, want);
        // The items hang under their month.
        assert_eq!(t.sections[5].parent, Some(4));
    }

    #[test]
    fn items_that_may_be_dates() {
        let text = format!(
            "学校工会2017年工作总结\n(一)推进民主管理\n1.3月召开教代会。{BODY}\n2.坚持校务公开。{BODY}\n3.9月教师节表彰教师。{BODY}\n3.5万元用于慰问。\n"
        );
        let (_, t) = tree(&text);
        assert_eq!(
            outline(&t),
            o(&[("(一)", 1), ("1.", 2), ("2.", 2), ("3.", 2)])
        );
    }

    #[test]
    fn decimal_outline() {
        let text = format!(
            "教育工会工作计划\n1.高校教育工会组织\n1.1相关概念\n{BODY}\n1.1.1维护合法权益\n{BODY}\n1.1.2履行职能\n{BODY}\n1.2目标管理\n{BODY}\n2.存在的问题\n2.1没有发挥作用\n{BODY}\n"
        );
        let (_, t) = tree(&text);
        assert_eq!(
            outline(&t),
            o(&[
                ("1.", 1),
                ("1.1", 2),
                ("1.1.1", 3),
                ("1.1.2", 3),
                ("1.2", 2),
                ("2.", 1),
                ("2.1", 2)
            ])
        );
    }

    #[test]
    fn parts_of_a_mixed_document_number_afresh() {
        let text = format!(
            "县教育工会2017年工作总结和2018年工作计划\n2017年县教育工会开展了工作,取得了成绩。\n(一)拓展覆盖面\n本年度开展了活动,取得了成效,完成了任务。{BODY}{BODY}\n(二)完成经费划拨\n开展了慰问,取得了成效。{BODY}{BODY}\n教育工会2018年工作以党的精神为指导,要做好以下工作。\n(一)加强自身建设\n1.召开代表大会。{BODY}{BODY}{BODY}\n2.举办培训班。{BODY}{BODY}{BODY}\n(二)创新思路\n3.积极参与民主管理。{BODY}{BODY}{BODY}\n"
        );
        let (_, t) = tree(&text);
        assert_eq!(
            outline(&t),
            o(&[
                ("(一)", 1),
                ("(二)", 1),
                ("(一)", 1),
                ("1.", 2),
                ("2.", 2),
                ("(二)", 1),
                ("3.", 2)
            ])
        );
        // The summary's last section ends where the plan part begins.
        assert!(t.sections[1].end <= t.sections[2].start);
    }
}
