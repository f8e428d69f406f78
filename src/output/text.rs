//! What people read in a terminal: aligned tables (CJK counted as two
//! columns), numbers as people write them, readable figure values, section
//! trees, and the table layouts of `figures`, `topics` and `stats`.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::{DocTopicsRecord, DocumentRecord, FigureRecord, SectionNode, tidy, topic_label};
use crate::figure::{FigureKind, FigureValue};
use crate::jobs::StatRow;

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

/// Columns of `gonghui items --format table`.
pub const ITEM_TABLE_HEADER: &[&str] = &["where", "kind", "text", "figures", "topic"];

pub fn item_table_row(r: &super::ItemRecord) -> Vec<String> {
    vec![
        format!("{}:{}", r.file, r.line),
        r.kind.to_string(),
        r.text.replace('\n', " "),
        r.figures
            .iter()
            .map(|f| f.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        r.topics.first().map(|t| t.to_string()).unwrap_or_default(),
    ]
}

pub const FIGURE_TABLE_HEADER: &[&str] = &[
    "where", "kind", "text", "value", "subject", "topic", "section",
];

/// Writes a document and its section tree as `gonghui sections` prints it.
pub fn write_section_tree(out: &mut dyn Write, d: &DocumentRecord) -> io::Result<()> {
    let year = d
        .year
        .map(|y| y.to_string())
        .unwrap_or_else(|| "year?".into());
    let mut facts = vec![d.kind.to_string(), year];
    facts.extend(d.org.clone());
    facts.extend(d.period.clone());
    writeln!(
        out,
        "{}:{}-{}  [{}] {}  ({})",
        d.file,
        d.start_line,
        d.end_line,
        d.doc,
        d.title,
        facts.join(", ")
    )?;
    for p in &d.parts {
        writeln!(
            out,
            "    part: {} {} lines {}-{}",
            p.kind,
            p.year.map(|y| y.to_string()).unwrap_or_default(),
            p.start_line,
            p.end_line
        )?;
    }
    if let Some(dup) = &d.duplicate_of {
        writeln!(out, "    repeats {dup}")?;
    }
    fn node(out: &mut dyn Write, n: &SectionNode, depth: usize) -> io::Result<()> {
        writeln!(
            out,
            "{}{}{}  (line {})",
            "  ".repeat(depth + 2),
            n.marker,
            n.heading,
            n.line
        )?;
        for c in &n.children {
            node(out, c, depth + 1)?;
        }
        Ok(())
    }
    for n in d.sections.iter().flatten() {
        node(out, n, 0)?;
    }
    writeln!(out)
}

pub const TOPIC_TABLE_HEADER: &[&str] = &["document", "title", "year", "topic", "share", "figures"];

/// Topic table rows: one per topic of each document.
pub fn topic_table_rows(docs: &[DocTopicsRecord]) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for d in docs {
        for t in &d.topics {
            rows.push(vec![
                format!("{}:{}", d.file, d.start_line),
                d.title.clone(),
                d.year.map(|y| y.to_string()).unwrap_or_default(),
                format!("{} {}", t.topic, t.label),
                format!("{:.1}%", t.share * 100.0),
                t.figures.to_string(),
            ]);
        }
    }
    rows
}

/// The columns of a stats table after its group columns.
pub const STATS_FIXED_COLUMNS: &[&str] = &["kind", "unit", "count", "sum", "min", "max", "mean"];

/// The header and rows of a stats table for a person: the group columns
/// (`names`), then the aggregates, numbers written as people write them.
pub fn stats_table(
    names: &[&'static str],
    rows: &[StatRow],
) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let mut header: Vec<&'static str> = names.to_vec();
    header.extend(STATS_FIXED_COLUMNS);
    let num = |v: Option<f64>| v.map(format_number).unwrap_or_default();
    let table = rows
        .iter()
        .map(|r| {
            let mut row: Vec<String> = r.group.iter().map(|(_, k)| k.clone()).collect();
            row.extend([
                r.kind.as_str().to_string(),
                r.unit.clone(),
                r.count.to_string(),
                num(r.sum),
                num(r.min),
                num(r.max),
                num(r.mean),
            ]);
            row
        })
        .collect();
    (header, table)
}

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
