//! `gonghui items`: the promises and results of the inputs.

use std::io::Write;
use std::path::PathBuf;

use gonghui::jobs::for_each_read;
use gonghui::output::{ITEM_TABLE_HEADER, Recorder, item_table_row, write_items_csv};
use gonghui::pipeline::Stages;

use super::{Ctx, Fatal, Layout, RecordSink};
use crate::args::FigureFormat;

pub fn run(
    ctx: &Ctx,
    paths: &[PathBuf],
    format: FigureFormat,
    kinds: &[String],
    out: &mut (dyn Write + Send),
) -> Result<usize, Fatal> {
    let (inputs, errors) = ctx.inputs(paths)?;
    let res = ctx.resources()?;
    let mut sink = RecordSink::new(format);
    let failed = for_each_read(&inputs, &res, Stages::ALL, ctx.quiet, |fa| {
        let rec = Recorder::new(&fa);
        for doc in 0..fa.documents.len() {
            for r in rec.items(doc) {
                if kinds.is_empty() || kinds.iter().any(|k| k == r.kind) {
                    sink.push(out, r)?;
                }
            }
        }
        Ok(())
    })?;
    sink.finish(
        out,
        Layout {
            header: ITEM_TABLE_HEADER,
            row: item_table_row,
            max_width: 60,
            csv: write_items_csv,
        },
    )?;
    Ok(errors.len() + failed)
}
