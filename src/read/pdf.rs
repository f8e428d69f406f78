//! PDF with a text layer, best effort (`pdf-extract`): the text of each
//! page as lines. A PDF with no text (a scan) or whose text comes out
//! garbled (fonts without a Unicode map) is refused with that reason, never
//! guessed at.

use super::{Format, Origin, ReadError, SourceFile, view_source};

/// Share of unreadable chars (U+FFFD, private use, control) above which the
/// text layer is called garbled.
const GARBLED_SHARE: f64 = 0.10;

pub fn read(name: &str, bytes: &[u8]) -> Result<SourceFile, ReadError> {
    let err = |r: String| ReadError::new(name, r);
    // The extractor can panic on damaged files: a panic is this file's
    // error, never the run's end.
    let pages = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pdf_extract::extract_text_from_mem_by_pages(bytes)
    }))
    .map_err(|_| err("damaged PDF: the PDF reader failed on it".into()))?
    .map_err(|e| {
        let s = e.to_string();
        if s.to_lowercase().contains("encrypt") || s.to_lowercase().contains("password") {
            err("an encrypted (password-protected) PDF: cannot read it".into())
        } else {
            err(format!("cannot read the PDF: {s}"))
        }
    })?;
    let all: String = pages.concat();
    let (mut bad, mut total) = (0usize, 0usize);
    for c in all.chars().filter(|c| !c.is_whitespace()) {
        total += 1;
        if c == '\u{FFFD}'
            || ('\u{E000}'..='\u{F8FF}').contains(&c)
            || (c.is_control() && c != '\n' && c != '\t')
        {
            bad += 1;
        }
    }
    if total == 0 {
        return Err(err(format!(
            "PDF has no text layer ({} page(s) of images: a scan?): OCR it first; not read",
            pages.len()
        )));
    }
    // Fonts with a wrong map can give one char for every glyph
    // ("华华华华…"): real Chinese of a few hundred chars has a hundred or
    // more distinct ones.
    let cjk: Vec<char> = all
        .chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        .collect();
    let distinct = cjk.iter().collect::<std::collections::HashSet<_>>().len();
    if cjk.len() >= 200 && distinct * 25 < cjk.len() {
        return Err(err(format!(
            "PDF text layer is garbled ({} Chinese characters but only {distinct} distinct: fonts with a wrong Unicode map); not read",
            cjk.len()
        )));
    }
    if bad as f64 > total as f64 * GARBLED_SHARE {
        return Err(err(format!(
            "PDF text layer is garbled ({bad} of {total} characters unreadable: fonts without a Unicode map); not read"
        )));
    }
    let mut text = String::new();
    let mut origins = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        for line in page.lines() {
            let line = line.trim_end();
            if line.is_empty() && text.ends_with("\n\n") {
                continue;
            }
            let start = text.len();
            text.push_str(&tidy_line(line));
            origins.push(Origin {
                start,
                end: text.len(),
                place: format!("page {}", p + 1),
            });
            text.push('\n');
        }
    }
    let lead = text.len() - text.trim_start_matches('\n').len();
    if lead > 0 {
        text.drain(..lead);
        for o in &mut origins {
            o.start = o.start.saturating_sub(lead);
            o.end = o.end.saturating_sub(lead);
        }
    }
    Ok(view_source(name, Format::Pdf, text, origins, Vec::new()))
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3000..=0x303F | 0xFF00..=0xFFEF | 0x2018..=0x201D)
}

/// A line of the text layer as it was typed: control chars become spaces,
/// and the space the extractor puts where the font changes between Chinese
/// and Latin letters or digits ("全年不少于 12 次") goes.
fn tidy_line(line: &str) -> String {
    let chars: Vec<char> = line
        .chars()
        .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
        .collect();
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' && i > 0 && i + 1 < chars.len() {
            let (p, n) = (chars[i - 1], chars[i + 1]);
            let latin = |c: char| c.is_ascii_alphanumeric() || matches!(c, '%' | '.' | '-');
            if (is_cjk(p) && (latin(n) || is_cjk(n))) || (latin(p) && is_cjk(n)) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn font_change_spaces_go() {
        assert_eq!(
            super::tidy_line("全年不少于 12 次，达到 100%。"),
            "全年不少于12次，达到100%。"
        );
        assert_eq!(super::tidy_line("Word 2007 文件"), "Word 2007文件");
    }
}
