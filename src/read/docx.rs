//! Word 2007+ (.docx): the paragraphs of `word/document.xml` as lines, with
//! Word's automatic numbering (`word/numbering.xml`, through
//! `word/styles.xml` too) rendered as typed markers, tables one row a line,
//! text boxes as lines of their own. Headers, footers, comments and
//! footnotes are other parts and are not read. The zip is read bounded
//! (entry size and compression ratio) and malformed XML is an error.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{Format, Origin, ReadError, SourceFile, view_source};

/// An entry larger than this, uncompressed, is refused.
pub const MAX_ENTRY_BYTES: u64 = 64 << 20;
/// An entry over 1 MB compressed more than this many times is a zip bomb.
pub const MAX_RATIO: u64 = 100;

pub(super) type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

pub(super) fn open_zip<'a>(name: &str, bytes: &'a [u8]) -> Result<Zip<'a>, ReadError> {
    zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        ReadError::new(
            name,
            format!("damaged or truncated zip archive (a .docx is a zip): {e}"),
        )
    })
}

/// One entry of the zip, whole, within the limits; `None` when absent.
pub(super) fn read_entry(
    name: &str,
    zip: &mut Zip<'_>,
    entry: &str,
) -> Result<Option<Vec<u8>>, ReadError> {
    let err = |r: String| ReadError::new(name, r);
    let mut f = match zip.by_name(entry) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(err(format!("cannot read {entry} in the zip: {e}"))),
    };
    let (size, packed) = (f.size(), f.compressed_size().max(1));
    if size > MAX_ENTRY_BYTES {
        return Err(err(format!(
            "zip bomb? {entry} unpacks to {size} bytes, over the {MAX_ENTRY_BYTES} byte limit"
        )));
    }
    if size > 1 << 20 && size / packed > MAX_RATIO {
        return Err(err(format!(
            "zip bomb? {entry} is compressed {}:1, over the {MAX_RATIO}:1 limit",
            size / packed
        )));
    }
    // The sizes in the zip can lie: read no more than the limit whatever
    // they say.
    let mut buf = Vec::with_capacity(size.min(MAX_ENTRY_BYTES) as usize);
    (&mut f)
        .take(MAX_ENTRY_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| err(format!("damaged zip: cannot unpack {entry}: {e}")))?;
    if buf.len() as u64 > MAX_ENTRY_BYTES {
        return Err(err(format!(
            "zip bomb? {entry} unpacks to over the {MAX_ENTRY_BYTES} byte limit"
        )));
    }
    if buf.len() > 1 << 20 && buf.len() as u64 / packed > MAX_RATIO {
        return Err(err(format!(
            "zip bomb? {entry} is compressed over {MAX_RATIO}:1"
        )));
    }
    Ok(Some(buf))
}

pub fn read(name: &str, bytes: &[u8]) -> Result<SourceFile, ReadError> {
    let mut zip = open_zip(name, bytes)?;
    let Some(doc) = read_entry(name, &mut zip, "word/document.xml")? else {
        let what = if zip.by_name("content.xml").is_ok() {
            "an OpenDocument file (.odt/.ods), not a Word .docx: save it as .docx"
        } else if zip.by_name("xl/workbook.xml").is_ok()
            || zip.by_name("ppt/presentation.xml").is_ok()
        {
            "an Excel or PowerPoint file, not a Word .docx"
        } else {
            "a zip archive but not a Word .docx (no word/document.xml)"
        };
        return Err(ReadError::new(name, what));
    };
    let styles = match read_entry(name, &mut zip, "word/styles.xml")? {
        Some(b) => parse_styles(name, &b)?,
        None => HashMap::new(),
    };
    let numbering = match read_entry(name, &mut zip, "word/numbering.xml")? {
        Some(b) => parse_numbering(name, &b)?,
        None => Numbering::default(),
    };
    let (text, origins) = body_text(name, &doc, &styles, &numbering)?;
    Ok(view_source(name, Format::Docx, text, origins, Vec::new()))
}

fn xml_str<'a>(name: &str, part: &str, b: &'a [u8]) -> Result<&'a str, ReadError> {
    let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
    std::str::from_utf8(b)
        .map_err(|_| ReadError::new(name, format!("malformed XML in {part}: not UTF-8")))
}

fn xml_err(name: &str, part: &str, reader: &Reader<&[u8]>, e: impl std::fmt::Display) -> ReadError {
    ReadError::new(
        name,
        format!(
            "malformed XML in {part} at byte {}: {e}",
            reader.buffer_position()
        ),
    )
}

/// The value of attribute `w:<key>` (any prefix).
fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find_map(|a| (a.key.local_name().as_ref() == key).then(|| unescape_attr(&a.value)))
}

fn unescape_attr(v: &str) -> String {
    if !v.contains('&') {
        return v.to_string();
    }
    v.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// A paragraph style: what numbering and outline level it gives.
#[derive(Debug, Default, Clone)]
struct Style {
    name: String,
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
    outline: Option<usize>,
}

fn parse_styles(name: &str, b: &[u8]) -> Result<HashMap<String, Style>, ReadError> {
    let part = "word/styles.xml";
    let mut r = Reader::from_str(xml_str(name, part, b)?);
    let mut out = HashMap::new();
    let mut cur: Option<(String, Style)> = None;
    let mut depth = 0usize;
    loop {
        let ev = r.read_event().map_err(|e| xml_err(name, part, &r, e))?;
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(ev, Event::Empty(_));
                match e.local_name().as_ref() {
                    "style" => {
                        if let Some(id) = attr(e, "styleId") {
                            cur = Some((id, Style::default()));
                        }
                    }
                    "name" => {
                        if let Some((_, s)) = cur.as_mut() {
                            s.name = attr(e, "val").unwrap_or_default();
                        }
                    }
                    "basedOn" => {
                        if let Some((_, s)) = cur.as_mut() {
                            s.based_on = attr(e, "val");
                        }
                    }
                    "numId" => {
                        if let Some((_, s)) = cur.as_mut() {
                            s.num_id = attr(e, "val");
                        }
                    }
                    "ilvl" => {
                        if let Some((_, s)) = cur.as_mut() {
                            s.ilvl = attr(e, "val").and_then(|v| v.parse().ok());
                        }
                    }
                    "outlineLvl" => {
                        if let Some((_, s)) = cur.as_mut() {
                            s.outline = attr(e, "val").and_then(|v| v.parse().ok());
                        }
                    }
                    _ => {}
                }
                if !empty {
                    depth += 1;
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if e.local_name().as_ref() == "style"
                    && let Some((id, s)) = cur.take()
                {
                    out.insert(id, s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    ends_closed(name, part, depth)?;
    Ok(out)
}

/// A part whose XML ends with elements still open was cut short.
fn ends_closed(name: &str, part: &str, depth: usize) -> Result<(), ReadError> {
    if depth == 0 {
        return Ok(());
    }
    Err(ReadError::new(
        name,
        format!("malformed XML in {part}: it ends inside an element (truncated?)"),
    ))
}

/// One level of a list definition.
#[derive(Debug, Default, Clone)]
struct Level {
    start: i64,
    fmt: String,
    text: String,
    suff: String,
}

#[derive(Debug, Default)]
struct Numbering {
    /// abstractNumId → levels 0..9.
    abstracts: HashMap<String, Vec<Level>>,
    /// numId → (abstractNumId, start overrides by level, level overrides).
    nums: HashMap<String, NumDef>,
}

#[derive(Debug, Default, Clone)]
struct NumDef {
    abs: String,
    starts: HashMap<usize, i64>,
    levels: HashMap<usize, Level>,
}

fn parse_numbering(name: &str, b: &[u8]) -> Result<Numbering, ReadError> {
    let part = "word/numbering.xml";
    let mut r = Reader::from_str(xml_str(name, part, b)?);
    let mut n = Numbering::default();
    let mut abs: Option<(String, Vec<Level>)> = None;
    let mut num: Option<(String, NumDef)> = None;
    let mut lvl: Option<(usize, Level)> = None;
    let mut override_lvl: Option<usize> = None;
    let mut depth = 0usize;
    loop {
        let ev = r.read_event().map_err(|e| xml_err(name, part, &r, e))?;
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(ev, Event::Empty(_));
                let val = || attr(e, "val").unwrap_or_default();
                match e.local_name().as_ref() {
                    "abstractNum" => {
                        abs = Some((
                            attr(e, "abstractNumId").unwrap_or_default(),
                            vec![Level::default(); 9],
                        ));
                    }
                    "num" => {
                        num = Some((attr(e, "numId").unwrap_or_default(), NumDef::default()));
                    }
                    "abstractNumId" => {
                        if let Some((_, d)) = num.as_mut() {
                            d.abs = val();
                        }
                    }
                    "lvlOverride" => override_lvl = attr(e, "ilvl").and_then(|v| v.parse().ok()),
                    "startOverride" => {
                        if let (Some((_, d)), Some(l)) = (num.as_mut(), override_lvl) {
                            d.starts.insert(l, val().parse().unwrap_or(1));
                        }
                    }
                    "lvl" => {
                        let i = attr(e, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                        lvl = Some((
                            i,
                            Level {
                                start: 1,
                                fmt: "decimal".into(),
                                ..Level::default()
                            },
                        ));
                    }
                    "start" => {
                        if let Some((_, l)) = lvl.as_mut() {
                            l.start = val().parse().unwrap_or(1);
                        }
                    }
                    "numFmt" => {
                        if let Some((_, l)) = lvl.as_mut() {
                            l.fmt = val();
                        }
                    }
                    "lvlText" => {
                        if let Some((_, l)) = lvl.as_mut() {
                            l.text = val();
                        }
                    }
                    "suff" => {
                        if let Some((_, l)) = lvl.as_mut() {
                            l.suff = val();
                        }
                    }
                    _ => {}
                }
                if !empty {
                    depth += 1;
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                match e.local_name().as_ref() {
                    "lvl" => {
                        if let Some((i, l)) = lvl.take() {
                            if let Some((_, d)) = num.as_mut() {
                                d.levels.insert(i, l);
                            } else if let Some((_, v)) = abs.as_mut()
                                && i < v.len()
                            {
                                v[i] = l;
                            }
                        }
                    }
                    "abstractNum" => {
                        if let Some((id, v)) = abs.take() {
                            n.abstracts.insert(id, v);
                        }
                    }
                    "num" => {
                        if let Some((id, d)) = num.take() {
                            n.nums.insert(id, d);
                        }
                    }
                    "lvlOverride" => override_lvl = None,
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    ends_closed(name, part, depth)?;
    Ok(n)
}

/// Counters of the lists met so far, and the markers they render.
struct Counters<'a> {
    numbering: &'a Numbering,
    /// list key → value of each level (None: not started).
    values: HashMap<String, [Option<i64>; 9]>,
}

impl Counters<'_> {
    fn level(&self, num_id: &str, ilvl: usize) -> Option<Level> {
        let def = self.numbering.nums.get(num_id)?;
        if let Some(l) = def.levels.get(&ilvl) {
            return Some(l.clone());
        }
        self.numbering.abstracts.get(&def.abs)?.get(ilvl).cloned()
    }

    /// The marker of the next paragraph of list `num_id` at level `ilvl`.
    fn next(&mut self, num_id: &str, ilvl: usize) -> String {
        let ilvl = ilvl.min(8);
        let Some(def) = self.numbering.nums.get(num_id) else {
            return String::new();
        };
        // Lists that share a definition continue each other unless one
        // restarts.
        let key = if def.starts.is_empty() && def.levels.is_empty() {
            format!("a{}", def.abs)
        } else {
            format!("n{num_id}")
        };
        let starts: Vec<i64> = (0..9)
            .map(|i| {
                def.starts
                    .get(&i)
                    .copied()
                    .or_else(|| self.level(num_id, i).map(|l| l.start))
                    .unwrap_or(1)
            })
            .collect();
        let vals = self.values.entry(key).or_insert([None; 9]);
        vals[ilvl] = Some(vals[ilvl].map_or(starts[ilvl], |v| v + 1));
        for v in vals.iter_mut().skip(ilvl + 1) {
            *v = None;
        }
        let vals = *vals;
        let Some(lv) = self.level(num_id, ilvl) else {
            return String::new();
        };
        if lv.fmt == "bullet" {
            return String::new();
        }
        let mut out = String::new();
        let mut chars = lv.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
            {
                chars.next();
                let i = (d as usize).saturating_sub(1).min(8);
                let fmt = self.level(num_id, i).map(|l| l.fmt).unwrap_or_default();
                out.push_str(&format_number(vals[i].unwrap_or(starts[i]), &fmt));
            } else {
                out.push(c);
            }
        }
        let sep = match lv.suff.as_str() {
            "nothing" => "",
            _ if out.is_empty() => "",
            _ if out.ends_with(|c: char| {
                matches!(
                    c,
                    '、' | '，' | '．' | '.' | '）' | ')' | '：' | ':' | '】' | '〕'
                ) || !c.is_alphanumeric()
            }) =>
            {
                ""
            }
            _ => " ",
        };
        out.push_str(sep);
        out
    }
}

const CN_DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// 1..9999 in Chinese numerals as typed: 十, 十一, 二十, 一百零五.
fn chinese(n: i64) -> String {
    if n <= 0 || n > 9999 {
        return n.to_string();
    }
    let n = n as usize;
    let (q, b, s, g) = (n / 1000, n / 100 % 10, n / 10 % 10, n % 10);
    let mut out = String::new();
    if q > 0 {
        out.push_str(CN_DIGITS[q]);
        out.push('千');
    }
    if b > 0 {
        out.push_str(CN_DIGITS[b]);
        out.push('百');
    } else if q > 0 && (s > 0 || g > 0) {
        out.push('零');
    }
    if s > 0 {
        if !(s == 1 && n < 20) {
            out.push_str(CN_DIGITS[s]);
        }
        out.push('十');
    } else if (q > 0 || b > 0) && g > 0 && !out.ends_with('零') {
        out.push('零');
    }
    if g > 0 {
        out.push_str(CN_DIGITS[g]);
    }
    out
}

fn letters(n: i64, upper: bool) -> String {
    if n <= 0 {
        return n.to_string();
    }
    // Word repeats the letter: a..z, aa..zz.
    let i = ((n - 1) % 26) as u8;
    let times = ((n - 1) / 26 + 1) as usize;
    let c = if upper { b'A' + i } else { b'a' + i } as char;
    std::iter::repeat_n(c, times).collect()
}

fn roman(mut n: i64, upper: bool) -> String {
    if n <= 0 || n >= 4000 {
        return n.to_string();
    }
    let table = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    if upper { out.to_uppercase() } else { out }
}

/// A list counter in a Word number format.
fn format_number(n: i64, fmt: &str) -> String {
    let offset = |base: u32, first: i64, last: i64| {
        if (first..=last).contains(&n) {
            char::from_u32(base + (n - first) as u32).map_or_else(|| n.to_string(), String::from)
        } else {
            n.to_string()
        }
    };
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "chineseLegalSimplified"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "ideographDigital" => chinese(n),
        "ideographTraditional" => {
            const T: [&str; 10] = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];
            T.get((n - 1) as usize)
                .map_or_else(|| n.to_string(), |s| s.to_string())
        }
        "ideographZodiac" => {
            const Z: [&str; 12] = [
                "子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥",
            ];
            Z.get((n - 1) as usize)
                .map_or_else(|| n.to_string(), |s| s.to_string())
        }
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => offset(0x2460, 1, 20),
        "decimalEnclosedParen" => offset(0x2474, 1, 20),
        "decimalEnclosedFullstop" => offset(0x2488, 1, 20),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c))
            .collect(),
        "decimalZero" => format!("{n:02}"),
        "lowerLetter" => letters(n, false),
        "upperLetter" => letters(n, true),
        "lowerRoman" => roman(n, false),
        "upperRoman" => roman(n, true),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

/// A paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
    outline: Option<usize>,
}

/// Where text goes while a table is read.
#[derive(Default)]
struct Table {
    rows: usize,
    row: Vec<String>,
    cell: Option<String>,
}

struct Body<'a> {
    styles: &'a HashMap<String, Style>,
    counters: Counters<'a>,
    text: String,
    origins: Vec<Origin>,
    paragraphs: usize,
    tables: usize,
}

impl Body<'_> {
    /// The style chain's value of `f`, nearest first.
    fn style_value<T>(&self, id: Option<&str>, f: impl Fn(&Style) -> Option<T>) -> Option<T> {
        let mut id = id?;
        for _ in 0..16 {
            let s = self.styles.get(id)?;
            if let Some(v) = f(s) {
                return Some(v);
            }
            id = s.based_on.as_deref()?;
        }
        None
    }

    /// The paragraph's line: its list marker, then its text.
    fn finish_para(&mut self, p: Para) -> (String, String) {
        let style = p.style.as_deref();
        let num_id = p
            .num_id
            .clone()
            .or_else(|| self.style_value(style, |s| s.num_id.clone()));
        let ilvl = p
            .ilvl
            .or_else(|| self.style_value(style, |s| s.ilvl))
            .unwrap_or(0);
        let mut line = String::new();
        if let Some(id) = num_id.filter(|id| id != "0") {
            line.push_str(&self.counters.next(&id, ilvl));
        }
        line.push_str(p.text.trim_end_matches([' ', '\t']));
        let style_name = self
            .styles
            .get(style.unwrap_or("Normal"))
            .map(|s| s.name.clone())
            .unwrap_or_default();
        let outline = p.outline.or_else(|| self.style_value(style, |s| s.outline));
        let lower = style_name.to_lowercase();
        let what = if let Some(l) = outline.filter(|&l| l < 9) {
            format!(", heading {}", l + 1)
        } else if lower.starts_with("heading") || style_name.starts_with("标题") || lower == "title"
        {
            format!(", {style_name}")
        } else {
            String::new()
        };
        (line, what)
    }

    fn emit(&mut self, line: &str, place: String) {
        let start = self.text.len();
        self.text.push_str(line);
        let end = self.text.len();
        self.text.push('\n');
        self.origins.push(Origin { start, end, place });
    }
}

fn body_text(
    name: &str,
    doc: &[u8],
    styles: &HashMap<String, Style>,
    numbering: &Numbering,
) -> Result<(String, Vec<Origin>), ReadError> {
    let part = "word/document.xml";
    let mut r = Reader::from_str(xml_str(name, part, doc)?);
    let mut body = Body {
        styles,
        counters: Counters {
            numbering,
            values: HashMap::new(),
        },
        text: String::new(),
        origins: Vec::new(),
        paragraphs: 0,
        tables: 0,
    };
    let mut paras: Vec<Para> = Vec::new();
    let mut tables: Vec<Table> = Vec::new();
    let mut depth = 0usize;
    // Depth at which a skipped element (deleted text, field code, fallback
    // content, paragraph properties' run marks) began.
    let mut skip: Option<usize> = None;
    let (mut in_run, mut in_t, mut in_ppr) = (0usize, false, false);
    loop {
        let ev = r.read_event().map_err(|e| xml_err(name, part, &r, e))?;
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(ev, Event::Empty(_));
                let local = e.local_name();
                let tag = local.as_ref();
                if skip.is_none() {
                    match tag {
                        "del" | "instrText" | "delText" | "Fallback" | "moveFrom"
                        | "footnoteReference" | "commentReference"
                            if !empty =>
                        {
                            skip = Some(depth);
                        }
                        "rPr" if in_ppr && !empty => skip = Some(depth),
                        "p" => {
                            if !empty {
                                paras.push(Para::default());
                            } else {
                                body.paragraphs += 1;
                                let p = body.paragraphs;
                                match tables.last_mut().and_then(|t| t.cell.as_mut()) {
                                    Some(_) => {}
                                    None => body.emit("", format!("{part} paragraph {p}")),
                                }
                            }
                        }
                        "pPr" if !empty => in_ppr = true,
                        "pStyle" if in_ppr => {
                            if let Some(p) = paras.last_mut() {
                                p.style = attr(e, "val");
                            }
                        }
                        "numId" if in_ppr => {
                            if let Some(p) = paras.last_mut() {
                                p.num_id = attr(e, "val");
                            }
                        }
                        "ilvl" if in_ppr => {
                            if let Some(p) = paras.last_mut() {
                                p.ilvl = attr(e, "val").and_then(|v| v.parse().ok());
                            }
                        }
                        "outlineLvl" if in_ppr => {
                            if let Some(p) = paras.last_mut() {
                                p.outline = attr(e, "val").and_then(|v| v.parse().ok());
                            }
                        }
                        "r" if !empty => in_run += 1,
                        "t" if in_run > 0 && !empty => in_t = true,
                        "ta" if in_run > 0 && !in_ppr => {
                            if let Some(p) = paras.last_mut() {
                                p.text.push('\t');
                            }
                        }
                        "br" | "cr" if in_run > 0 => {
                            if let Some(p) = paras.last_mut() {
                                p.text.push('\n');
                            }
                        }
                        "noBreakHyphen" if in_run > 0 => {
                            if let Some(p) = paras.last_mut() {
                                p.text.push('-');
                            }
                        }
                        "tbl" if !empty => {
                            body.tables += 1;
                            tables.push(Table::default());
                        }
                        "tr" if !empty => {
                            if let Some(t) = tables.last_mut() {
                                t.row.clear();
                            }
                        }
                        "tc" if !empty => {
                            if let Some(t) = tables.last_mut() {
                                t.cell = Some(String::new());
                            }
                        }
                        _ => {}
                    }
                }
                if !empty {
                    depth += 1;
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if skip == Some(depth) {
                    skip = None;
                    continue;
                }
                if skip.is_some() {
                    continue;
                }
                match e.local_name().as_ref() {
                    "pPr" => in_ppr = false,
                    "r" => in_run = in_run.saturating_sub(1),
                    "t" => in_t = false,
                    "p" => {
                        let Some(p) = paras.pop() else { continue };
                        body.paragraphs += 1;
                        let (line, what) = body.finish_para(p);
                        if let Some(cell) = tables.last_mut().and_then(|t| t.cell.as_mut())
                            && paras.is_empty()
                        {
                            if !cell.is_empty() && !line.is_empty() {
                                cell.push(' ');
                            }
                            cell.push_str(&line.replace('\n', " "));
                        } else {
                            let n = body.paragraphs;
                            let place = if paras.is_empty() {
                                format!("{part} paragraph {n}{what}")
                            } else {
                                format!("{part} paragraph {n} (text box){what}")
                            };
                            body.emit(&line, place);
                        }
                    }
                    "tc" => {
                        if let Some(t) = tables.last_mut()
                            && let Some(c) = t.cell.take()
                        {
                            t.row.push(c);
                        }
                    }
                    "tr" => {
                        let Some(t) = tables.last_mut() else { continue };
                        t.rows += 1;
                        let row = std::mem::take(&mut t.row);
                        let mut line = row.join("\t");
                        line.truncate(line.trim_end_matches(['\t', ' ']).len());
                        let rows = t.rows;
                        let depth_t = tables.len();
                        if depth_t > 1 {
                            // A table in a cell: its rows join the cell.
                            if let Some(c) = tables[depth_t - 2].cell.as_mut() {
                                if !c.is_empty() {
                                    c.push(' ');
                                }
                                c.push_str(&line);
                            }
                        } else {
                            let n = body.tables;
                            body.emit(&line, format!("{part} table {n} row {rows}"));
                        }
                    }
                    "tbl" => {
                        tables.pop();
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_t && skip.is_none() => {
                if let Some(p) = paras.last_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) if in_t && skip.is_none() => {
                if let Some(p) = paras.last_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) if in_t && skip.is_none() => {
                let c = match g.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match g.as_ref() {
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "amp" => Some('&'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let (Some(p), Some(c)) = (paras.last_mut(), c) {
                    p.text.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    ends_closed(name, part, depth)?;
    // Control chars other than tab and line breaks have no place in text.
    let text: String = body
        .text
        .chars()
        .map(|c| {
            if c.is_control() && !matches!(c, '\n' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect();
    Ok((text, body.origins))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals_as_typed() {
        let got: Vec<String> = [1, 9, 10, 11, 19, 20, 21, 99, 100, 105, 110, 1001]
            .into_iter()
            .map(chinese)
            .collect();
        assert_eq!(
            got,
            [
                "一",
                "九",
                "十",
                "十一",
                "十九",
                "二十",
                "二十一",
                "九十九",
                "一百",
                "一百零五",
                "一百一十",
                "一千零一"
            ]
        );
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(4, "lowerRoman"), "iv");
    }
}
