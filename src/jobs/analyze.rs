//! `analyze`: the whole pipeline over the inputs, every table into a
//! directory, each staged under a temporary name until the run is done.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use super::runner::{for_each_prepared, progress_bar, total_bytes};
use crate::output::{FigureCsvRow, Recorder, csv_row_writer, csv_writer, tidy};
use crate::pipeline::{FileAnalysis, Resources, Stages};
use crate::read::{InputSource, ReadError};

/// What `analyze` writes into `summary.json`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub inputs: usize,
    pub read: usize,
    pub failed: usize,
    pub bytes: u64,
    pub documents: usize,
    pub documents_by_kind: BTreeMap<String, usize>,
    pub documents_by_year: BTreeMap<String, usize>,
    pub duplicates: usize,
    pub sections: usize,
    pub items: usize,
    pub figures: usize,
    pub figures_by_kind: BTreeMap<String, usize>,
    pub figures_by_topic: BTreeMap<String, usize>,
    pub outputs: Vec<String>,
    /// Facts of this run that differ between runs (time, threads).
    pub run: RunInfo,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct RunInfo {
    pub threads: usize,
    pub elapsed_seconds: f64,
    pub mb_per_second: f64,
}

impl Summary {
    /// Adds the document, section and figure counts of `other`.
    fn add_counts(&mut self, other: &Summary) {
        self.documents += other.documents;
        self.duplicates += other.duplicates;
        self.sections += other.sections;
        self.items += other.items;
        self.figures += other.figures;
        let merge = |a: &mut BTreeMap<String, usize>, b: &BTreeMap<String, usize>| {
            for (k, v) in b {
                *a.entry(k.clone()).or_default() += v;
            }
        };
        merge(&mut self.documents_by_kind, &other.documents_by_kind);
        merge(&mut self.documents_by_year, &other.documents_by_year);
        merge(&mut self.figures_by_kind, &other.figures_by_kind);
        merge(&mut self.figures_by_topic, &other.figures_by_topic);
    }
}

/// The rows one file adds to each table of `analyze`, serialised on the
/// worker thread that analysed it.
struct FileTables {
    bytes: u64,
    documents: Vec<u8>,
    sections: Vec<u8>,
    items: Vec<u8>,
    figures: Vec<u8>,
    csv: Vec<u8>,
    counts: Summary,
}

impl FileTables {
    fn of(fa: &FileAnalysis) -> FileTables {
        let mut t = FileTables {
            bytes: fa.source.bytes.len() as u64,
            documents: Vec::new(),
            sections: Vec::new(),
            items: Vec::new(),
            figures: Vec::new(),
            csv: Vec::new(),
            counts: Summary::default(),
        };
        // Writing into a Vec cannot fail; serialising these records neither.
        let _ = t.fill(fa);
        t
    }

    fn fill(&mut self, fa: &FileAnalysis) -> io::Result<()> {
        let c = &mut self.counts;
        let rec = Recorder::new(fa);
        for (i, da) in fa.documents.iter().enumerate() {
            let d = &da.doc;
            c.documents += 1;
            *c.documents_by_kind
                .entry(d.kind.as_str().to_string())
                .or_default() += 1;
            let year = d
                .year()
                .map(|y| y.to_string())
                .unwrap_or_else(|| "unknown".into());
            *c.documents_by_year.entry(year).or_default() += 1;
            c.duplicates += d.duplicate_of.is_some() as usize;
            c.sections += da.sections.sections.len();
            c.figures += da.figures.len();
            for pf in &da.figures {
                *c.figures_by_kind
                    .entry(pf.figure.kind.as_str().to_string())
                    .or_default() += 1;
                let topic = pf.topics.first().map_or("general", |t| t.topic);
                *c.figures_by_topic.entry(topic.to_string()).or_default() += 1;
            }
            json_line(&mut self.documents, &rec.document(i, false))?;
            for s in rec.sections(i) {
                json_line(&mut self.sections, &s)?;
            }
            c.items += da.items.len();
            for it in rec.items(i) {
                json_line(&mut self.items, &it)?;
            }
        }
        let mut csv = csv_row_writer(&mut self.csv);
        for f in rec.figures() {
            json_line(&mut self.figures, &f)?;
            csv.serialize(FigureCsvRow::from(&f))?;
        }
        csv.flush()
    }
}

/// Output files of `analyze`, in the order they are listed.
pub const ANALYZE_OUTPUTS: &[&str] = &[
    "documents.jsonl",
    "sections.jsonl",
    "items.jsonl",
    "figures.jsonl",
    "figures.csv",
    "errors.jsonl",
    "summary.json",
];

/// A file written under a temporary name and renamed into place only when
/// the whole run has finished, so an interrupted run never leaves a
/// half-written table that looks whole.
struct Staged {
    tmp: PathBuf,
    dest: PathBuf,
    w: BufWriter<File>,
}

impl Staged {
    fn create(dir: &Path, name: &str) -> io::Result<Staged> {
        let tmp = dir.join(format!(".{name}.partial"));
        let w = BufWriter::with_capacity(1 << 16, File::create(&tmp)?);
        Ok(Staged {
            tmp,
            dest: dir.join(name),
            w,
        })
    }

    fn commit(self) -> io::Result<()> {
        // The rename is what makes a table appear, whole; no fsync, which
        // cost seconds on large outputs and guards only against power loss.
        let file = self.w.into_inner().map_err(|e| e.into_error())?;
        drop(file);
        std::fs::rename(&self.tmp, &self.dest)
    }
}

fn json_line<T: Serialize>(w: &mut impl Write, v: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *w, v).map_err(io::Error::other)?;
    w.write_all(b"\n")
}

/// `analyze`: the whole pipeline over `inputs`, tables into `out_dir`.
pub fn analyze(
    inputs: &[InputSource],
    mut early_errors: Vec<ReadError>,
    res: &Resources,
    out_dir: &Path,
    quiet: bool,
) -> io::Result<Summary> {
    let started = Instant::now();
    std::fs::create_dir_all(out_dir)?;
    let mut documents = Staged::create(out_dir, "documents.jsonl")?;
    let mut sections = Staged::create(out_dir, "sections.jsonl")?;
    let mut items = Staged::create(out_dir, "items.jsonl")?;
    let mut figures = Staged::create(out_dir, "figures.jsonl")?;
    let mut figures_csv = Staged::create(out_dir, "figures.csv")?;
    let mut errors = Staged::create(out_dir, "errors.jsonl")?;
    csv_writer(&mut figures_csv.w, &FigureCsvRow::default())?.flush()?;

    let mut summary = Summary {
        inputs: inputs.len() + early_errors.len(),
        bytes: total_bytes(inputs),
        ..Summary::default()
    };
    let pb = progress_bar(summary.bytes, inputs.len(), quiet);
    for e in early_errors.drain(..) {
        json_line(&mut errors.w, &e)?;
        summary.failed += 1;
    }
    let mut done = 0usize;
    for_each_prepared(
        inputs,
        res,
        Stages::ALL,
        |_, r| r.map(|fa| FileTables::of(&fa)),
        |_, r| {
            done += 1;
            match r {
                Err(e) => {
                    if let Some(pb) = &pb {
                        pb.suspend(|| eprintln!("gonghui: {e}"));
                    } else if !quiet {
                        eprintln!("gonghui: {e}");
                    }
                    json_line(&mut errors.w, &e)?;
                    summary.failed += 1;
                }
                Ok(t) => {
                    summary.read += 1;
                    if let Some(pb) = &pb {
                        pb.inc(t.bytes);
                        pb.set_message(format!("{done}/{} files", inputs.len()));
                    }
                    documents.w.write_all(&t.documents)?;
                    sections.w.write_all(&t.sections)?;
                    items.w.write_all(&t.items)?;
                    figures.w.write_all(&t.figures)?;
                    figures_csv.w.write_all(&t.csv)?;
                    summary.add_counts(&t.counts);
                }
            }
            Ok(())
        },
    )?;
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let elapsed = started.elapsed().as_secs_f64();
    summary.outputs = ANALYZE_OUTPUTS.iter().map(|s| s.to_string()).collect();
    summary.run = RunInfo {
        threads: rayon::current_num_threads(),
        elapsed_seconds: tidy(elapsed),
        mb_per_second: if elapsed > 0.0 {
            tidy(summary.bytes as f64 / 1e6 / elapsed)
        } else {
            0.0
        },
    };
    let mut summary_file = Staged::create(out_dir, "summary.json")?;
    serde_json::to_writer_pretty(&mut summary_file.w, &summary).map_err(io::Error::other)?;
    summary_file.w.write_all(b"\n")?;

    // Everything is written: now put the tables in place, the summary last.
    documents.commit()?;
    sections.commit()?;
    items.commit()?;
    figures.commit()?;
    figures_csv.commit()?;
    errors.commit()?;
    summary_file.commit()?;
    Ok(summary)
}
