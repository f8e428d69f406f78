//! `gonghui topics`: per document, its topics with their share and figures.

use std::io::Write;
use std::path::PathBuf;

use gonghui::jobs::for_each_read;
use gonghui::output::{Recorder, TOPIC_TABLE_HEADER, topic_table_rows, write_table};
use gonghui::pipeline::Stages;

use super::{Ctx, Fatal};
use crate::args::TopicFormat;

pub fn run(
    ctx: &Ctx,
    paths: &[PathBuf],
    format: TopicFormat,
    out: &mut (dyn Write + Send),
) -> Result<usize, Fatal> {
    let (inputs, errors) = ctx.inputs(paths)?;
    let res = ctx.resources()?;
    let mut docs = Vec::new();
    let failed = for_each_read(&inputs, &res, Stages::ALL, ctx.quiet, |fa| {
        let rec = Recorder::new(&fa);
        docs.extend((0..fa.documents.len()).map(|i| rec.document_topics(i)));
        Ok(())
    })?;
    match format {
        TopicFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &docs)?;
            writeln!(out)?;
        }
        TopicFormat::Table => write_table(out, TOPIC_TABLE_HEADER, &topic_table_rows(&docs), 36)?,
    }
    Ok(errors.len() + failed)
}
