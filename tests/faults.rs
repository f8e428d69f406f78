//! Faults real archives and machines produce, through the binary: a FIFO in
//! the input, `-` twice, damaged bytes, a run killed between renames, two
//! runs into one folder, an output folder that cannot be written, SIGINT.

#![cfg(unix)]

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use gonghui::jobs::{ANALYZE_OUTPUTS, LOCK_FILE, verify_output};

const PLAN: &str = "县总工会2018年工作计划\n一、加强组织建设\n全年发展会员200名,入会率达到95%以上。\n二、做好困难帮扶\n发放帮扶资金不少于100万元。\n";
const SUMMARY: &str =
    "县总工会2019年工作总结\n一、困难帮扶\n全年慰问困难职工72名,发放慰问金3.5万元。\n";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gonghui"))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn analyze(input: &Path, out: &Path) -> Command {
    let mut c = bin();
    c.args(["-q", "analyze"]).arg(input).arg("--out").arg(out);
    c
}

/// An input folder with two small files.
fn small_input(root: &Path) -> PathBuf {
    let input = root.join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("a.txt"), PLAN).unwrap();
    std::fs::write(input.join("b.txt"), SUMMARY).unwrap();
    input
}

fn wait_with_timeout(child: &mut std::process::Child, secs: u64) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        if started.elapsed() > Duration::from_secs(secs) {
            child.kill().unwrap();
            panic!("no end in {secs} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn analyze_over_a_folder_with_a_fifo_finishes_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let input = small_input(dir.path());
    let fifo = CString::new(input.join("x.txt").as_os_str().as_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    let out = dir.path().join("out");
    let mut child = analyze(&input, &out).stderr(Stdio::null()).spawn().unwrap();
    let status = wait_with_timeout(&mut child, 60);
    assert_eq!(status.code(), Some(0), "a skipped FIFO is a warning only");
    let errors = std::fs::read_to_string(out.join("errors.jsonl")).unwrap();
    assert!(
        errors.contains("x.txt") && errors.contains("\"level\":\"warning\""),
        "{errors}"
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(
        (summary["warnings"].as_u64(), summary["failed"].as_u64()),
        (Some(1), Some(0))
    );
}

#[test]
fn stdin_twice_is_a_usage_error() {
    let o = bin()
        .args(["figures", "-", "-"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("'-'"), "{}", stderr(&o));
}

#[test]
fn a_stray_byte_is_a_warning_in_errors_jsonl_and_keeps_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let mut b = PLAN.as_bytes().to_vec();
    b.insert(PLAN.find("二、").unwrap(), 0xFF);
    std::fs::write(input.join("stray.txt"), &b).unwrap();
    let out = dir.path().join("out");
    let o = bin()
        .args(["analyze"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("stray.txt:4"), "{}", stderr(&o));
    let errors = std::fs::read_to_string(out.join("errors.jsonl")).unwrap();
    let w: serde_json::Value = serde_json::from_str(errors.lines().next().unwrap()).unwrap();
    assert_eq!(w["level"], "warning");
    assert_eq!(
        (w["line"].as_u64(), w["count"].as_u64()),
        (Some(4), Some(1))
    );
    let figures = std::fs::read_to_string(out.join("figures.jsonl")).unwrap();
    assert!(
        figures.contains("100万元") && figures.contains("95%"),
        "{figures}"
    );
    let docs = std::fs::read_to_string(out.join("documents.jsonl")).unwrap();
    assert!(docs.contains("县总工会2018年工作计划"), "{docs}");
}

#[test]
fn a_kill_between_renames_leaves_no_trusted_mix_and_the_next_run_cleans_up() {
    let dir = tempfile::tempdir().unwrap();
    let input = small_input(dir.path());
    let out = dir.path().join("out");
    let o = analyze(&input, &out).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    verify_output(&out).unwrap();
    let old_docs = std::fs::read(out.join("documents.jsonl")).unwrap();
    // A second run over other input, killed after two tables were put in place.
    std::fs::write(input.join("c.txt"), PLAN.replace("2018", "2020")).unwrap();
    for n in 0..ANALYZE_OUTPUTS.len() {
        let o = analyze(&input, &out)
            .env("GONGHUI_TEST_DIE_AFTER_RENAMES", n.to_string())
            .output()
            .unwrap();
        assert!(!o.status.success());
        let docs = std::fs::read(out.join("documents.jsonl")).unwrap();
        if n == 0 {
            // Nothing put in place yet: the old run, whole, but its
            // manifest is gone only if a table moved; here none did.
            assert_eq!(docs, old_docs);
        }
        // Never a mix that readers trust.
        let mixed = docs != old_docs
            && ANALYZE_OUTPUTS
                .iter()
                .any(|t| *t != "documents.jsonl" && *t != "summary.json" && out.join(t).exists());
        if mixed || n > 0 {
            assert!(verify_output(&out).is_err(), "after {n} renames");
        }
        assert!(!out.join("summary.json").exists(), "after {n} renames");
    }
    // The killed run left its staging folder and lock; the next run removes
    // them and writes a whole run.
    let leftovers = |d: &Path| {
        std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect::<Vec<_>>()
    };
    assert!(!leftovers(&out).is_empty());
    std::fs::write(out.join(".documents.jsonl.partial"), "old partial").unwrap();
    let o = analyze(&input, &out).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    verify_output(&out).unwrap();
    assert_eq!(leftovers(&out), Vec::<String>::new());
    let docs = std::fs::read_to_string(out.join("documents.jsonl")).unwrap();
    assert_eq!(docs.lines().count(), 3);
}

#[test]
fn a_folder_in_use_is_refused_and_a_stale_lock_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let input = small_input(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // A live run holds the lock: this test's own process.
    std::fs::write(out.join(LOCK_FILE), format!("{}\n", std::process::id())).unwrap();
    let o = analyze(&input, &out).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(&out.display().to_string()) && err.contains("in use"),
        "{err}"
    );
    assert!(!out.join("documents.jsonl").exists());
    // A lock whose process is gone (pids never reach this).
    std::fs::write(out.join(LOCK_FILE), "999999999\n").unwrap();
    let o = analyze(&input, &out).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    verify_output(&out).unwrap();
    assert!(!out.join(LOCK_FILE).exists());
}

#[test]
fn two_concurrent_runs_never_tear_the_tables() {
    let dir = tempfile::tempdir().unwrap();
    let input = small_input(dir.path());
    let out = dir.path().join("out");
    for _ in 0..3 {
        let mut a = analyze(&input, &out)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut b = analyze(&input, &out)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (sa, sb) = (wait_with_timeout(&mut a, 60), wait_with_timeout(&mut b, 60));
        assert!(sa.success() || sb.success(), "one run at least finishes");
        for (s, c) in [(sa, &mut a), (sb, &mut b)] {
            if !s.success() {
                let mut e = String::new();
                std::io::Read::read_to_string(c.stderr.as_mut().unwrap(), &mut e).unwrap();
                assert!(e.contains("in use"), "{e}");
            }
        }
        verify_output(&out).unwrap();
        let docs = std::fs::read_to_string(out.join("documents.jsonl")).unwrap();
        for l in docs.lines() {
            serde_json::from_str::<serde_json::Value>(l).expect("whole JSON lines");
        }
        assert_eq!(docs.lines().count(), 2);
    }
}

#[test]
fn output_errors_name_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let input = small_input(dir.path());
    // A file where the output folder should be.
    let file = dir.path().join("out-file");
    std::fs::write(&file, "not a folder").unwrap();
    let o = analyze(&input, &file).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&file.display().to_string()),
        "{}",
        stderr(&o)
    );
    // A file where a parent folder should be.
    let below = file.join("sub");
    let o = analyze(&input, &below).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&below.display().to_string()),
        "{}",
        stderr(&o)
    );
    // A folder where a table should go: nothing of the run is put in
    // place over the old tables... the tables before it are, but the
    // manifest is not, so readers do not trust the mix.
    let out = dir.path().join("out");
    assert!(analyze(&input, &out).status().unwrap().success());
    std::fs::remove_file(out.join("figures.csv")).unwrap();
    std::fs::create_dir_all(out.join("figures.csv/x")).unwrap();
    let o = analyze(&input, &out).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&out.join("figures.csv").display().to_string()),
        "{}",
        stderr(&o)
    );
    assert!(verify_output(&out).is_err());
    assert!(
        !out.join(LOCK_FILE).exists(),
        "the lock is released on error"
    );
}

#[test]
fn sigint_stops_cleanly_and_leaves_the_folder_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    // Enough files that the run is still going when the signal comes.
    let text = PLAN.repeat(2000);
    for i in 0..400 {
        std::fs::write(input.join(format!("f{i:03}.txt")), &text).unwrap();
    }
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("documents.jsonl"), "old\n").unwrap();
    let mut child = analyze(&input, &out)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let staging = out.join(format!(".staging-{}", child.id()));
    let started = Instant::now();
    while !staging.join("documents.jsonl").exists() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "run did not start"
        );
        assert!(child.try_wait().unwrap().is_none(), "run finished too soon");
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGINT) }, 0);
    let status = wait_with_timeout(&mut child, 60);
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted"), "{err}");
    assert!(!staging.exists());
    assert!(!out.join(LOCK_FILE).exists());
    assert_eq!(
        std::fs::read_to_string(out.join("documents.jsonl")).unwrap(),
        "old\n"
    );
}

#[test]
fn a_run_that_reads_nothing_leaves_the_last_good_run_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let input = small_input(tmp.path());
    let out = tmp.path().join("out");
    assert!(analyze(&input, &out).status().unwrap().success());
    let before: Vec<(String, Vec<u8>)> = ANALYZE_OUTPUTS
        .iter()
        .map(|t| (t.to_string(), std::fs::read(out.join(t)).unwrap()))
        .collect();
    // A mistyped path; a file that cannot be read.
    let bad = tmp.path().join("bad.docx");
    std::fs::write(&bad, b"PK\x03\x04 not a zip").unwrap();
    for input in [tmp.path().join("heldot"), bad] {
        let o = analyze(&input, &out).output().unwrap();
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains("left as it was"), "{}", stderr(&o));
        for (t, bytes) in &before {
            assert_eq!(&std::fs::read(out.join(t)).unwrap(), bytes, "{t} changed");
        }
        verify_output(&out).unwrap();
    }
    // --threads 0 is a usage error.
    let o = bin()
        .args(["--threads", "0", "-q", "analyze"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}
