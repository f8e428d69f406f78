//! `gonghui figures`: the figures of the inputs, filtered.

use std::io::Write;
use std::path::PathBuf;

use gonghui::jobs::{filtered_figures, for_each_read};
use gonghui::output::{
    FIGURE_EXPLAIN_TABLE_HEADER, FIGURE_TABLE_HEADER, Recorder, figure_explain_table_row,
    figure_table_row, write_figures_csv,
};
use gonghui::pipeline::{FigureTopicsWhy, Stages, explain_topics};

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
    let (inputs, errors) = ctx.inputs(paths)?;
    let res = ctx.resources()?;
    let mut filter = filter
        .filter(res.tagger.topics())
        .map_err(|e| Fatal::Usage(e.to_string()))?;
    // The table lists every figure, the title's and header's marked by
    // `place`; only sums leave them out.
    filter.include_headers = true;
    let mut sink = RecordSink::new(format);
    let failed = for_each_read(&inputs, &res, Stages::ALL, ctx.quiet, |fa| {
        let rec = Recorder::new(&fa);
        // Explanations are made per document, the first time one of its
        // figures is printed.
        let mut why: Option<(usize, Vec<FigureTopicsWhy>)> = None;
        for f in filtered_figures(&fa, &filter) {
            let record = if explain {
                if why.as_ref().is_none_or(|(d, _)| *d != f.doc) {
                    why = Some((f.doc, explain_topics(&res, &fa, f.doc)));
                }
                let doc_why = why.as_ref().map_or(&[][..], |(_, w)| w.as_slice());
                rec.figure_explained(f.doc, f.figure, doc_why)
            } else {
                rec.figure(f.doc, f.figure)
            };
            sink.push(out, record)?;
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
    Ok(errors.len() + failed)
}
