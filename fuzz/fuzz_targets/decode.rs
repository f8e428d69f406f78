//! Any bytes: `decode` never panics, and whatever it decodes maps back to
//! the original bytes exactly.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(sf) = gonghui::read::decode("fuzz", data.to_vec()) else {
        return;
    };
    assert_eq!(sf.map.derived_len(), sf.text.len());
    // Every char's span reads back as that char (replacement chars stand
    // for the bad bytes they replaced).
    for (i, c) in sf.text.char_indices().take(4096) {
        let span = sf.map.orig_span(i, i + c.len_utf8());
        assert!(span.0 <= span.1 && span.1 <= sf.bytes.len(), "{span:?}");
        if c != '\u{FFFD}' {
            assert_eq!(sf.span_text(span), c.to_string(), "char {i} span {span:?}");
        }
        let _ = sf.lines.line_of(span.0);
    }
});
