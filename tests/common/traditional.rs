//! Traditional-script copies of test texts, made in the test with OpenCC
//! (ferrous-opencc): s2tw (Taiwan) and s2hk (Hong Kong), as UTF-8 or Big5
//! bytes. OpenCC's simplified → traditional tables map a char to a char, so
//! a copy has the chars of its original at the same char indices: a place
//! in the original maps to the same place in the copy (`CharMap`).
#![allow(dead_code)]

use std::sync::OnceLock;

use encoding_rs::BIG5;
use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// s2tw, written as UTF-8.
    Taiwan,
    /// s2hk, written as UTF-8.
    HongKong,
    /// s2tw, written in Big5.
    TaiwanBig5,
    /// s2twp: Taiwan with its vocabulary (项目 → 專案, 通过 → 透過, 信息 →
    /// 資訊, 互联网 → 網際網路), UTF-8. Words change length, so places do
    /// not carry over by char index: only for comparing results.
    TaiwanPhrases,
}

pub const VARIANTS: [Variant; 3] = [Variant::Taiwan, Variant::HongKong, Variant::TaiwanBig5];

impl Variant {
    pub fn name(self) -> &'static str {
        match self {
            Variant::Taiwan => "s2tw",
            Variant::HongKong => "s2hk",
            Variant::TaiwanBig5 => "s2tw-big5",
            Variant::TaiwanPhrases => "s2twp",
        }
    }
}

fn converter(v: Variant) -> &'static OpenCC {
    static TW: OnceLock<OpenCC> = OnceLock::new();
    static HK: OnceLock<OpenCC> = OnceLock::new();
    static TWP: OnceLock<OpenCC> = OnceLock::new();
    match v {
        Variant::Taiwan | Variant::TaiwanBig5 => {
            TW.get_or_init(|| OpenCC::from_config(BuiltinConfig::S2tw).unwrap())
        }
        Variant::HongKong => HK.get_or_init(|| OpenCC::from_config(BuiltinConfig::S2hk).unwrap()),
        Variant::TaiwanPhrases => {
            TWP.get_or_init(|| OpenCC::from_config(BuiltinConfig::S2twp).unwrap())
        }
    }
}

/// The text in traditional script (chars a Big5 copy cannot hold become
/// `?`, one char for one).
pub fn to_traditional(text: &str, v: Variant) -> String {
    let t = converter(v).convert(text);
    if v == Variant::TaiwanPhrases {
        return t;
    }
    assert_eq!(
        t.chars().count(),
        text.chars().count(),
        "OpenCC changed the char count"
    );
    if v != Variant::TaiwanBig5 || !BIG5.encode(&t).2 {
        return t;
    }
    t.chars()
        .map(|c| {
            let mut b = [0u8; 4];
            if BIG5.encode(c.encode_utf8(&mut b)).2 {
                '?'
            } else {
                c
            }
        })
        .collect()
}

/// The bytes of a traditional copy of `text`.
pub fn bytes_of(trad: &str, v: Variant) -> Vec<u8> {
    match v {
        Variant::TaiwanBig5 => {
            let (b, _, bad) = BIG5.encode(trad);
            assert!(!bad, "unencodable chars were replaced");
            b.into_owned()
        }
        _ => trad.as_bytes().to_vec(),
    }
}

/// Whether `s` is as OpenCC's s2t writes it: no simplified-only char.
pub fn is_traditional_as_written(s: &str) -> bool {
    static S2T: OnceLock<OpenCC> = OnceLock::new();
    let s2t = S2T.get_or_init(|| OpenCC::from_config(BuiltinConfig::S2t).unwrap());
    let t = s2t.convert(s);
    // s2t and s2tw/s2hk differ only in variant chars (裡/裏, 着/著):
    // compare by char, allowing those.
    t.chars().zip(s.chars()).all(|(a, b)| {
        a == b || converter(Variant::Taiwan).convert(&a.to_string()) == b.to_string() || {
            converter(Variant::HongKong).convert(&a.to_string()) == b.to_string()
        }
    })
}

/// Byte offsets of a decoded text ↔ char indices, to carry a place in an
/// original text to its traditional copy.
pub struct CharMap {
    /// Byte offset of each char of the original, and the end.
    orig: Vec<usize>,
    copy: Vec<usize>,
}

impl CharMap {
    pub fn new(original: &str, copy: &str) -> CharMap {
        let offs = |s: &str| {
            let mut v: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
            v.push(s.len());
            v
        };
        let (orig, copy) = (offs(original), offs(copy));
        assert_eq!(orig.len(), copy.len());
        CharMap { orig, copy }
    }

    /// The copy's byte offset of the original's byte offset `b` (a char
    /// boundary).
    pub fn to_copy(&self, b: usize) -> usize {
        self.copy[self.orig.partition_point(|&o| o < b)]
    }
}

/// The copy's text at the place of `quote` on 1-based `line` of `original`
/// (its first occurrence there); `None` when the quote is not on the line.
pub fn carry(original: &str, copy: &str, line: usize, quote: &str) -> Option<String> {
    let mut start = 0;
    for (i, l) in original.split('\n').enumerate() {
        if i + 1 == line {
            let at = start + l.find(quote)?;
            let m = CharMap::new(original, copy);
            return Some(copy[m.to_copy(at)..m.to_copy(at + quote.len())].to_string());
        }
        start += l.len() + 1;
    }
    None
}
