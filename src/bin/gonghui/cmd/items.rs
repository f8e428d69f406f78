//! `gonghui items`: the promises and results of the inputs.

use std::io::{self, Write};
use std::path::PathBuf;

use gonghui::jobs::for_each_read;
use gonghui::output::{
    ITEM_TABLE_HEADER, ItemCsvRow, Recorder, csv_writer, item_table_row, write_table,
};
use gonghui::pipeline::Stages;

use super::{Ctx, Fatal};
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
    let mut all = Vec::new();
    let failed = for_each_read(&inputs, &res, Stages::ALL, ctx.quiet, |fa| {
        let rec = Recorder::new(&fa);
        for doc in 0..fa.documents.len() {
            for r in rec.items(doc) {
                if !kinds.is_empty() && !kinds.iter().any(|k| k == r.kind) {
                    continue;
                }
                match format {
                    FigureFormat::Jsonl => {
                        serde_json::to_writer(&mut *out, &r).map_err(io::Error::other)?;
                        writeln!(out)?;
                    }
                    _ => all.push(r),
                }
            }
        }
        Ok(())
    })?;
    match format {
        FigureFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &all)?;
            writeln!(out)?;
        }
        FigureFormat::Table => {
            let rows: Vec<Vec<String>> = all.iter().map(item_table_row).collect();
            write_table(out, ITEM_TABLE_HEADER, &rows, 60)?;
        }
        FigureFormat::Csv => {
            let mut w = csv_writer(&mut *out, &ItemCsvRow::default())?;
            for r in &all {
                w.serialize(ItemCsvRow::from(r))?;
            }
            w.flush()?;
        }
        FigureFormat::Jsonl => {}
    }
    Ok(errors.len() + failed)
}
