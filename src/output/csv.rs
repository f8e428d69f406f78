//! CSV tables as serde records: each row type is one `#[derive(Serialize)]`
//! struct of flat fields, so the header (its field names) and the rows
//! cannot drift apart. Files start with a UTF-8 BOM so Excel and WPS open
//! them as UTF-8; lines end with CRLF.
//!
//! Lists are joined into one field: topics with [`LIST_SEPARATOR`]
//! (`aid;welfare`), a section path with [`PATH_SEPARATOR`]
//! (`一、困难帮扶 > (一)金秋助学`). Numbers are written as Rust prints the
//! rounded `f64` (`1341911`, `64.5`), not with a trailing `.0`.

use std::io::Write;

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use super::{FigureRecord, tidy};
use crate::jobs::{GroupBy, StatRow};

/// Joins the topic ids of a figure in one CSV field.
pub const LIST_SEPARATOR: &str = ";";
/// Joins the headings of a section path in one CSV field.
pub const PATH_SEPARATOR: &str = " > ";

/// A CSV writer for rows only (no header): CRLF line ends.
pub fn csv_row_writer<W: Write>(w: W) -> ::csv::Writer<W> {
    ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .has_headers(false)
        .from_writer(w)
}

/// A CSV writer that Excel and WPS open as UTF-8: writes the BOM and the
/// header of rows like `sample` (the row itself is not written), and returns
/// the writer for the rows.
pub fn csv_writer<W: Write, T: Serialize>(mut w: W, sample: &T) -> ::csv::Result<::csv::Writer<W>> {
    w.write_all(b"\xEF\xBB\xBF")?;
    w.write_all(&header_line(sample)?)?;
    Ok(csv_row_writer(w))
}

/// The header line (with its CRLF) of rows like `sample`, as the csv crate
/// derives it from the field names.
fn header_line<T: Serialize>(sample: &T) -> ::csv::Result<Vec<u8>> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.serialize(sample)?;
    let buf = w.into_inner().map_err(|e| e.into_error())?;
    // Field names hold no line breaks: the header ends at the first CRLF.
    let end = buf
        .windows(2)
        .position(|p| p == b"\r\n")
        .map_or(buf.len(), |i| i + 2);
    Ok(buf[..end].to_vec())
}

/// A rounded number as text (`1341911`, `64.5`).
fn num<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&tidy(*v))
}

/// A number that always reads as a decimal (`4.0`, `64.5`), so that a
/// reader guessing types from the text (DuckDB's `read_csv`, pandas) takes
/// the whole column as DOUBLE, never as an integer that a later 3.5 breaks.
fn opt_decimal<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => {
            let t = tidy(*v);
            if t.fract() == 0.0 && t.abs() < 1e15 {
                s.collect_str(&format_args!("{t:.1}"))
            } else {
                s.collect_str(&t)
            }
        }
        None => s.serialize_none(),
    }
}

fn opt_num<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => num(v, s),
        None => s.serialize_none(),
    }
}

/// One row of `figures.csv`: the JSON fields of a figure flattened; `span`
/// becomes `span_start`, `span_end`. Typed for pandas and DuckDB: `value`
/// holds numbers only (amounts in yuan), dates are in `date` as read and
/// `date_start` / `date_end` (ISO days); booleans are `true`/`false`.
#[derive(Debug, Default, Serialize)]
pub struct FigureCsvRow<'a> {
    pub file: &'a str,
    pub doc: usize,
    pub line: usize,
    pub span_start: usize,
    pub span_end: usize,
    pub text: &'a str,
    pub kind: &'a str,
    #[serde(serialize_with = "opt_decimal")]
    pub value: Option<f64>,
    #[serde(serialize_with = "opt_decimal")]
    pub value_max: Option<f64>,
    pub unit: Option<&'a str>,
    pub date: Option<&'a str>,
    pub date_start: Option<&'a str>,
    pub date_end: Option<&'a str>,
    pub qualifier: Option<&'a str>,
    pub approx: bool,
    pub subject: Option<&'a str>,
    /// target, actual, baseline or change.
    pub role: Option<&'a str>,
    /// The verb governing the figure (筹集, 发放 …).
    pub action: Option<&'a str>,
    /// raise, pay, invest, recover.
    pub family: Option<&'a str>,
    pub per_unit: bool,
    pub part: bool,
    /// body, title, header.
    pub place: &'a str,
    pub rule: &'a str,
    /// Topic ids, best first, joined with [`LIST_SEPARATOR`].
    pub topics: String,
    /// Heading path, outermost first, joined with [`PATH_SEPARATOR`].
    pub section: String,
    pub sentence: &'a str,
    pub doc_kind: &'a str,
    pub year: Option<i32>,
    pub org: Option<&'a str>,
}

impl<'a> From<&'a FigureRecord> for FigureCsvRow<'a> {
    fn from(r: &'a FigureRecord) -> FigureCsvRow<'a> {
        let f = &r.figure;
        FigureCsvRow {
            file: &r.file,
            doc: r.doc,
            line: r.line,
            span_start: r.span[0],
            span_end: r.span[1],
            text: &f.text,
            kind: f.kind,
            value: f.value,
            value_max: f.value_max,
            unit: f.unit.as_deref(),
            date: f.date.as_deref(),
            date_start: f.date_start.as_deref(),
            date_end: f.date_end.as_deref(),
            qualifier: f.qualifier,
            approx: f.approx,
            subject: f.subject.as_deref(),
            role: f.role,
            action: f.action.as_deref(),
            family: f.family,
            per_unit: f.per_unit,
            part: f.part,
            place: f.place,
            rule: f.rule,
            topics: r.topics.join(LIST_SEPARATOR),
            section: r.section.join(PATH_SEPARATOR),
            sentence: &r.sentence,
            doc_kind: r.doc_kind,
            year: r.year,
            org: r.org.as_deref(),
        }
    }
}

/// The group columns of a `stats` row, one per `--by` key, named by it.
#[derive(Debug)]
pub struct StatGroupColumns<'a>(pub &'a [(GroupBy, String)]);

impl Serialize for StatGroupColumns<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("group", self.0.len())?;
        for (g, key) in self.0 {
            st.serialize_field(g.name(), key)?;
        }
        st.end()
    }
}

/// The columns every `stats` row has after its group columns.
#[derive(Debug, Default, Serialize)]
pub struct StatColumns<'a> {
    pub kind: &'a str,
    pub unit: &'a str,
    pub role: &'a str,
    pub family: &'a str,
    /// total, part or per_unit: only totals have a sum.
    pub basis: &'a str,
    /// What a count counts (项目, 单位 …).
    pub counted: &'a str,
    pub count: usize,
    #[serde(serialize_with = "opt_num")]
    pub sum: Option<f64>,
    #[serde(serialize_with = "opt_num")]
    pub min: Option<f64>,
    #[serde(serialize_with = "opt_num")]
    pub max: Option<f64>,
    #[serde(serialize_with = "opt_num")]
    pub mean: Option<f64>,
}

/// One row of the `stats` CSV: the group columns, then the aggregates,
/// rounded.
#[derive(Debug, Serialize)]
pub struct StatCsvRow<'a>(pub StatGroupColumns<'a>, pub StatColumns<'a>);

impl<'a> From<&'a StatRow> for StatCsvRow<'a> {
    fn from(r: &'a StatRow) -> StatCsvRow<'a> {
        StatCsvRow(
            StatGroupColumns(&r.group),
            StatColumns {
                kind: r.measure.kind.as_str(),
                unit: &r.measure.unit,
                role: r.measure.role,
                family: r.measure.family,
                basis: r.measure.basis.as_str(),
                counted: &r.measure.counted,
                count: r.count,
                sum: r.sum,
                min: r.min,
                max: r.max,
                mean: r.mean,
            },
        )
    }
}

impl<'a> StatCsvRow<'a> {
    /// A row with empty keys, for the header of a table grouped by the keys
    /// of `group` (whose values are not read).
    pub fn sample(group: &'a [(GroupBy, String)]) -> StatCsvRow<'a> {
        StatCsvRow(StatGroupColumns(group), StatColumns::default())
    }
}

/// `records` as a CSV file: BOM, header, one row each.
pub fn write_figures_csv(
    out: &mut dyn Write,
    records: &[super::FigureRecord],
) -> ::csv::Result<()> {
    let mut w = csv_writer(out, &FigureCsvRow::default())?;
    for r in records {
        w.serialize(FigureCsvRow::from(r))?;
    }
    w.flush()?;
    Ok(())
}

/// `records` as a CSV file: BOM, header, one row each.
pub fn write_items_csv(out: &mut dyn Write, records: &[super::ItemRecord]) -> ::csv::Result<()> {
    let mut w = csv_writer(out, &ItemCsvRow::default())?;
    for r in records {
        w.serialize(ItemCsvRow::from(r))?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::ItemFigure;
    use super::*;

    #[test]
    fn figure_header_comes_from_the_row_struct() {
        let h = header_line(&FigureCsvRow::default()).unwrap();
        assert_eq!(
            String::from_utf8(h).unwrap(),
            "file,doc,line,span_start,span_end,text,kind,value,value_max,unit,date,date_start,\
             date_end,qualifier,approx,subject,role,action,family,per_unit,part,place,rule,\
             topics,section,sentence,doc_kind,year,org\r\n"
        );
    }

    #[test]
    fn stat_header_names_the_groups_first() {
        let g = [
            (GroupBy::Topic, String::new()),
            (GroupBy::Year, String::new()),
        ];
        let mut out = Vec::new();
        csv_writer(&mut out, &StatCsvRow::sample(&g)).unwrap();
        assert_eq!(
            out,
            "\u{feff}topic,year,kind,unit,role,family,basis,counted,count,sum,min,max,mean\r\n"
                .as_bytes()
        );
    }

    #[test]
    fn numbers_are_rounded_and_plain() {
        let r = FigureRecord {
            file: "f".into(),
            doc: 0,
            line: 1,
            span: [0, 1],
            figure: ItemFigure {
                text: "x".into(),
                kind: "amount",
                value: Some(super::tidy(134.1911 * 10000.0)),
                value_max: None,
                date: None,
                date_start: None,
                date_end: None,
                unit: Some("元".into()),
                qualifier: None,
                approx: false,
                subject: None,
                role: None,
                action: None,
                family: Some("pay"),
                per_unit: false,
                part: false,
                place: "body",
                rule: "money-yuan",
            },
            topics: vec!["aid", "welfare"],
            section: vec!["一、帮扶".into(), "(一)助学".into()],
            sentence: String::new(),
            doc_kind: "summary",
            year: Some(2018),
            org: None,
            explain: None,
        };
        let mut w = csv_row_writer(Vec::new());
        w.serialize(FigureCsvRow::from(&r)).unwrap();
        let s = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(
            s,
            "f,0,1,0,1,x,amount,1341911.0,,元,,,,,false,,,,pay,false,false,body,money-yuan,aid;welfare,一、帮扶 > (一)助学,,summary,2018,\r\n",
            "a whole value is written as a decimal, so readers type the column DOUBLE"
        );
    }
}

/// One row of the items CSV. Figures are written as their texts joined
/// with [`LIST_SEPARATOR`]; the JSON output has them in full.
#[derive(Debug, Default, Serialize)]
pub struct ItemCsvRow<'a> {
    pub file: &'a str,
    pub doc: usize,
    pub part: Option<usize>,
    pub kind: &'a str,
    pub line: usize,
    pub span_start: usize,
    pub span_end: usize,
    pub text: &'a str,
    /// Heading path, outermost first, joined with [`PATH_SEPARATOR`].
    pub section: String,
    /// Topic ids, best first, joined with [`LIST_SEPARATOR`].
    pub topics: String,
    pub figures: String,
    pub doc_kind: &'a str,
    pub year: Option<i32>,
    pub org: Option<&'a str>,
}

impl<'a> From<&'a super::ItemRecord> for ItemCsvRow<'a> {
    fn from(r: &'a super::ItemRecord) -> ItemCsvRow<'a> {
        ItemCsvRow {
            file: &r.file,
            doc: r.doc,
            part: r.part,
            kind: r.kind,
            line: r.line,
            span_start: r.span.start,
            span_end: r.span.end,
            text: &r.text,
            section: r.section.join(PATH_SEPARATOR),
            topics: r.topics.join(LIST_SEPARATOR),
            figures: r
                .figures
                .iter()
                .map(|f| f.text.as_str())
                .collect::<Vec<_>>()
                .join(LIST_SEPARATOR),
            doc_kind: r.doc_kind,
            year: r.year,
            org: r.org.as_deref(),
        }
    }
}
