//! Figure extraction speed on real Chinese text (the seeds, repeated to
//! about 32 MB). Run in release:
//! `cargo test --release --test figure_speed -- --ignored --nocapture`.

use std::path::Path;
use std::time::Instant;

use gonghui::clean::clean;
use gonghui::dict::Dictionaries;
use gonghui::figure::FigureExtractor;
use gonghui::read::decode;

#[test]
#[ignore = "timing; run in release"]
fn figure_extraction_speed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("seeds folder {} missing: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no seeds in {}", dir.display());
    let mut one = String::new();
    for p in &paths {
        let bytes = std::fs::read(p).expect("seed readable");
        let sf = decode(&p.display().to_string(), bytes).expect("seed decodes");
        one.push_str(&clean(&sf).text);
    }
    let mut text = String::new();
    while text.len() < 32 << 20 {
        text.push_str(&one);
    }
    let fx = FigureExtractor::new(&Dictionaries::embedded());
    // Documents are extracted one range at a time; cut at lines every ~64 KB.
    let mut ranges = Vec::new();
    let mut s = 0;
    while s < text.len() {
        let mut e = (s + 65536).min(text.len());
        while e < text.len() && text.as_bytes()[e - 1] != b'\n' {
            e += 1;
        }
        ranges.push((s, e));
        s = e;
    }
    let mut best = f64::MAX;
    let mut count = 0;
    for _ in 0..3 {
        let t = Instant::now();
        count = ranges
            .iter()
            .map(|&(s, e)| fx.extract(&text, s, e, Some(2017)).len())
            .sum::<usize>();
        best = best.min(t.elapsed().as_secs_f64());
    }
    let mbps = text.len() as f64 / (1 << 20) as f64 / best;
    println!(
        "figure extraction: {:.1} MB in {:.3} s = {mbps:.1} MB/s ({count} figures, one thread)",
        text.len() as f64 / (1 << 20) as f64,
        best
    );
    if !cfg!(debug_assertions) {
        assert!(mbps >= 50.0, "{mbps:.1} MB/s < 50");
    }
}
