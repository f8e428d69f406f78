//! Figures: amounts, counts, percentages, dates and frequencies, with exact
//! values and places.

use serde::Serialize;

use crate::dict::Dictionaries;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FigureKind {
    Amount,
    Count,
    Percent,
    Date,
    Frequency,
    Ordinal,
}

impl FigureKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FigureKind::Amount => "amount",
            FigureKind::Count => "count",
            FigureKind::Percent => "percent",
            FigureKind::Date => "date",
            FigureKind::Frequency => "frequency",
            FigureKind::Ordinal => "ordinal",
        }
    }

    pub fn parse(s: &str) -> Option<FigureKind> {
        Some(match s {
            "amount" => FigureKind::Amount,
            "count" => FigureKind::Count,
            "percent" => FigureKind::Percent,
            "date" => FigureKind::Date,
            "frequency" => FigureKind::Frequency,
            "ordinal" => FigureKind::Ordinal,
            _ => return None,
        })
    }
}

/// A number, or an ISO 8601 string for dates.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FigureValue {
    Number(f64),
    Date(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Qualifier {
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = "<=")]
    AtMost,
}

impl Qualifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::AtLeast => ">=",
            Qualifier::AtMost => "<=",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Byte range of the figure in the cleaned text.
    pub start: usize,
    pub end: usize,
    pub kind: FigureKind,
    pub value: FigureValue,
    pub value_max: Option<f64>,
    pub unit: Option<String>,
    pub qualifier: Option<Qualifier>,
    pub approx: bool,
    /// What is counted, when the text says it (72名困难职工子女 → 困难职工子女).
    pub subject: Option<String>,
    /// Byte ranges in the cleaned text of the figure's sentence and of its
    /// clause (the stretch between commas/semicolons around it).
    pub sentence: (usize, usize),
    pub clause: (usize, usize),
}

/// Finds figures in cleaned text.
pub struct FigureExtractor {
    _phrases: Vec<String>,
}

impl FigureExtractor {
    pub fn new(dicts: &Dictionaries) -> FigureExtractor {
        FigureExtractor {
            _phrases: dicts.terms("set_phrases.txt"),
        }
    }

    /// Figures in `text[start..end]`; `year` resolves dates written without
    /// one. Offsets in the result are offsets of `text`.
    pub fn extract(
        &self,
        _text: &str,
        _start: usize,
        _end: usize,
        _year: Option<i32>,
    ) -> Vec<Figure> {
        Vec::new()
    }
}
