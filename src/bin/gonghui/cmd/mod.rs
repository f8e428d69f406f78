//! One module per subcommand, each a `run` that reads its flags, calls the
//! library and prints; and what they share: the inputs, the resources and
//! the failure that ends a run.

pub mod analyze;
pub mod bench_corpus;
pub mod check;
pub mod compare;
pub mod figures;
pub mod items;
pub mod pairs;
pub mod report;
pub mod sections;
pub mod stats;
pub mod text;
pub mod topics;

use std::io;
use std::path::PathBuf;

use gonghui::document::{PartOverride, parse_overrides};
use gonghui::jobs::archive::Archive;
use gonghui::jobs::for_each_read;
use gonghui::pipeline::{Resources, Stages};
use gonghui::read::{InputSource, ReadError, check_paths, collect_inputs};

/// A failure that ends the run: usage (exit 2) or I/O (exit 1).
pub enum Fatal {
    Usage(String),
    Other(String),
    /// Stopped by SIGINT (exit 130).
    Interrupted(String),
}

impl From<io::Error> for Fatal {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::Interrupted {
            Fatal::Interrupted(e.to_string())
        } else {
            Fatal::Other(e.to_string())
        }
    }
}

impl From<csv::Error> for Fatal {
    fn from(e: csv::Error) -> Self {
        Fatal::Other(e.to_string())
    }
}

impl From<serde_json::Error> for Fatal {
    fn from(e: serde_json::Error) -> Self {
        Fatal::Other(e.to_string())
    }
}

/// The global flags every subcommand reads.
pub struct Ctx {
    pub dict_dir: Option<PathBuf>,
    pub quiet: bool,
    /// `--part` values, read after `--parts-file`'s lines.
    pub parts: Vec<String>,
    pub parts_file: Option<PathBuf>,
}

impl Ctx {
    /// The inputs under `paths` and the paths that cannot be read, which
    /// are named on stderr; what the walk skipped is reported
    /// as a warning and left out. `-` given twice is a usage error.
    pub fn inputs(&self, paths: &[PathBuf]) -> Result<(Vec<InputSource>, Vec<ReadError>), Fatal> {
        let (inputs, mut problems) = self.inputs_and_warnings(paths)?;
        problems.retain(|e| !e.is_warning());
        // Nothing to read: no table is printed, not even its header.
        if inputs.is_empty() && !problems.is_empty() {
            return Err(Fatal::Other(format!(
                "{} input(s) failed; nothing to show",
                problems.len()
            )));
        }
        Ok((inputs, problems))
    }

    /// As [`Ctx::inputs`], the warnings kept among the errors.
    pub fn inputs_and_warnings(
        &self,
        paths: &[PathBuf],
    ) -> Result<(Vec<InputSource>, Vec<ReadError>), Fatal> {
        check_paths(paths).map_err(Fatal::Usage)?;
        let (inputs, problems) = collect_inputs(paths);
        // Failures are always named; `quiet` silences warnings.
        for e in problems.iter().filter(|e| !(self.quiet && e.is_warning())) {
            eprintln!("gonghui: {e}");
        }
        Ok((inputs, problems))
    }

    /// Dictionaries and stages; a bad `--dict-dir` is a usage error.
    pub fn resources(&self) -> Result<Resources, Fatal> {
        let mut r =
            Resources::load(self.dict_dir.as_deref()).map_err(|e| Fatal::Usage(e.to_string()))?;
        if let Some(f) = &self.parts_file {
            let name = f.display().to_string();
            let text = std::fs::read_to_string(f)
                .map_err(|e| Fatal::Usage(format!("--parts-file {name}: {e}")))?;
            r.overrides = parse_overrides(&text, &name)
                .map_err(|e| Fatal::Usage(format!("--parts-file {e}")))?;
        }
        for p in &self.parts {
            r.overrides
                .push(PartOverride::parse(p).map_err(|e| Fatal::Usage(format!("--part {e}")))?);
        }
        for p in r.dicts.unknown_files() {
            eprintln!(
                "gonghui: warning: {} extends no built-in dictionary; ignored",
                p.display()
            );
        }
        for l in r.figures.roles().unknown_entries() {
            eprintln!("gonghui: warning: roles.txt: `{l}` names no known class; ignored");
        }
        Ok(r)
    }
}

/// The two input names when the paths are exactly two files (`check A B`,
/// `compare A B`); None for an archive (folders, or more or fewer files).
pub fn two_files(paths: &[PathBuf], inputs: &[InputSource]) -> Option<(String, String)> {
    let files = paths.len() == 2 && paths.iter().all(|p| !p.is_dir()) && inputs.len() == 2;
    files.then(|| (inputs[0].name(), inputs[1].name()))
}

/// What check and compare read: the archive, the two file names of the
/// two-file form, the resources, and how many inputs failed.
pub struct ArchiveRead {
    pub archive: Archive,
    pub two: Option<(String, String)>,
    pub res: Resources,
    pub failed: usize,
}

/// The inputs read into an archive for check and compare: every unit in the
/// two-file form (the user named the documents), only those that can pair
/// otherwise.
pub fn read_archive(ctx: &Ctx, paths: &[PathBuf]) -> Result<ArchiveRead, Fatal> {
    let (inputs, errors) = ctx.inputs(paths)?;
    let res = ctx.resources()?;
    let two = two_files(paths, &inputs);
    let mut archive = Archive::new();
    let failed = for_each_read(&inputs, &res, Stages::ALL, ctx.quiet, |fa| {
        if two.is_some() {
            archive.add_all(&fa);
        } else {
            archive.add(&fa);
        }
        Ok(())
    })?;
    Ok(ArchiveRead {
        archive,
        two,
        res,
        failed: errors.len() + failed,
    })
}

/// Writes records as a JSON array or as JSON lines; false (nothing written)
/// for the other formats.
pub fn write_json<R: serde::Serialize>(
    out: &mut dyn io::Write,
    format: crate::args::FigureFormat,
    records: &[R],
) -> Result<bool, Fatal> {
    use crate::args::FigureFormat;
    match format {
        FigureFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, records)?;
            writeln!(out)?;
        }
        FigureFormat::Jsonl => {
            for r in records {
                serde_json::to_writer(&mut *out, r)?;
                writeln!(out)?;
            }
        }
        FigureFormat::Table | FigureFormat::Csv => return Ok(false),
    }
    Ok(true)
}

/// Records printed in one of the list formats: JSON lines are written as
/// they come, the other formats once all records are in.
pub struct RecordSink<R> {
    format: crate::args::FigureFormat,
    all: Vec<R>,
}

/// How the table and CSV formats lay out one kind of record.
pub struct Layout<R> {
    pub header: &'static [&'static str],
    pub row: fn(&R) -> Vec<String>,
    pub max_width: usize,
    pub csv: fn(&mut dyn io::Write, &[R]) -> csv::Result<()>,
}

impl<R: serde::Serialize> RecordSink<R> {
    pub fn new(format: crate::args::FigureFormat) -> Self {
        RecordSink {
            format,
            all: Vec::new(),
        }
    }

    pub fn push(&mut self, out: &mut dyn io::Write, r: R) -> io::Result<()> {
        if let crate::args::FigureFormat::Jsonl = self.format {
            serde_json::to_writer(&mut *out, &r).map_err(io::Error::other)?;
            writeln!(out)
        } else {
            self.all.push(r);
            Ok(())
        }
    }

    pub fn finish(self, out: &mut dyn io::Write, layout: Layout<R>) -> Result<(), Fatal> {
        use crate::args::FigureFormat;
        match self.format {
            FigureFormat::Json => {
                serde_json::to_writer_pretty(&mut *out, &self.all)?;
                writeln!(out)?;
            }
            FigureFormat::Table => {
                let rows: Vec<Vec<String>> = self.all.iter().map(layout.row).collect();
                gonghui::output::write_table(out, layout.header, &rows, layout.max_width)?;
            }
            FigureFormat::Csv => (layout.csv)(out, &self.all)?,
            FigureFormat::Jsonl => {}
        }
        Ok(())
    }
}
