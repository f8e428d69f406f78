//! Output: small plain records with exact provenance (file, 1-based line,
//! original byte span), and the formats people read them in (json, jsonl,
//! csv for Excel/WPS, aligned tables).

use std::io::{self, Write};

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::dict::TOPICS;
use crate::document::{DocKind, Document};
use crate::figure::{FigureKind, FigureValue};
use crate::pipeline::{DocAnalysis, FileAnalysis, PlacedFigure};
use crate::section::{SectionKind, SectionTree};

/// Floating point noise (134.1911 × 10⁴ = 1341910.9999999998) is rounded
/// away: values keep at most six decimals.
pub fn tidy(v: f64) -> f64 {
    let r = (v * 1e6).round() / 1e6;
    if r == 0.0 { 0.0 } else { r }
}

/// The Chinese label of a topic id.
pub fn topic_label(id: &str) -> &'static str {
    TOPICS
        .iter()
        .find(|(t, _)| *t == id)
        .map(|(_, l)| *l)
        .unwrap_or("")
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TopicShare {
    pub topic: &'static str,
    pub score: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PartRecord {
    pub kind: &'static str,
    pub year: Option<i32>,
    pub title: Option<String>,
    pub start_line: usize,
    pub end_line: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SectionNode {
    /// `heading`, `schedule` (三月份:) or `enumerator` (一是, 第一).
    pub kind: SectionKind,
    pub marker: String,
    pub heading: String,
    pub level: u8,
    pub line: usize,
    pub span: [usize; 2],
    pub topics: Vec<&'static str>,
    pub children: Vec<SectionNode>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocumentRecord {
    pub file: String,
    pub doc: usize,
    pub title: String,
    pub kind: &'static str,
    pub year: Option<i32>,
    pub org: Option<String>,
    pub period: Option<String>,
    pub start_line: usize,
    pub end_line: usize,
    pub span: [usize; 2],
    pub parts: Vec<PartRecord>,
    pub duplicate_of: Option<usize>,
    pub encoding: &'static str,
    pub section_count: usize,
    pub figure_count: usize,
    pub topics: Vec<TopicShare>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sections: Option<Vec<SectionNode>>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SectionRecord {
    pub file: String,
    pub doc: usize,
    pub index: usize,
    pub parent: Option<usize>,
    pub kind: SectionKind,
    pub marker: String,
    pub heading: String,
    pub level: u8,
    pub line: usize,
    pub end_line: usize,
    pub span: [usize; 2],
    pub path: Vec<String>,
    pub topics: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FigureRecord {
    pub file: String,
    pub doc: usize,
    pub line: usize,
    pub span: [usize; 2],
    pub text: String,
    pub kind: &'static str,
    pub value: FigureValue,
    pub value_max: Option<f64>,
    pub unit: Option<String>,
    pub qualifier: Option<&'static str>,
    pub approx: bool,
    pub subject: Option<String>,
    pub role: Option<&'static str>,
    pub action: Option<String>,
    pub topics: Vec<&'static str>,
    pub section: Vec<String>,
    pub sentence: String,
    pub doc_kind: &'static str,
    pub year: Option<i32>,
    pub org: Option<String>,
}

/// Turns one analysed file into records.
pub struct Recorder<'a> {
    fa: &'a FileAnalysis,
}

impl<'a> Recorder<'a> {
    pub fn new(fa: &'a FileAnalysis) -> Self {
        Recorder { fa }
    }

    fn file(&self) -> String {
        self.fa.source.name.clone()
    }

    fn span(&self, start: usize, end: usize) -> [usize; 2] {
        let (s, e) = self.fa.clean.orig_span(start, end);
        [s, e]
    }

    fn line(&self, clean_offset: usize) -> usize {
        self.fa
            .source
            .lines
            .line_of(self.fa.clean.map.orig_start(clean_offset))
    }

    /// Line of the last char before `clean_end`.
    fn end_line(&self, clean_start: usize, clean_end: usize) -> usize {
        let text = &self.fa.clean.text;
        let mut e = clean_end.min(text.len());
        // The range usually ends with the line's `\n`: step back over it.
        while e > clean_start && text.as_bytes()[e - 1] == b'\n' {
            e -= 1;
        }
        if e <= clean_start {
            return self.line(clean_start);
        }
        let last = text[..e]
            .char_indices()
            .next_back()
            .map(|(i, _)| i)
            .unwrap_or(0);
        self.line(last)
    }

    pub fn document(&self, index: usize, with_sections: bool) -> DocumentRecord {
        let da = &self.fa.documents[index];
        let d = &da.doc;
        DocumentRecord {
            file: self.file(),
            doc: index,
            title: d.title.clone(),
            kind: d.kind.as_str(),
            year: d.year,
            org: d.org.clone(),
            period: d.period.clone(),
            start_line: self.line(d.start),
            end_line: self.end_line(d.start, d.end),
            span: self.span(d.start, trim_end(&self.fa.clean.text, d.start, d.end)),
            parts: d
                .parts
                .iter()
                .map(|p| PartRecord {
                    kind: p.kind.as_str(),
                    year: p.year,
                    title: p.title.clone(),
                    start_line: self.line(p.start),
                    end_line: self.end_line(p.start, p.end),
                })
                .collect(),
            duplicate_of: d.duplicate_of,
            encoding: self.fa.source.encoding.name(),
            section_count: da.sections.sections.len(),
            figure_count: da.figures.len(),
            topics: da
                .topics
                .iter()
                .map(|t| TopicShare {
                    topic: t.topic,
                    score: tidy(t.score as f64),
                })
                .collect(),
            sections: with_sections.then(|| self.section_nodes(da)),
        }
    }

    fn section_nodes(&self, da: &DocAnalysis) -> Vec<SectionNode> {
        let tree = &da.sections;
        fn node(r: &Recorder, da: &DocAnalysis, tree: &SectionTree, i: usize) -> SectionNode {
            let s = &tree.sections[i];
            SectionNode {
                kind: s.kind,
                marker: s.marker.clone(),
                heading: s.heading.clone(),
                level: s.level,
                line: r.line(s.start),
                span: r.span(s.start, s.heading_end),
                topics: da.section_topics.get(i).cloned().unwrap_or_default(),
                children: s.children.iter().map(|&c| node(r, da, tree, c)).collect(),
            }
        }
        tree.roots().map(|i| node(self, da, tree, i)).collect()
    }

    pub fn sections(&self, index: usize) -> Vec<SectionRecord> {
        let da = &self.fa.documents[index];
        let tree = &da.sections;
        tree.sections
            .iter()
            .enumerate()
            .map(|(i, s)| SectionRecord {
                file: self.file(),
                doc: index,
                index: i,
                parent: s.parent,
                kind: s.kind,
                marker: s.marker.clone(),
                heading: s.heading.clone(),
                level: s.level,
                line: self.line(s.start),
                end_line: self.end_line(s.start, s.end),
                span: self.span(s.start, s.heading_end),
                path: heading_path(tree, &tree.path_at(s.start)),
                topics: da.section_topics.get(i).cloned().unwrap_or_default(),
            })
            .collect()
    }

    pub fn figure(&self, index: usize, pf: &PlacedFigure) -> FigureRecord {
        let da = &self.fa.documents[index];
        let f = &pf.figure;
        let span = self.span(f.start, f.end);
        let value = match &f.value {
            FigureValue::Number(v) => FigureValue::Number(tidy(*v)),
            other => other.clone(),
        };
        let text = &self.fa.clean.text;
        FigureRecord {
            file: self.file(),
            doc: index,
            line: self.line(f.start),
            span,
            text: self.fa.source.span_text((span[0], span[1])),
            kind: f.kind.as_str(),
            value,
            value_max: f.value_max.map(tidy),
            unit: f.unit.clone(),
            qualifier: f.qualifier.map(|q| q.as_str()),
            approx: f.approx,
            subject: f.subject.clone(),
            role: f.role.map(|r| r.as_str()),
            action: f.action.clone(),
            topics: pf.topics.iter().map(|t| t.topic).collect(),
            section: heading_path(&da.sections, &pf.section_path),
            sentence: text
                .get(f.sentence.0..f.sentence.1)
                .unwrap_or("")
                .trim()
                .to_string(),
            doc_kind: kind_at(&da.doc, f.start).as_str(),
            year: da.doc.year_at(f.start),
            org: da.doc.org.clone(),
        }
    }

    /// All figure records of the file, in text order.
    pub fn figures(&self) -> Vec<FigureRecord> {
        self.fa
            .documents
            .iter()
            .enumerate()
            .flat_map(|(i, da)| da.figures.iter().map(move |pf| (i, pf)))
            .map(|(i, pf)| self.figure(i, pf))
            .collect()
    }
}

/// The kind that holds at a cleaned offset: the part's kind inside a mixed
/// document.
pub fn kind_at(doc: &Document, offset: usize) -> DocKind {
    doc.parts
        .iter()
        .find(|p| p.start <= offset && offset < p.end)
        .map(|p| p.kind)
        .unwrap_or(doc.kind)
}

fn trim_end(text: &str, start: usize, end: usize) -> usize {
    let mut e = end.min(text.len());
    while e > start && text.as_bytes()[e - 1] == b'\n' {
        e -= 1;
    }
    e
}

/// Marker and heading of each section on a path, outermost first.
pub fn heading_path(tree: &SectionTree, path: &[usize]) -> Vec<String> {
    path.iter()
        .map(|&i| {
            let s = &tree.sections[i];
            format!("{}{}", s.marker, s.heading)
        })
        .collect()
}

/// A number as people write it: 1,341,911 or 64.5.
pub fn format_number(v: f64) -> String {
    let v = tidy(v);
    let neg = v < 0.0;
    let a = v.abs();
    let int = a.trunc() as u64;
    let frac = a - a.trunc();
    let digits = int.to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    if frac > 0.0 {
        let f = format!("{:.6}", frac);
        grouped.push_str(f.trim_start_matches('0').trim_end_matches('0'));
    }
    if neg { format!("-{grouped}") } else { grouped }
}

/// The value column of a figure table: 1,341,911 元, 64.5%, 24 次/年 …
pub fn readable_value(r: &FigureRecord) -> String {
    let num = |v: &FigureValue| match v {
        FigureValue::Number(n) => format_number(*n),
        FigureValue::Date(s) => s.clone(),
    };
    let mut s = num(&r.value);
    if let Some(m) = r.value_max {
        s = format!("{s}–{}", format_number(m));
    }
    let kind = FigureKind::parse(r.kind);
    match kind {
        Some(FigureKind::Amount) => s.push_str(" 元"),
        Some(FigureKind::Percent) => s.push('%'),
        Some(FigureKind::Frequency) => s.push_str(" 次/年"),
        Some(FigureKind::Count) => {
            if let Some(u) = &r.unit {
                s.push(' ');
                s.push_str(u);
            }
        }
        _ => {}
    }
    if let Some(q) = r.qualifier {
        s = format!("{q} {s}");
    }
    if r.approx {
        s = format!("≈{s}");
    }
    s
}

/// Writes rows as an aligned table; widths count CJK chars as two columns,
/// cells are cut to `max_width` columns.
pub fn write_table(
    out: &mut dyn Write,
    header: &[&str],
    rows: &[Vec<String>],
    max_width: usize,
) -> io::Result<()> {
    let cut = |s: &str| -> String {
        if s.width() <= max_width {
            return s.to_string();
        }
        let mut w = 0;
        let mut o = String::new();
        for c in s.chars() {
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if w + cw + 1 > max_width {
                break;
            }
            w += cw;
            o.push(c);
        }
        o.push('…');
        o
    };
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| cut(&c.replace(['\n', '\t'], " ")))
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for r in &cells {
        for (i, c) in r.iter().enumerate() {
            if i < widths.len() {
                widths[i] = widths[i].max(c.width());
            }
        }
    }
    let line = |out: &mut dyn Write, r: &[String]| -> io::Result<()> {
        let mut s = String::new();
        for (i, c) in r.iter().enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            s.push_str(c);
            if i + 1 < r.len() {
                s.push_str(&" ".repeat(widths[i].saturating_sub(c.width())));
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    let head: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    line(out, &head)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(out, &rule)?;
    for r in &cells {
        line(out, r)?;
    }
    Ok(())
}

pub const FIGURE_CSV_HEADER: &[&str] = &[
    "file",
    "doc",
    "line",
    "span_start",
    "span_end",
    "text",
    "kind",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "approx",
    "subject",
    "role",
    "action",
    "topics",
    "section",
    "sentence",
    "doc_kind",
    "year",
    "org",
];

/// One CSV row per figure, the JSON fields flattened.
pub fn figure_csv_row(r: &FigureRecord) -> Vec<String> {
    let opt = |o: Option<String>| o.unwrap_or_default();
    vec![
        r.file.clone(),
        r.doc.to_string(),
        r.line.to_string(),
        r.span[0].to_string(),
        r.span[1].to_string(),
        r.text.clone(),
        r.kind.to_string(),
        match &r.value {
            FigureValue::Number(n) => tidy(*n).to_string(),
            FigureValue::Date(s) => s.clone(),
        },
        opt(r.value_max.map(|v| tidy(v).to_string())),
        opt(r.unit.clone()),
        opt(r.qualifier.map(str::to_string)),
        r.approx.to_string(),
        opt(r.subject.clone()),
        opt(r.role.map(str::to_string)),
        opt(r.action.clone()),
        r.topics.join(";"),
        r.section.join(" > "),
        r.sentence.clone(),
        r.doc_kind.to_string(),
        opt(r.year.map(|y| y.to_string())),
        opt(r.org.clone()),
    ]
}

/// A CSV writer that Excel and WPS open as UTF-8: the BOM goes first.
pub fn csv_writer<W: Write>(mut w: W) -> io::Result<csv::Writer<W>> {
    w.write_all(b"\xEF\xBB\xBF")?;
    Ok(csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(w))
}

/// Figure table rows for a person.
pub fn figure_table_row(r: &FigureRecord) -> Vec<String> {
    vec![
        format!("{}:{}", r.file, r.line),
        r.kind.to_string(),
        r.text.clone(),
        readable_value(r),
        r.subject.clone().unwrap_or_default(),
        r.topics
            .first()
            .map(|t| format!("{t} {}", topic_label(t)))
            .unwrap_or_default(),
        r.section.last().cloned().unwrap_or_default(),
    ]
}

pub const FIGURE_TABLE_HEADER: &[&str] = &[
    "where", "kind", "text", "value", "subject", "topic", "section",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_people_write_them() {
        assert_eq!(format_number(1341911.0), "1,341,911");
        assert_eq!(format_number(134.1911 * 10000.0), "1,341,911");
        assert_eq!(format_number(64.5), "64.5");
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(999.0), "999");
        assert_eq!(format_number(1000.0), "1,000");
    }

    #[test]
    fn table_aligns_cjk() {
        let mut out = Vec::new();
        let rows = vec![
            vec!["工会".to_string(), "1".to_string()],
            vec!["ab".to_string(), "2".to_string()],
        ];
        write_table(&mut out, &["名称", "n"], &rows, 40).unwrap();
        let s = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[0], "名称  n");
        assert_eq!(lines[2], "工会  1");
        assert_eq!(lines[3], "ab    2");
    }
}
