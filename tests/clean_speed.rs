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

fn measure(label: &str, bytes: Vec<u8>) -> f64 {
    let mb = bytes.len() as f64 / 1e6;
    let sf = decode(label, bytes).unwrap();
    let mut best = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let ct = clean(&sf);
        best = best.min(t.elapsed().as_secs_f64());
        assert!(!ct.text.is_empty());
    }
    let rate = mb / best;
    println!("{label}: {mb:.1} MB in {best:.3} s = {rate:.0} MB/s");
    rate
}

#[test]
#[ignore = "timing: run in release by hand"]
fn clean_throughput() {
    let text = seed_text();
    let big = text.repeat((50_000_000 / text.len()).max(1));
    let utf8 = measure("seeds x N, UTF-8", big.clone().into_bytes());
    let (gbk, _, _) = encoding_rs::GB18030.encode(&big);
    measure("seeds x N, GB18030", gbk.into_owned());
    let one_line = big.replace('\n', "");
    measure("seeds x N as one line, UTF-8", one_line.into_bytes());
    assert!(utf8 > 100.0, "UTF-8 cleaning at {utf8:.0} MB/s");
}
