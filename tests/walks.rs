//! Directory walks over what real archives and machines hold: FIFOs,
//! symlink loops, the same file reached by several paths.

#![cfg(unix)]

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use gonghui::read::{InputSource, ReadError, check_paths, collect_inputs};

const PLAN: &str = "县总工会2018年工作计划\n一、加强组织建设\n全年发展会员200名。\n";

fn mkfifo(p: &Path) {
    let c = CString::new(p.as_os_str().as_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

fn names(inputs: &[InputSource], root: &Path) -> Vec<String> {
    inputs
        .iter()
        .map(|i| match i {
            InputSource::Path(p) => p.strip_prefix(root).unwrap().display().to_string(),
            InputSource::Stdin => "-".into(),
        })
        .collect()
}

fn warnings(errors: &[ReadError]) -> Vec<&ReadError> {
    errors.iter().filter(|e| e.is_warning()).collect()
}

#[test]
fn a_fifo_in_a_folder_is_skipped_with_a_named_warning() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), PLAN).unwrap();
    mkfifo(&d.join("x.txt"));
    let (inputs, errors) = collect_inputs(&[d.to_path_buf()]);
    assert_eq!(names(&inputs, d), ["a.txt"]);
    let w = warnings(&errors);
    assert_eq!(w.len(), 1, "{errors:?}");
    assert!(
        w[0].file.ends_with("x.txt") && w[0].reason.contains("FIFO"),
        "{}",
        w[0]
    );
    assert_eq!(errors.len(), 1, "a skip is a warning, not an error");
}

#[test]
fn one_symlink_loop_reads_each_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("sub")).unwrap();
    std::fs::write(d.join("a.txt"), PLAN).unwrap();
    std::fs::write(d.join("sub/b.txt"), PLAN).unwrap();
    symlink("..", d.join("sub/up")).unwrap();
    let (inputs, errors) = collect_inputs(&[d.to_path_buf()]);
    assert_eq!(names(&inputs, d), ["a.txt", "sub/b.txt"]);
    assert!(
        errors
            .iter()
            .any(|e| e.is_warning() && e.file.ends_with("up") && e.reason.contains("loop")),
        "{errors:?}"
    );
    assert!(errors.iter().all(|e| e.is_warning()), "{errors:?}");
}

#[test]
fn two_symlink_loops_do_not_grow_the_walk() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for sub in ["p", "p/q"] {
        std::fs::create_dir(d.join(sub)).unwrap();
    }
    std::fs::write(d.join("p/a.txt"), PLAN).unwrap();
    std::fs::write(d.join("p/q/b.txt"), PLAN).unwrap();
    symlink("..", d.join("p/q/l1")).unwrap();
    symlink("../..", d.join("p/q/l2")).unwrap();
    symlink(".", d.join("p/l3")).unwrap();
    // Not loops, but the same folder by two more paths.
    symlink("p/q", d.join("q1")).unwrap();
    symlink("p/q", d.join("q2")).unwrap();
    let started = Instant::now();
    let (inputs, errors) = collect_inputs(&[d.to_path_buf()]);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(names(&inputs, d), ["p/a.txt", "p/q/b.txt"], "{errors:?}");
    assert!(errors.iter().all(|e| e.is_warning()), "{errors:?}");
    assert!(errors.len() >= 3, "every skip is reported: {errors:?}");
}

#[test]
fn the_same_file_by_several_paths_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), PLAN).unwrap();
    std::fs::hard_link(d.join("a.txt"), d.join("hard.txt")).unwrap();
    symlink("a.txt", d.join("soft.txt")).unwrap();
    let (inputs, errors) = collect_inputs(&[d.to_path_buf(), d.join("a.txt")]);
    assert_eq!(names(&inputs, d), ["a.txt"]);
    assert_eq!(warnings(&errors).len(), 3, "{errors:?}");
    assert!(
        errors.iter().all(|e| e.reason.contains("a.txt")),
        "{errors:?}"
    );
}

#[test]
fn broken_symlinks_and_missing_paths_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    symlink("nowhere.txt", d.join("broken.txt")).unwrap();
    let missing = PathBuf::from("/no/such/dir/file.txt");
    let (inputs, errors) = collect_inputs(&[d.to_path_buf(), missing, d.join("broken.txt")]);
    assert!(inputs.is_empty());
    assert!(errors.iter().any(|e| e.file == "/no/such/dir/file.txt"));
    assert!(
        errors
            .iter()
            .filter(|e| e.file.ends_with("broken.txt") && e.reason.contains("broken symlink"))
            .count()
            == 2,
        "{errors:?}"
    );
}

#[test]
fn stdin_twice_is_a_usage_error() {
    let dash = PathBuf::from("-");
    assert!(check_paths(std::slice::from_ref(&dash)).is_ok());
    let e = check_paths(&[dash.clone(), PathBuf::from("a.txt"), dash.clone()]).unwrap_err();
    assert!(e.contains("'-'"), "{e}");
    let (inputs, errors) = collect_inputs(&[dash.clone(), dash]);
    assert_eq!(inputs, [InputSource::Stdin]);
    assert_eq!(errors.len(), 1);
    assert!(!errors[0].is_warning());
}
