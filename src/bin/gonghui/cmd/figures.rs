//! `gonghui figures`: the figures of the inputs, filtered.

use std::io::{self, Write};
use std::path::PathBuf;

use gonghui::jobs::{filtered_figures, for_each_read};
use gonghui::output::{
    FIGURE_TABLE_HEADER, FigureCsvRow, Recorder, csv_writer, figure_table_row, write_table,
};
use gonghui::pipeline::Stages;

use super::{Ctx, Fatal};
use crate::args::{FigureFormat, FilterArgs};

pub fn run(
    ctx: &Ctx,
    paths: &[PathBuf],
    format: FigureFormat,
    filter: &FilterArgs,
    out: &mut (dyn Write + Send),
) -> Result<usize, Fatal> {
    let filter = filter.filter().map_err(|e| Fatal::Usage(e.to_string()))?;
    let (inputs, errors) = ctx.inputs(paths)?;
    let res = ctx.resources()?;
    let mut all = Vec::new();
    let failed = for_each_read(&inputs, &res, Stages::ALL, ctx.quiet, |fa| {
        let rec = Recorder::new(&fa);
        for f in filtered_figures(&fa, &filter) {
            let r = rec.figure(f.doc, f.figure);
            match format {
                FigureFormat::Jsonl => {
                    serde_json::to_writer(&mut *out, &r).map_err(io::Error::other)?;
                    writeln!(out)?;
                }
                _ => all.push(r),
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
            let rows: Vec<Vec<String>> = all.iter().map(figure_table_row).collect();
            write_table(out, FIGURE_TABLE_HEADER, &rows, 40)?;
        }
        FigureFormat::Csv => {
            let mut w = csv_writer(&mut *out, &FigureCsvRow::default())?;
            for f in &all {
                w.serialize(FigureCsvRow::from(f))?;
            }
            w.flush()?;
        }
        FigureFormat::Jsonl => {}
    }
    Ok(errors.len() + failed)
}
