//! What people read in a terminal: aligned tables (CJK counted as two
//! columns), numbers as people write them, readable figure values, section
//! trees, and the table layouts of `figures`, `topics` and `stats`.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::{
    DocTopicsRecord, DocumentRecord, FigureRecord, ItemFigure, SectionNode, tidy, topic_label,
};
use crate::figure::FigureKind;
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

/// The value column of a figure table: 1,341,911 元, 64.5%, 5 个百分点,
/// 24 次/年, 2019-H1 …
pub fn readable_value(f: &ItemFigure) -> String {
    let mut s = match (f.value, &f.date) {
        (Some(n), _) => format_number(n),
        (None, Some(d)) => d.clone(),
        (None, None) => String::new(),
    };
    if let Some(m) = f.value_max {
        s = format!("{s}–{}", format_number(m));
    }
    match FigureKind::parse(f.kind) {
        // Yuan, or the currency an amount is in (港元, 新台币).
        Some(FigureKind::Amount) => {
            s.push(' ');
            s.push_str(f.unit.as_deref().unwrap_or("元"));
        }
        // Percentage points are no percent: 提高5个百分点 is not 5%.
        Some(FigureKind::Percent) => match f.unit.as_deref() {
            Some(u) if u != "%" => {
                s.push(' ');
                s.push_str(u);
            }
            _ => s.push('%'),
        },
        Some(FigureKind::Frequency) => s.push_str(" 次/年"),
        Some(FigureKind::Count) => {
            if let Some(u) = &f.unit {
                s.push(' ');
                s.push_str(u);
            }
        }
        _ => {}
    }
    if let Some(q) = f.qualifier {
        s = format!("{q} {s}");
    }
    if f.approx {
        s = format!("≈{s}");
    }
    s
}

/// Display columns of a `where` cell: `file:line` fits in it whole.
pub const WHERE_WIDTH: usize = 40;

/// `file:line` for a table, its path shortened in the middle
/// (corpus/…/county_2018_summary.txt:12) so that the file name and the
/// line, which tell where to look, are never cut.
pub fn where_cell(file: &str, line: usize) -> String {
    let full = format!("{file}:{line}");
    if full.width() <= WHERE_WIDTH {
        return full;
    }
    let tail_start = file.rfind(['/', '\\']).map_or(0, |i| i + 1);
    let tail = format!("{}:{line}", &file[tail_start..]);
    let budget = WHERE_WIDTH.saturating_sub(tail.width() + 1);
    if budget == 0 {
        // The name alone is too wide: keep its end.
        let mut kept: Vec<char> = Vec::new();
        let mut w = 1;
        for c in tail.chars().rev() {
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if w + cw > WHERE_WIDTH {
                break;
            }
            w += cw;
            kept.push(c);
        }
        return format!("…{}", kept.into_iter().rev().collect::<String>());
    }
    let mut head = String::new();
    let mut w = 0;
    for c in file[..tail_start].chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw > budget {
            break;
        }
        w += cw;
        head.push(c);
    }
    format!("{head}…{tail}")
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
        where_cell(&r.file, r.line),
        r.figure.kind.to_string(),
        r.figure.text.clone(),
        readable_value(&r.figure),
        r.figure.subject.clone().unwrap_or_default(),
        r.topics
            .first()
            .map(|t| format!("{t} {}", topic_label(t)))
            .unwrap_or_default(),
        r.section.last().cloned().unwrap_or_default(),
    ]
}

/// Columns of `gonghui figures --explain --format table`.
pub const FIGURE_EXPLAIN_TABLE_HEADER: &[&str] = &[
    "where",
    "kind",
    "text",
    "value",
    "rule",
    "topic",
    "topic rule",
    "topic terms",
];

/// A figure row with why it has its topic: the rule that decided and the
/// terms that counted for its first topic (place and score), the strongest
/// first; `total …` when a breakdown takes its total's topic.
pub fn figure_explain_table_row(r: &FigureRecord) -> Vec<String> {
    let topic = r.topics.first().copied().unwrap_or("general");
    let (rule, terms) = match &r.explain {
        Some(x) => {
            let mut own: Vec<&super::TopicTermRecord> =
                x.topic_terms.iter().filter(|t| t.topic == topic).collect();
            own.sort_by(|a, b| b.score.total_cmp(&a.score));
            let mut terms: Vec<String> = own
                .iter()
                .map(|t| {
                    format!(
                        "{} ({} {})",
                        t.text.as_deref().unwrap_or(&t.term),
                        serde_plain(&t.place),
                        format_number((t.score * 100.0).round() / 100.0)
                    )
                })
                .collect();
            if let Some(total) = &x.topic_from_total {
                terms.insert(0, format!("total {} (line {})", total.text, total.line));
            }
            (serde_plain(&x.topic_rule), terms.join(", "))
        }
        None => (String::new(), String::new()),
    };
    vec![
        where_cell(&r.file, r.line),
        r.figure.kind.to_string(),
        r.figure.text.clone(),
        readable_value(&r.figure),
        r.figure.rule.to_string(),
        format!("{topic} {}", topic_label(topic)),
        rule,
        terms,
    ]
}

/// A unit enum's serde name (`report_period`).
fn serde_plain<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Columns of the numbers not taken (`gonghui figures --explain`).
pub const NOT_TAKEN_TABLE_HEADER: &[&str] = &["where", "text", "guard", "reason"];

pub fn not_taken_table_row(r: &super::NotTakenRecord) -> Vec<String> {
    vec![
        where_cell(&r.file, r.line),
        r.text.replace('\n', " "),
        r.guard.to_string(),
        r.reason.to_string(),
    ]
}

/// Columns of `gonghui items --format table`.
pub const ITEM_TABLE_HEADER: &[&str] = &["where", "kind", "text", "figures", "topic"];

pub fn item_table_row(r: &super::ItemRecord) -> Vec<String> {
    vec![
        where_cell(&r.file, r.line),
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
                where_cell(&d.file, d.start_line),
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
pub const STATS_FIXED_COLUMNS: &[&str] = &[
    "kind", "unit", "role", "family", "basis", "counted", "count", "sum", "min", "max", "mean",
];

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
            let m = &r.measure;
            row.extend([
                m.kind.as_str().to_string(),
                m.unit.clone(),
                m.role.to_string(),
                m.family.to_string(),
                m.basis.as_str().to_string(),
                m.counted.clone(),
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
