//! Cleaning throughput, for measuring by hand in release mode:
//!
//! ```sh
//! cargo test --release --test clean_speed -- --ignored --nocapture
//! ```

use std::path::Path;
use std::time::Instant;

use gonghui::clean::clean;
use gonghui::read::decode;

fn seed_text() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    assert!(dir.is_dir(), "seed folder {} is missing", dir.display());
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// CPU time of this thread in seconds (Linux), so that a machine shared with
/// other jobs does not count their time; `None` elsewhere.
fn thread_cpu() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// Best of three: (wall MB/s, CPU MB/s).
fn measure(label: &str, bytes: Vec<u8>) -> (f64, f64) {
    let mb = bytes.len() as f64 / 1e6;
    let sf = decode(label, bytes).unwrap();
    let (mut wall, mut cpu) = (f64::MAX, f64::MAX);
    for _ in 0..3 {
        let c0 = thread_cpu();
        let t = Instant::now();
        let ct = clean(&sf);
        wall = wall.min(t.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (c0, thread_cpu()) {
            cpu = cpu.min(b - a);
        }
        assert!(!ct.text.is_empty());
    }
    let (w, c) = (mb / wall, mb / cpu);
    println!("{label}: {mb:.1} MB, wall {wall:.3} s = {w:.0} MB/s, CPU {cpu:.3} s = {c:.0} MB/s");
    (w, c)
}

#[test]
#[ignore = "timing: run in release by hand"]
fn clean_throughput() {
    let text = seed_text();
    let big = text.repeat((50_000_000 / text.len()).max(1));
    // Calibration: how fast this machine copies and scans right now.
    let c0 = thread_cpu();
    let t = Instant::now();
    let copy = big.clone();
    let found =
        copy.find('\u{1}').is_some() || copy.bytes().filter(|b| b & 0xC0 != 0x80).count() == 0;
    if let (Some(a), Some(b)) = (c0, thread_cpu()) {
        let mb = big.len() as f64 / 1e6;
        println!(
            "calibration (copy + memchr + char count): wall {:.0} MB/s, CPU {:.0} MB/s",
            mb / t.elapsed().as_secs_f64(),
            mb / (b - a)
        );
    }
    assert!(!found);
    let (_, utf8) = measure("seeds x N, UTF-8", big.clone().into_bytes());
    if std::env::var_os("CLEAN_SPEED_UTF8_ONLY").is_some() {
        return;
    }
    let (gbk, _, _) = encoding_rs::GB18030.encode(&big);
    measure("seeds x N, GB18030", gbk.into_owned());
    let one_line = big.replace('\n', "");
    measure("seeds x N as one line, UTF-8", one_line.into_bytes());
    assert!(utf8 > 100.0, "UTF-8 cleaning at {utf8:.0} MB/s of CPU time");
}
