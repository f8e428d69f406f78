//! `gonghui stats`: aggregates of the filtered figures, grouped.

use std::io::Write;
use std::path::PathBuf;

use gonghui::jobs::{GroupBy, StatsBuilder, filtered_figures, for_each_read};
use gonghui::output::{StatCsvRow, StatRecord, csv_writer, stats_table, write_table};
use gonghui::pipeline::Stages;

use super::{Ctx, Fatal};
use crate::args::{FilterArgs, StatsFormat};

pub fn run(
    ctx: &Ctx,
    paths: &[PathBuf],
    by: &[String],
    format: StatsFormat,
    filter: &FilterArgs,
    out: &mut (dyn Write + Send),
) -> Result<usize, Fatal> {
    let by = by
        .iter()
        .map(|b| {
            GroupBy::parse(b).ok_or_else(|| {
                let hint = if b.trim() == "kind" {
                    "; figure kind always groups, the document's kind is doc_kind"
                } else {
                    ""
                };
                Fatal::Usage(format!("unknown --by '{b}' ({}){hint}", GroupBy::NAMES))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let res = ctx.resources()?;
    let filter = filter
        .filter(res.tagger.topics())
        .map_err(|e| Fatal::Usage(e.to_string()))?;
    // Usage first: a bad flag is named before a missing path.
    let (inputs, errors) = ctx.inputs(paths)?;
    let mut sb = StatsBuilder::new(by);
    let failed = for_each_read(&inputs, &res, Stages::ALL, ctx.quiet, |fa| {
        for f in filtered_figures(&fa, &filter) {
            sb.add(f);
        }
        Ok(())
    })?;
    let rows = sb.rows();
    match format {
        StatsFormat::Json => {
            let records: Vec<StatRecord> = rows.iter().map(StatRecord::from).collect();
            serde_json::to_writer_pretty(&mut *out, &records)?;
            writeln!(out)?;
        }
        StatsFormat::Csv => {
            let group: Vec<(GroupBy, String)> =
                sb.by().iter().map(|g| (*g, String::new())).collect();
            let mut w = csv_writer(&mut *out, &StatCsvRow::sample(&group))?;
            for r in &rows {
                w.serialize(StatCsvRow::from(r))?;
            }
            w.flush()?;
        }
        StatsFormat::Table => {
            let (header, table) = stats_table(&sb.group_names(), &rows);
            write_table(out, &header, &table, 40)?;
        }
    }
    Ok(errors.len() + failed)
}
