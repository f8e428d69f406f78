//! `analyze`: the whole pipeline over the inputs, every table into a
//! directory: staged in a folder of the run's own, put in place when the
//! run is done, the manifest (`summary.json`) last.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use serde::Serialize;

use super::archive::{Archive, ArchiveEntry};
use super::runner::{for_each_prepared, progress_bar, total_bytes};
use crate::output::check::{CheckRecord, CompareRecord};
use crate::output::{FigureCsvRow, Recorder, csv_row_writer, csv_writer, tidy};
use crate::pipeline::{FileAnalysis, Resources, Stages};
use crate::read::{InputSource, ReadError};

/// What `analyze` writes into `summary.json`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub inputs: usize,
    pub read: usize,
    pub failed: usize,
    /// Warnings in `errors.jsonl` (`"level": "warning"`): skipped entries,
    /// replaced bytes. They do not make the run fail.
    pub warnings: usize,
    pub bytes: u64,
    pub documents: usize,
    pub documents_by_kind: BTreeMap<String, usize>,
    pub documents_by_year: BTreeMap<String, usize>,
    pub duplicates: usize,
    pub sections: usize,
    pub items: usize,
    /// Plan/summary pairs checked (`checks.jsonl`).
    pub checks: usize,
    /// Consecutive plans compared (`comparisons.jsonl`).
    pub comparisons: usize,
    pub figures: usize,
    pub figures_by_kind: BTreeMap<String, usize>,
    pub figures_by_topic: BTreeMap<String, usize>,
    pub outputs: Vec<String>,
    /// Size in bytes of each table this run wrote: the manifest readers
    /// check the tables against.
    pub tables: BTreeMap<String, u64>,
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
    warnings: Vec<ReadError>,
    documents: Vec<u8>,
    sections: Vec<u8>,
    items: Vec<u8>,
    figures: Vec<u8>,
    csv: Vec<u8>,
    counts: Summary,
    /// The documents and pairable digests, for checks and comparisons.
    archive: ArchiveEntry,
}

impl FileTables {
    fn of(fa: &FileAnalysis) -> FileTables {
        let mut t = FileTables {
            bytes: fa.source.bytes.len() as u64,
            warnings: fa.source.warnings.clone(),
            documents: Vec::new(),
            sections: Vec::new(),
            items: Vec::new(),
            figures: Vec::new(),
            csv: Vec::new(),
            counts: Summary::default(),
            archive: ArchiveEntry::pairable(fa),
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
    "checks.jsonl",
    "comparisons.jsonl",
    "errors.jsonl",
    "summary.json",
];

/// Where a run's tables are written before they are put in place: a folder
/// of its own inside the output folder, named by the run's pid.
const STAGING_PREFIX: &str = ".staging-";
/// The lock of an output folder in use: holds the running pid.
pub const LOCK_FILE: &str = ".gonghui.lock";

/// Set (by the binary's SIGINT handler, say) to stop a running `analyze`
/// cleanly: it stops between files, removes its staging folder and leaves
/// the output folder as it was.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// An I/O error that names the path it is about.
fn at(path: &Path, what: &str) -> impl FnOnce(io::Error) -> io::Error {
    let path = path.display().to_string();
    let what = what.to_string();
    move |e| io::Error::new(e.kind(), format!("{what} {path}: {e}"))
}

/// A table written into the staging folder.
struct Staged {
    tmp: PathBuf,
    dest: PathBuf,
    w: BufWriter<File>,
}

impl Staged {
    fn create(staging: &Path, out_dir: &Path, name: &str) -> io::Result<Staged> {
        let tmp = staging.join(name);
        let file = File::create(&tmp).map_err(at(&tmp, "cannot create"))?;
        Ok(Staged {
            w: BufWriter::with_capacity(1 << 16, file),
            tmp,
            dest: out_dir.join(name),
        })
    }

    fn write_all(&mut self, b: &[u8]) -> io::Result<()> {
        self.w.write_all(b).map_err(at(&self.tmp, "cannot write"))
    }

    /// Flushes and closes the file: a full disk shows here at the latest,
    /// before anything is put in place. No fsync, which cost seconds on
    /// large outputs and guards only against power loss.
    fn finish(self) -> io::Result<(PathBuf, PathBuf)> {
        let tmp = self.tmp.clone();
        let file = self
            .w
            .into_inner()
            .map_err(|e| at(&tmp, "cannot write")(e.into_error()))?;
        drop(file);
        Ok((self.tmp, self.dest))
    }
}

/// The lock of an output folder, removed when dropped.
struct Lock {
    path: PathBuf,
}

impl Lock {
    /// Takes the folder's lock, or says which run holds it. A lock whose
    /// pid no longer runs is stale (a killed run) and is taken over.
    fn take(out_dir: &Path) -> io::Result<Lock> {
        let path = out_dir.join(LOCK_FILE);
        for _ in 0..3 {
            match create_with_pid(&path) {
                Ok(()) => return Ok(Lock { path }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    let pid = match std::fs::read_to_string(&path) {
                        // Released in between: try again.
                        Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                        held => held.ok().and_then(|s| s.trim().parse::<u32>().ok()),
                    };
                    match pid {
                        Some(pid) if pid_runs(pid) => {
                            return Err(io::Error::new(
                                io::ErrorKind::WouldBlock,
                                format!(
                                    "output folder {} is in use by another gonghui run (pid {pid}; lock {}): not written",
                                    out_dir.display(),
                                    path.display()
                                ),
                            ));
                        }
                        // A lock of a run that died (a lock is never seen
                        // half-written: see `create_with_pid`).
                        _ => {
                            let _ = std::fs::remove_file(&path);
                        }
                    }
                }
                Err(e) => return Err(at(&path, "cannot create the lock")(e)),
            }
        }
        Err(io::Error::other(format!(
            "cannot take the lock {}",
            path.display()
        )))
    }
}

/// Creates the lock file `path` holding this process's pid, or fails with
/// `AlreadyExists`. The pid is written to a file of this run first and
/// hard-linked into place, so another run never reads the lock empty (it
/// took an empty lock for a dead run's and removed it, and then the two runs
/// wrote into one folder). Where hard links are not supported, the lock is
/// created and written in two steps.
fn create_with_pid(path: &Path) -> io::Result<()> {
    let pid = std::process::id();
    let mut own = path.as_os_str().to_owned();
    own.push(format!(".{pid}"));
    let own = PathBuf::from(own);
    std::fs::write(&own, format!("{pid}\n")).map_err(at(&own, "cannot write"))?;
    let linked = std::fs::hard_link(&own, path);
    let _ = std::fs::remove_file(&own);
    match linked {
        Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)?;
            writeln!(f, "{pid}").map_err(at(path, "cannot write"))
        }
        linked => linked,
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether a process with this pid runs (Linux: `/proc/PID`; elsewhere
/// every lock is taken to be live).
fn pid_runs(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// Removes what killed runs left in `out_dir`: staging folders and the
/// `.NAME.partial` files of older versions. Called under the lock.
fn remove_leftovers(out_dir: &Path) {
    let Ok(rd) = std::fs::read_dir(out_dir) else {
        return;
    };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let p = e.path();
        if name.starts_with(STAGING_PREFIX) {
            let _ = std::fs::remove_dir_all(&p);
        } else if name.starts_with('.') && name.ends_with(".partial") {
            let _ = std::fs::remove_file(&p);
        }
    }
}

/// The staging folder of this run; removed when dropped unless its tables
/// were put in place.
struct Staging {
    dir: PathBuf,
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Test hook: `GONGHUI_TEST_DIE_AFTER_RENAMES=N` ends the process (as a kill
/// would) after N tables were put in place.
fn die_after_renames() -> Option<usize> {
    std::env::var("GONGHUI_TEST_DIE_AFTER_RENAMES")
        .ok()?
        .parse()
        .ok()
}

fn json_line<T: Serialize>(w: &mut impl Write, v: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *w, v).map_err(io::Error::other)?;
    w.write_all(b"\n")
}

fn json_bytes<T: Serialize>(v: &T) -> Vec<u8> {
    let mut b = Vec::new();
    // Serialising a record into a Vec cannot fail.
    let _ = json_line(&mut b, v);
    b
}

/// `analyze`: the whole pipeline over `inputs`, tables into `out_dir`.
///
/// Whole runs or nothing: the tables are written into a staging folder of
/// their own inside `out_dir` and put in place only when all were written
/// (and flushed to disk); `summary.json` is the manifest: it is removed
/// before the first table is put in place and written last, so a run
/// killed in between leaves no summary, and tables are trusted only beside
/// the summary that lists them (see [`verify_output`]). A second run into a
/// folder in use is refused (a lock file holding the pid; a lock whose
/// process is gone is stale and taken over); what killed runs left behind
/// is removed. [`INTERRUPTED`] stops the run between files with an
/// `Interrupted` error and the folder as it was. Every error names its path.
pub fn analyze(
    inputs: &[InputSource],
    early_errors: Vec<ReadError>,
    res: &Resources,
    out_dir: &Path,
    quiet: bool,
) -> io::Result<Summary> {
    let started = Instant::now();
    if out_dir.exists() && !out_dir.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::NotADirectory,
            format!(
                "cannot write into {}: it is a file, not a folder",
                out_dir.display()
            ),
        ));
    }
    std::fs::create_dir_all(out_dir).map_err(at(out_dir, "cannot create the output folder"))?;
    let _lock = Lock::take(out_dir)?;
    remove_leftovers(out_dir);
    let staging = Staging {
        dir: out_dir.join(format!("{STAGING_PREFIX}{}", std::process::id())),
    };
    std::fs::create_dir(&staging.dir).map_err(at(&staging.dir, "cannot create"))?;
    let sd = &staging.dir;
    let mut documents = Staged::create(sd, out_dir, "documents.jsonl")?;
    let mut sections = Staged::create(sd, out_dir, "sections.jsonl")?;
    let mut items = Staged::create(sd, out_dir, "items.jsonl")?;
    let mut figures = Staged::create(sd, out_dir, "figures.jsonl")?;
    let mut figures_csv = Staged::create(sd, out_dir, "figures.csv")?;
    let mut errors = Staged::create(sd, out_dir, "errors.jsonl")?;
    let mut archive = Archive::new();
    {
        let mut header = Vec::new();
        csv_writer(&mut header, &FigureCsvRow::default())?.flush()?;
        figures_csv.write_all(&header)?;
    }

    let (early_warnings, early_failures): (Vec<_>, Vec<_>) =
        early_errors.into_iter().partition(|e| e.is_warning());
    let mut summary = Summary {
        inputs: inputs.len() + early_failures.len(),
        bytes: total_bytes(inputs),
        ..Summary::default()
    };
    let pb = progress_bar(summary.bytes, inputs.len(), quiet);
    for e in early_failures.iter().chain(&early_warnings) {
        errors.write_all(&json_bytes(e))?;
        if e.is_warning() {
            summary.warnings += 1;
        } else {
            summary.failed += 1;
        }
    }
    let mut done = 0usize;
    // Failures are always named; `quiet` silences warnings and progress.
    let report = |e: &ReadError| {
        if e.is_warning() && quiet {
            return;
        }
        if let Some(pb) = &pb {
            pb.suspend(|| eprintln!("gonghui: {e}"));
        } else {
            eprintln!("gonghui: {e}");
        }
    };
    for_each_prepared(
        inputs,
        res,
        Stages::ALL,
        |_, r| r.map(|fa| FileTables::of(&fa)),
        |_, r| {
            if INTERRUPTED.load(Ordering::SeqCst) {
                return Err(io::Error::new(
                    io::ErrorKind::Interrupted,
                    format!(
                        "interrupted: {} left as it was (nothing of this run put in place)",
                        out_dir.display()
                    ),
                ));
            }
            done += 1;
            match r {
                Err(e) => {
                    report(&e);
                    errors.write_all(&json_bytes(&e))?;
                    summary.failed += 1;
                }
                Ok(t) => {
                    summary.read += 1;
                    for w in &t.warnings {
                        report(w);
                        errors.write_all(&json_bytes(w))?;
                        summary.warnings += 1;
                    }
                    if let Some(pb) = &pb {
                        pb.inc(t.bytes);
                        pb.set_message(format!("{done}/{} files", inputs.len()));
                    }
                    documents.write_all(&t.documents)?;
                    sections.write_all(&t.sections)?;
                    items.write_all(&t.items)?;
                    figures.write_all(&t.figures)?;
                    figures_csv.write_all(&t.csv)?;
                    summary.add_counts(&t.counts);
                    archive.push(t.archive);
                }
            }
            Ok(())
        },
    )?;
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    if INTERRUPTED.load(Ordering::SeqCst) {
        return Err(io::Error::new(
            io::ErrorKind::Interrupted,
            format!("interrupted: {} left as it was", out_dir.display()),
        ));
    }
    // A run that read nothing (a mistyped path, every file refused) never
    // replaces a good run: its staging folder goes, the old tables stay.
    if summary.read == 0 {
        return Err(io::Error::other(format!(
            "no input could be read: {} left as it was",
            out_dir.display()
        )));
    }
    // Pairs are known once every file is in.
    let pairs = archive.pairs();
    let mut checks = Staged::create(sd, out_dir, "checks.jsonl")?;
    for r in archive.checks(&pairs, &res.matcher) {
        checks.write_all(&json_bytes(&CheckRecord::from(&r)))?;
        summary.checks += 1;
    }
    let mut comparisons = Staged::create(sd, out_dir, "comparisons.jsonl")?;
    for r in archive.compares(&pairs, &res.matcher) {
        comparisons.write_all(&json_bytes(&CompareRecord::from(&r)))?;
        summary.comparisons += 1;
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
    let tables = [
        documents.finish()?,
        sections.finish()?,
        items.finish()?,
        figures.finish()?,
        figures_csv.finish()?,
        checks.finish()?,
        comparisons.finish()?,
        errors.finish()?,
    ];
    for (tmp, _) in &tables {
        let meta = std::fs::metadata(tmp).map_err(at(tmp, "cannot read"))?;
        let name = tmp.file_name().unwrap_or_default().to_string_lossy();
        summary.tables.insert(name.into_owned(), meta.len());
    }
    let mut summary_file = Staged::create(sd, out_dir, "summary.json")?;
    let mut sj = serde_json::to_vec_pretty(&summary).map_err(io::Error::other)?;
    sj.push(b'\n');
    summary_file.write_all(&sj)?;
    let summary_file = summary_file.finish()?;

    // Everything is written: the old manifest goes first, then the tables
    // are put in place, the new manifest last.
    let manifest = out_dir.join("summary.json");
    match std::fs::remove_file(&manifest) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(at(&manifest, "cannot replace")(e)),
    }
    let die_after = die_after_renames();
    for (n, (tmp, dest)) in tables.iter().chain([&summary_file]).enumerate() {
        if die_after == Some(n) {
            std::process::abort();
        }
        std::fs::rename(tmp, dest).map_err(at(dest, "cannot put in place"))?;
    }
    Ok(summary)
}

/// Checks the tables of an `analyze` output folder against its manifest
/// (`summary.json`): all there, each of the size the run wrote. Tables
/// without a manifest, or that disagree with it, are not one run's.
pub fn verify_output(out_dir: &Path) -> Result<(), String> {
    let manifest = out_dir.join("summary.json");
    let text = std::fs::read_to_string(&manifest)
        .map_err(|e| format!("{}: no complete run ({e})", manifest.display()))?;
    let v: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("{}: not a manifest ({e})", manifest.display()))?;
    let tables = v["tables"]
        .as_object()
        .ok_or_else(|| format!("{}: lists no tables", manifest.display()))?;
    for name in ANALYZE_OUTPUTS.iter().filter(|n| **n != "summary.json") {
        let want = tables
            .get(*name)
            .and_then(|b| b.as_u64())
            .ok_or_else(|| format!("{}: does not list {name}", manifest.display()))?;
        let p = out_dir.join(name);
        let got = std::fs::metadata(&p)
            .map_err(|e| format!("{}: {e}", p.display()))?
            .len();
        if got != want {
            return Err(format!(
                "{}: {got} bytes, the manifest says {want}: not the run of {}",
                p.display(),
                manifest.display()
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_is_created_whole_and_only_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOCK_FILE);
        create_with_pid(&path).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            format!("{}\n", std::process::id())
        );
        let again = create_with_pid(&path).unwrap_err();
        assert_eq!(again.kind(), io::ErrorKind::AlreadyExists);
        // Nothing else is left in the folder: the pid file is gone.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from(LOCK_FILE)]);
        // Taken by a live run (this one), the folder is refused.
        let held = Lock::take(dir.path()).err().unwrap();
        assert_eq!(held.kind(), io::ErrorKind::WouldBlock);
    }
}
