//! Any bytes that decode: cleaning never panics and every cleaned char maps
//! inside the original file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(sf) = gonghui::read::decode("fuzz", data.to_vec()) else {
        return;
    };
    let clean = gonghui::clean::clean(&sf);
    for (i, c) in clean.text.char_indices().take(4096) {
        let (s, e) = clean.orig_span(i, i + c.len_utf8());
        assert!(s <= e && e <= sf.bytes.len(), "{s}..{e} of {}", sf.bytes.len());
    }
    for l in &clean.lines {
        let _ = clean.line_text(l);
    }
});
