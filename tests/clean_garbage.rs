//! The clean stage on garbage: huge single lines, truncated UTF-8, random
//! mixes of noise fragments. Nothing may panic, provenance must hold, and
//! time must grow linearly with the input.

use std::time::{Duration, Instant};

use gonghui::clean::{CleanText, clean, fold_char};
use gonghui::read::{SourceFile, decode};

/// Fragments that poke at every rule: blurb marks without sentence ends,
/// letter-spaced letters, page-counter starts, dash runs, brackets, spaces.
const FRAGMENTS: &[&str] = &[
    "小编",
    "以下是",
    "供大家参考",
    "范文",
    "S u m m a r y ",
    "a b ",
    "第",
    "1页共",
    "5页",
    "第2页共5页",
    " 1 / 15",
    "-----",
    "----------",
    "范文最新推荐",
    "本文共",
    "当前位置",
    "首页>",
    "相关文档",
    "工作计划",
    "2022-03-23 11:27:43",
    ".jpg",
    "一、",
    "(一)",
    "1.",
    "。",
    ",",
    "《",
    "》",
    "”",
    "　",
    "  ",
    "１２３",
    "ａｂｃ",
    "县总工会组织开展了慰问活动",
    "本次活动",
    "救助的是",
    "\u{FEFF}",
    "\t",
    "\r",
];

/// A small deterministic generator (no dependency needed for a fuzz mix).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

fn mix(seed: u64, pieces: usize, newlines: bool) -> String {
    let mut rng = Lcg(seed);
    let mut s = String::new();
    for _ in 0..pieces {
        let r = rng.next();
        if newlines && r.is_multiple_of(9) {
            s.push_str(if r.is_multiple_of(2) { "\n" } else { "\r\n\n" });
        } else {
            s.push_str(FRAGMENTS[r % FRAGMENTS.len()]);
        }
    }
    s
}

fn assert_provenance(sf: &SourceFile, ct: &CleanText) {
    for (i, c) in ct.text.char_indices() {
        let orig = sf.span_text(ct.orig_span(i, i + c.len_utf8()));
        if c == '\n' {
            assert!(
                orig.is_empty() || orig == "\n",
                "newline at {i} reads {orig:?}"
            );
            continue;
        }
        let mut it = orig.chars();
        let o = it.next();
        assert!(
            o.is_some() && it.next().is_none() && fold_char(o.unwrap()) == Some(c),
            "{c:?} at {i} reads back as {orig:?}"
        );
    }
    assert_eq!(ct.lines.len(), ct.text.matches('\n').count());
}

#[test]
fn random_noise_mixes_keep_provenance() {
    for seed in 0..300u64 {
        let text = mix(seed, 200, true);
        let sf = decode("mix", text.clone().into_bytes()).unwrap();
        let ct = clean(&sf);
        assert_provenance(&sf, &ct);
        // The same text as UTF-16LE cleans the same.
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let other = decode("mix16", utf16).unwrap();
        let oc = clean(&other);
        assert_eq!(oc.text, ct.text, "seed {seed}");
        assert_provenance(&other, &oc);
    }
}

#[test]
fn truncated_and_odd_inputs_do_not_panic() {
    let base = "当前位置:首页›范文\n一、加强组织领导,本次活动\n救助的是困难职工。\n第2页共5页\n";
    for cut in 0..=base.len() {
        let sf = decode("cut", base.as_bytes()[..cut].to_vec()).unwrap();
        let ct = clean(&sf);
        assert_provenance(&sf, &ct);
    }
    for odd in [
        "\r\r\r\n",
        "\u{3000}\u{3000}\n\n",
        "-",
        "S",
        "第",
        "。",
        "\u{FEFF}",
        " / 1",
    ] {
        let sf = decode("odd", odd.as_bytes().to_vec()).unwrap();
        assert_provenance(&sf, &clean(&sf));
    }
}

fn time_clean(text: &str) -> (Duration, CleanText) {
    let sf = decode("big", text.as_bytes().to_vec()).unwrap();
    let t = Instant::now();
    let ct = clean(&sf);
    (t.elapsed(), ct)
}

/// One huge line of noise fragments cleans in linear time: four times the
/// input may not take anywhere near sixteen times as long.
#[test]
fn a_huge_single_line_is_linear() {
    let small = mix(7, 100_000, false);
    let big = small.repeat(4);
    assert!(big.len() > 2_000_000 && !big.contains('\n'));
    let best = |s: &str| (0..2).map(|_| time_clean(s).0).min().unwrap_or_default();
    let (ts, tb) = (best(&small), best(&big));
    let (_, ct) = time_clean(&big);
    // Its runs of spaces part it into paragraphs, as a flattened text's
    // are: the clean stage cuts it there.
    assert!(ct.lines.len() > 1);
    // Without them it stays one line, and is read in linear time too.
    let unspaced = |s: &str| s.replace([' ', '\u{3000}', '\u{a0}', '\t'], "");
    let (small, big) = (unspaced(&small), unspaced(&big));
    let (ts1, tb1) = (best(&small), best(&big));
    assert_eq!(time_clean(&big).1.lines.len(), 1);
    assert!(
        tb1 < ts1 * 10 + Duration::from_millis(50),
        "one unbroken line: {ts1:?} for the small, {tb1:?} for 4× the size"
    );
    assert!(
        tb < ts * 10 + Duration::from_millis(50),
        "4x input took {tb:?} vs {ts:?}: not linear"
    );
    // A line of nothing but one giant letter-spaced run, or of dashes.
    for s in [
        "a ".repeat(500_000),
        "-".repeat(1_000_000),
        "第".repeat(300_000),
    ] {
        let (_, ct) = time_clean(&s);
        assert!(ct.text.len() <= s.len() + 1);
    }
}
