//! `gonghui pairs`: which documents pair for checking (plan and summary of
//! one organisation and period) and comparing (plans of consecutive
//! periods), and why the others do not.

use std::io::Write;
use std::path::PathBuf;

use gonghui::document::Document;
use gonghui::jobs::for_each_read;
use gonghui::output::write_table;
use gonghui::pairs::{PAIRS_TABLE_HEADER, find_pairs};
use gonghui::pipeline::Stages;

use super::{Ctx, Fatal};
use crate::args::PairsFormat;

pub fn run(
    ctx: &Ctx,
    paths: &[PathBuf],
    format: PairsFormat,
    out: &mut (dyn Write + Send),
) -> Result<usize, Fatal> {
    let (inputs, errors) = ctx.inputs(paths)?;
    let res = ctx.resources()?;
    let mut files: Vec<(String, Vec<Document>)> = Vec::new();
    let failed = for_each_read(&inputs, &res, Stages::SECTIONS, ctx.quiet, |fa| {
        files.push((
            fa.source.name.clone(),
            fa.documents.into_iter().map(|d| d.doc).collect(),
        ));
        Ok(())
    })?;
    let pairs = find_pairs(
        files
            .iter()
            .flat_map(|(f, ds)| ds.iter().enumerate().map(move |(i, d)| (f.as_str(), i, d))),
    );
    match format {
        PairsFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &pairs)?;
            writeln!(out)?;
        }
        PairsFormat::Table => write_table(out, PAIRS_TABLE_HEADER, &pairs.table_rows(), 48)?,
    }
    Ok(errors.len() + failed)
}
