//! Throughput of topic tagging on the seed reports, single-threaded, next to
//! jieba's own cutting speed: the budget is to add at most the time of
//! figure extraction (~50 MB/s per thread).
//!
//! cargo test --release --test topic_perf -- --ignored --nocapture

use std::path::Path;
use std::time::Instant;

use gonghui::dict::Dictionaries;
use gonghui::topic::{TopicTagger, sentences};

fn seed_text() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("seed files missing in {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no seed files in {}", dir.display());
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Stand-ins for figures: every run of ASCII digits, with its clause,
/// sentence and the nearest earlier line that looks like a heading.
fn pseudo_figures(text: &str) -> Vec<(usize, usize, usize, usize, usize, usize)> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    let mut heading = (0, 0);
    let mut line_start = 0;
    while i < b.len() {
        if b[i] == b'\n' {
            line_start = i + 1;
            let end = text[line_start..]
                .find('\n')
                .map_or(text.len(), |n| line_start + n);
            let line = &text[line_start..end];
            if line.starts_with(['一', '二', '三', '四', '五', '（', '(']) || line.contains('、')
            {
                let h_end = line.find('。').map_or(end, |n| line_start + n);
                heading = (line_start, h_end.min(line_start + 120).min(end));
                while !text.is_char_boundary(heading.1) {
                    heading.1 -= 1;
                }
            }
        }
        if b[i].is_ascii_digit() {
            let s = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let around = |ends: &[char]| {
                let a = text[line_start..s].rfind(ends).map_or(line_start, |n| {
                    let n = line_start + n;
                    n + text[n..].chars().next().map_or(1, char::len_utf8)
                });
                let z = text[i..].find(ends).map_or(text.len(), |n| i + n);
                (a, z)
            };
            let c = around(&['，', '；', '。', '\n', ',', ':', '：']);
            let se = around(&['。', '；', '！', '？', '\n']);
            out.push((c.0, c.1, se.0, se.1, heading.0, heading.1));
            continue;
        }
        i += 1;
    }
    out
}

#[test]
#[ignore]
fn topic_throughput() {
    let seeds = seed_text();
    let text = seeds.repeat(20);
    let mb = text.len() as f64 / 1e6;
    let t0 = Instant::now();
    let tagger = TopicTagger::new(&Dictionaries::embedded()).expect("dictionaries");
    println!("tagger load: {:.0} ms", t0.elapsed().as_secs_f64() * 1e3);

    let t = Instant::now();
    let mut words = 0usize;
    for (s, e) in sentences(&text) {
        words += tagger.segment(&text[s..e]).len();
    }
    let jieba = mb / t.elapsed().as_secs_f64();
    println!("jieba cut of every sentence: {jieba:.1} MB/s ({words} words)");

    let t = Instant::now();
    let shares = tagger.document_topics(&text);
    let doc = mb / t.elapsed().as_secs_f64();
    println!("document_topics: {doc:.1} MB/s ({} topics)", shares.len());

    let figs = pseudo_figures(&text);
    let t = Instant::now();
    let mut tagged = 0usize;
    for &(cs, ce, ss, se, hs, he) in &figs {
        let h = &text[hs..he];
        let v = tagger.figure_topics_simple(&text[cs..ce], &text[ss..se], &[h]);
        tagged += usize::from(v[0].topic != "general");
    }
    let fig = mb / t.elapsed().as_secs_f64();
    println!(
        "figure_topics for {} pseudo-figures ({:.0} per MB): {fig:.1} MB/s, {tagged} with a topic",
        figs.len(),
        figs.len() as f64 / mb
    );
    let both = 1.0 / (1.0 / doc + 1.0 / fig);
    println!("documents + figures together: {both:.1} MB/s");
    assert!(both > 0.0);
}
