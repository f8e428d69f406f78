//! Reading a figure's original span back gives the figure's text, whatever
//! the input encoding (UTF-8, GBK, UTF-16) and however the clean stage
//! folded it (full-width digits, CRLF, ideographic spaces).

use gonghui::clean::clean;
use gonghui::dict::Dictionaries;
use gonghui::figure::FigureExtractor;
use gonghui::read::decode;

const TEXT: &str = "2017年工会工作总结\r\n\u{3000}\u{3000}一、全年共发放慰问金１３４．１９万元，资助72名困难职工子女，\
参与职工达百分之八十以上。\r\n\u{3000}\u{3000}二、每季度开展一次职工活动，9月19日至9月27日举办运动会，\
参赛职工1,532人，获奖率64.5%。\r\n";

const EXPECTED: &[&str] = &[
    "2017年",
    "１３４．１９万元",
    "72名",
    "百分之八十以上",
    "每季度开展一次",
    "9月19日至9月27日",
    "1,532人",
    "64.5%",
];

fn check(bytes: Vec<u8>, label: &str) {
    let source = decode(label, bytes).expect("decodes");
    let ct = clean(&source);
    let fx = FigureExtractor::new(&Dictionaries::embedded());
    let figs = fx.extract(&ct.text, 0, ct.text.len(), Some(2017));
    let back: Vec<String> = figs
        .iter()
        .map(|f| source.span_text(ct.orig_span(f.start, f.end)))
        .collect();
    assert_eq!(back, EXPECTED, "{label}");
    for (f, orig) in figs.iter().zip(&back) {
        let folded: String = orig.chars().filter_map(gonghui::clean::fold_char).collect();
        assert_eq!(folded, &ct.text[f.start..f.end], "{label}");
        // Lines are counted in the original file.
        let line = source.lines.line_of(ct.map.orig_start(f.start));
        assert!(line == 1 || line == 2 || line == 3, "{label}: line {line}");
    }
}

#[test]
fn utf8_spans_read_back() {
    check(TEXT.as_bytes().to_vec(), "utf8");
}

#[test]
fn gbk_spans_read_back() {
    let (bytes, _, bad) = encoding_rs::GBK.encode(TEXT);
    assert!(!bad);
    check(bytes.into_owned(), "gbk");
}

#[test]
fn utf16_spans_read_back() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in TEXT.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    check(bytes, "utf16le");
}
