//! Jobs over the pipeline: the parallel, ordered file runner, `analyze`
//! (tables into a directory), `stats` (aggregates) and the benchmark corpus
//! generator.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use crate::figure::FigureValue;
use crate::output::{FIGURE_CSV_HEADER, FigureRecord, Recorder, csv_writer, figure_csv_row, tidy};
use crate::pipeline::{FileAnalysis, Resources, Stages, analyze_input};
use crate::read::{InputSource, ReadError};

/// Files are analysed in parallel in batches of this many per thread and
/// handed to the sink in input order, so output is deterministic and memory
/// is bounded by a batch, not by the corpus.
const FILES_PER_THREAD_IN_BATCH: usize = 4;

/// Runs the pipeline over `inputs` in parallel and hands each result to
/// `sink` in input order.
pub fn for_each_file<F>(
    inputs: &[InputSource],
    res: &Resources,
    stages: Stages,
    mut sink: F,
) -> io::Result<()>
where
    F: FnMut(&InputSource, Result<FileAnalysis, ReadError>) -> io::Result<()> + Send,
{
    for_each_prepared(inputs, res, stages, |_, r| r, |input, r| sink(input, r))
}

/// Runs the pipeline over `inputs` in parallel, turns each result into `T`
/// with `prepare` on the worker threads (output bytes, say), and hands them
/// to `sink` in input order on a thread of its own: while it writes one
/// batch, the workers analyse the next. At most two batches wait for it, so
/// memory stays bounded.
pub fn for_each_prepared<T, P, F>(
    inputs: &[InputSource],
    res: &Resources,
    stages: Stages,
    prepare: P,
    mut sink: F,
) -> io::Result<()>
where
    T: Send,
    P: Fn(&InputSource, Result<FileAnalysis, ReadError>) -> T + Sync,
    F: FnMut(&InputSource, T) -> io::Result<()> + Send,
{
    let batch = (rayon::current_num_threads() * FILES_PER_THREAD_IN_BATCH).max(4);
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<(&[InputSource], Vec<T>)>(1);
        let writer = scope.spawn(move || -> io::Result<()> {
            for (chunk, results) in rx {
                for (input, r) in chunk.iter().zip(results) {
                    sink(input, r)?;
                }
            }
            Ok(())
        });
        for chunk in inputs.chunks(batch) {
            let results: Vec<T> = chunk
                .par_iter()
                .map(|input| prepare(input, analyze_input(input, res, stages)))
                .collect();
            // The writer has stopped only on an error, which join reports.
            if tx.send((chunk, results)).is_err() {
                break;
            }
        }
        drop(tx);
        writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("output thread panicked")))
    })
}

/// Total size of the inputs that are files, for progress reporting.
pub fn total_bytes(inputs: &[InputSource]) -> u64 {
    inputs
        .iter()
        .filter_map(|i| match i {
            InputSource::Path(p) => std::fs::metadata(p).ok().map(|m| m.len()),
            InputSource::Stdin => None,
        })
        .sum()
}

/// A progress bar on stderr, only when stderr is a terminal and not quiet.
pub fn progress_bar(total_bytes: u64, files: usize, quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || !io::stderr().is_terminal() {
        return None;
    }
    let pb = indicatif::ProgressBar::new(total_bytes);
    pb.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {bytes}/{total_bytes} {bytes_per_sec} {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    pb.set_message(format!("0/{files} files"));
    Some(pb)
}

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
        for i in 0..fa.documents.len() {
            let d = rec.document(i, false);
            c.documents += 1;
            *c.documents_by_kind.entry(d.kind.to_string()).or_default() += 1;
            let year = d
                .year
                .map(|y| y.to_string())
                .unwrap_or_else(|| "unknown".into());
            *c.documents_by_year.entry(year).or_default() += 1;
            c.duplicates += d.duplicate_of.is_some() as usize;
            json_line(&mut self.documents, &d)?;
            for s in rec.sections(i) {
                c.sections += 1;
                json_line(&mut self.sections, &s)?;
            }
        }
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut self.csv);
        for f in rec.figures() {
            c.figures += 1;
            *c.figures_by_kind.entry(f.kind.to_string()).or_default() += 1;
            let topic = f.topics.first().copied().unwrap_or("general");
            *c.figures_by_topic.entry(topic.to_string()).or_default() += 1;
            json_line(&mut self.figures, &f)?;
            csv.write_record(figure_csv_row(&f))?;
        }
        csv.flush()
    }
}

/// Output files of `analyze`, in the order they are listed.
pub const ANALYZE_OUTPUTS: &[&str] = &[
    "documents.jsonl",
    "sections.jsonl",
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
    let mut figures = Staged::create(out_dir, "figures.jsonl")?;
    let mut figures_csv = Staged::create(out_dir, "figures.csv")?;
    let mut errors = Staged::create(out_dir, "errors.jsonl")?;
    {
        let mut header = csv_writer(&mut figures_csv.w)?;
        header.write_record(FIGURE_CSV_HEADER)?;
        header.flush()?;
    }

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
    figures.commit()?;
    figures_csv.commit()?;
    errors.commit()?;
    summary_file.commit()?;
    Ok(summary)
}

/// A grouping key of `stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupBy {
    Topic,
    Year,
    /// The kind of the document (plan, summary …) the figure stands in.
    Kind,
    Org,
    File,
    Unit,
}

impl GroupBy {
    pub fn parse(s: &str) -> Option<GroupBy> {
        Some(match s.trim() {
            "topic" => GroupBy::Topic,
            "year" => GroupBy::Year,
            "kind" | "doc_kind" => GroupBy::Kind,
            "org" => GroupBy::Org,
            "file" => GroupBy::File,
            "unit" => GroupBy::Unit,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            GroupBy::Topic => "topic",
            GroupBy::Year => "year",
            GroupBy::Kind => "doc_kind",
            GroupBy::Org => "org",
            GroupBy::File => "file",
            GroupBy::Unit => "unit",
        }
    }

    fn key(self, f: &FigureRecord) -> String {
        match self {
            GroupBy::Topic => f.topics.first().copied().unwrap_or("general").to_string(),
            GroupBy::Year => f.year.map(|y| y.to_string()).unwrap_or_default(),
            GroupBy::Kind => f.doc_kind.to_string(),
            GroupBy::Org => f.org.clone().unwrap_or_default(),
            GroupBy::File => f.file.clone(),
            GroupBy::Unit => f.unit.clone().unwrap_or_default(),
        }
    }
}

/// Which figures a job keeps.
#[derive(Debug, Clone, Default)]
pub struct FigureFilter {
    /// Figure kinds to keep (all when empty).
    pub kinds: Vec<String>,
    /// Topics to keep, matched against a figure's first (best) topic (all
    /// when empty).
    pub topics: Vec<String>,
    /// Keep figures of documents that repeat an earlier one.
    pub include_duplicates: bool,
}

impl FigureFilter {
    pub fn keeps(&self, f: &FigureRecord, duplicate: bool) -> bool {
        (self.include_duplicates || !duplicate)
            && (self.kinds.is_empty() || self.kinds.iter().any(|k| k == f.kind))
            && (self.topics.is_empty()
                || self
                    .topics
                    .iter()
                    .any(|t| f.topics.first().is_some_and(|ft| ft == t)))
    }
}

/// One row of `stats`: a group and its aggregates. `sum` adds the values
/// (for amounts, yuan); ranges count with their low value.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StatRow {
    pub group: BTreeMap<String, String>,
    pub kind: String,
    pub unit: String,
    pub count: usize,
    pub sum: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub mean: Option<f64>,
}

#[derive(Default)]
struct Acc {
    count: usize,
    n: usize,
    sum: f64,
    min: f64,
    max: f64,
}

/// Aggregates figures grouped by `by`; the figure kind and unit are always
/// part of the group, so yuan are never added to persons.
#[derive(Default)]
pub struct StatsBuilder {
    by: Vec<GroupBy>,
    groups: BTreeMap<(Vec<String>, String, String), Acc>,
}

impl StatsBuilder {
    pub fn new(by: Vec<GroupBy>) -> StatsBuilder {
        StatsBuilder {
            by,
            groups: BTreeMap::new(),
        }
    }

    pub fn add(&mut self, f: &FigureRecord) {
        let key: Vec<String> = self.by.iter().map(|g| g.key(f)).collect();
        let unit = f.unit.clone().unwrap_or_default();
        let acc = self
            .groups
            .entry((key, f.kind.to_string(), unit))
            .or_default();
        acc.count += 1;
        if let FigureValue::Number(v) = f.value {
            if acc.n == 0 {
                acc.min = v;
                acc.max = v;
            }
            acc.n += 1;
            acc.sum += v;
            acc.min = acc.min.min(v);
            acc.max = acc.max.max(f.value_max.unwrap_or(v));
        }
    }

    pub fn rows(&self) -> Vec<StatRow> {
        self.groups
            .iter()
            .map(|((key, kind, unit), a)| {
                let numeric = a.n > 0;
                // Percentages and frequencies do not add up.
                let additive = numeric && (kind == "amount" || kind == "count");
                StatRow {
                    group: self
                        .by
                        .iter()
                        .zip(key)
                        .map(|(g, k)| (g.name().to_string(), k.clone()))
                        .collect(),
                    kind: kind.clone(),
                    unit: unit.clone(),
                    count: a.count,
                    sum: additive.then(|| tidy(a.sum)),
                    min: numeric.then(|| tidy(a.min)),
                    max: numeric.then(|| tidy(a.max)),
                    mean: numeric.then(|| tidy(a.sum / a.n as f64)),
                }
            })
            .collect()
    }

    pub fn group_names(&self) -> Vec<&'static str> {
        self.by.iter().map(|g| g.name()).collect()
    }
}

/// Figure records of one analysed file that pass `filter`.
pub fn filtered_figures(fa: &FileAnalysis, filter: &FigureFilter) -> Vec<FigureRecord> {
    let rec = Recorder::new(fa);
    rec.figures()
        .into_iter()
        .filter(|f| filter.keeps(f, fa.documents[f.doc].doc.duplicate_of.is_some()))
        .collect()
}

/// Builds a reproducible benchmark corpus of about `size` bytes in `out`
/// from the texts under `sources` (decoded to UTF-8), varying years and
/// numbers with a fixed-seed generator so files are not byte-identical
/// copies. Returns the number of files and bytes written.
pub fn build_bench_corpus(sources: &[PathBuf], size: u64, out: &Path) -> io::Result<(usize, u64)> {
    let (inputs, _) = crate::read::collect_inputs(sources);
    let texts: Vec<String> = inputs
        .iter()
        .filter_map(|i| crate::read::read_input(i).ok())
        .map(|sf| sf.text)
        .filter(|t| !t.trim().is_empty())
        .collect();
    if texts.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "no readable source texts",
        ));
    }
    std::fs::create_dir_all(out)?;
    const FILE_TARGET: u64 = 1 << 20;
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        // xorshift64*: fixed seed, so the corpus is the same on every machine.
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        seed.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let (mut written, mut files) = (0u64, 0usize);
    while written < size {
        let mut buf = String::with_capacity(FILE_TARGET as usize + 100_000);
        while (buf.len() as u64) < FILE_TARGET && written + (buf.len() as u64) < size {
            let t = &texts[(next() % texts.len() as u64) as usize];
            let year_shift = (next() % 8) as i32;
            buf.push_str(&vary(t, year_shift, next() % 9 + 1));
            buf.push('\n');
        }
        let path = out.join(format!("bench_{files:05}.txt"));
        std::fs::write(&path, &buf)?;
        written += buf.len() as u64;
        files += 1;
    }
    Ok((files, written))
}

/// Shifts 20xx years by `year_shift` and rewrites the last digit of other
/// Arabic numbers, keeping the text's shape.
fn vary(text: &str, year_shift: i32, digit: u64) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let num = &text[start..i];
            if num.len() == 4 && num.starts_with("20") {
                let y: i32 = num.parse().unwrap_or(2018);
                out.push_str(&(y + year_shift).min(2099).to_string());
            } else {
                out.push_str(&num[..num.len() - 1]);
                out.push(char::from(b'0' + digit as u8));
            }
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vary_keeps_shape() {
        assert_eq!(vary("2018年发放130万元", 1, 5), "2019年发放135万元");
    }

    #[test]
    fn stats_never_add_yuan_to_persons() {
        let mk = |kind: &'static str, v: f64, unit: &str| FigureRecord {
            file: "f".into(),
            doc: 0,
            line: 1,
            span: [0, 1],
            text: String::new(),
            kind,
            value: FigureValue::Number(v),
            value_max: None,
            unit: Some(unit.into()),
            qualifier: None,
            approx: false,
            subject: None,
            role: None,
            action: None,
            topics: vec!["aid"],
            section: vec![],
            sentence: String::new(),
            doc_kind: "summary",
            year: Some(2018),
            org: None,
        };
        let mut s = StatsBuilder::new(vec![GroupBy::Topic, GroupBy::Year]);
        s.add(&mk("amount", 1000.0, "元"));
        s.add(&mk("amount", 2500.0, "元"));
        s.add(&mk("count", 72.0, "名"));
        s.add(&mk("percent", 50.0, "%"));
        s.add(&mk("percent", 70.0, "%"));
        let rows = s.rows();
        assert_eq!(rows.len(), 3);
        let amount = rows.iter().find(|r| r.kind == "amount").unwrap();
        assert_eq!(
            (amount.count, amount.sum, amount.max),
            (2, Some(3500.0), Some(2500.0))
        );
        assert_eq!(amount.group["year"], "2018");
        let pct = rows.iter().find(|r| r.kind == "percent").unwrap();
        assert_eq!((pct.sum, pct.mean), (None, Some(60.0)));
    }
}
