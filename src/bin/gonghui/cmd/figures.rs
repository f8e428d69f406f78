//! `gonghui figures`: the figures of the inputs, filtered.

use std::io::Write;
use std::path::PathBuf;

use gonghui::jobs::{filtered_figures, for_each_read};
use gonghui::output::{
    FIGURE_EXPLAIN_TABLE_HEADER, FIGURE_TABLE_HEADER, NOT_TAKEN_TABLE_HEADER, NotTakenRecord,
    Recorder, figure_explain_table_row, figure_table_row, not_taken_table_row, write_figures_csv,
    write_table,
};
use gonghui::pipeline::{FigureTopicsWhy, Stages, explain_topics, numbers_not_taken};

use super::{Ctx, Fatal, Layout, RecordSink};
use crate::args::{FigureFormat, FilterArgs};

pub fn run(
    ctx: &Ctx,
    paths: &[PathBuf],
    format: FigureFormat,
    filter: &FilterArgs,
    explain: bool,
    out: &mut (dyn Write + Send),
) -> Result<usize, Fatal> {
    let res = ctx.resources()?;
    let mut filter = filter
        .filter(res.tagger.topics())
        .map_err(|e| Fatal::Usage(e.to_string()))?;
    // Usage first: a bad flag is named before a missing path.
    let (inputs, errors) = ctx.inputs(paths)?;
    // The table lists every figure, the title's and header's marked by
    // `place`; only sums leave them out.
    filter.include_headers = true;
    let mut sink = RecordSink::new(format);
    let mut not_taken_rows: Vec<NotTakenRecord> = Vec::new();
    let failed = for_each_read(&inputs, &res, Stages::ALL, ctx.quiet, |fa| {
        let rec = Recorder::new(&fa);
        let not_taken = if explain {
            numbers_not_taken(&fa, &res)
        } else {
            Vec::new()
        };
        // Topic explanations are made per document, the first time one of
        // its figures is printed.
        let mut why: Option<(usize, Vec<FigureTopicsWhy>)> = None;
        for f in filtered_figures(&fa, &filter) {
            let record = if explain {
                if why.as_ref().is_none_or(|(d, _)| *d != f.doc) {
                    why = Some((f.doc, explain_topics(&res, &fa, f.doc)));
                }
                let doc_why = why.as_ref().map_or(&[][..], |(_, w)| w.as_slice());
                let mut r = rec.figure_explained(f.doc, f.figure, doc_why);
                let (s0, s1) = f.figure.figure.sentence;
                if let Some(x) = r.explain.as_mut() {
                    // In (document, start) order: the sentence's ones are a run.
                    let from = not_taken.partition_point(|(d, n)| (*d, n.start) < (f.doc, s0));
                    x.not_taken = not_taken[from..]
                        .iter()
                        .take_while(|(d, n)| *d == f.doc && n.start < s1)
                        .filter(|(_, n)| n.end <= s1)
                        .map(|(d, n)| rec.not_taken(*d, n))
                        .collect();
                }
                r
            } else {
                rec.figure(f.doc, f.figure)
            };
            sink.push(out, record)?;
        }
        if format == FigureFormat::Table {
            not_taken_rows.extend(not_taken.iter().map(|(d, n)| rec.not_taken(*d, n)));
        }
        Ok(())
    })?;
    let layout = if explain {
        Layout {
            header: FIGURE_EXPLAIN_TABLE_HEADER,
            row: figure_explain_table_row,
            max_width: 60,
            csv: write_figures_csv,
        }
    } else {
        Layout {
            header: FIGURE_TABLE_HEADER,
            row: figure_table_row,
            max_width: 40,
            csv: write_figures_csv,
        }
    };
    sink.finish(out, layout)?;
    if explain && format == FigureFormat::Table {
        writeln!(out, "\nnumbers not taken as figures:")?;
        let rows: Vec<Vec<String>> = not_taken_rows.iter().map(not_taken_table_row).collect();
        write_table(out, NOT_TAKEN_TABLE_HEADER, &rows, 40)?;
    }
    Ok(errors.len() + failed)
}
