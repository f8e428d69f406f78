//! Any text and any offsets: `FigureExtractor::extract` never panics and
//! every figure lies inside the text.
#![no_main]

use std::sync::OnceLock;

use gonghui::dict::Dictionaries;
use gonghui::figure::FigureExtractor;
use libfuzzer_sys::fuzz_target;

fn extractor() -> &'static FigureExtractor {
    static E: OnceLock<FigureExtractor> = OnceLock::new();
    E.get_or_init(|| FigureExtractor::new(&Dictionaries::embedded()))
}

fuzz_target!(|data: &[u8]| {
    // Four bytes of offsets and a year, then the text.
    if data.len() < 5 {
        return;
    }
    let (head, rest) = data.split_at(5);
    let text = String::from_utf8_lossy(rest);
    let n = text.len().max(1);
    let start = usize::from(u16::from_le_bytes([head[0], head[1]])) % (n + 8);
    let end = usize::from(u16::from_le_bytes([head[2], head[3]])) % (n + 8);
    let year = (head[4] != 0).then(|| 1990 + i32::from(head[4] % 50));
    for f in extractor().extract(&text, start, end, year) {
        assert!(f.start <= f.end && f.end <= text.len());
        assert!(f.sentence.0 <= f.sentence.1 && f.sentence.1 <= text.len());
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
    }
});
