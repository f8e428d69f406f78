//! `gonghui figures`: the figures of the inputs, filtered.

use std::io::Write;
use std::path::PathBuf;

use gonghui::jobs::{filtered_figures, for_each_read};
use gonghui::output::{FIGURE_TABLE_HEADER, Recorder, figure_table_row, write_figures_csv};
use gonghui::pipeline::Stages;

use super::{Ctx, Fatal, Layout, RecordSink};
use crate::args::{FigureFormat, FilterArgs};

pub fn run(
    ctx: &Ctx,
    paths: &[PathBuf],
    format: FigureFormat,
    filter: &FilterArgs,
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
        for f in filtered_figures(&fa, &filter) {
            sink.push(out, rec.figure(f.doc, f.figure))?;
        }
        Ok(())
    })?;
    sink.finish(
        out,
        Layout {
            header: FIGURE_TABLE_HEADER,
            row: figure_table_row,
            max_width: 40,
            csv: write_figures_csv,
        },
    )?;
    Ok(errors.len() + failed)
}
