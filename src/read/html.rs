//! Saved web pages: the page decoded (BOM, `<meta charset>`, detection),
//! parsed leniently into a tree, and only its main text kept: script,
//! style, navigation, breadcrumbs, sidebars, link lists and footers are
//! dropped; the block holding most of the Chinese text is the article.
//! `<p>`, `<br>`, `<div>`, `<li>`, `<tr>` … give lines, cells are joined by
//! tabs, entities are decoded. Every char of the text maps to its bytes in
//! the page (an entity to the entity's bytes), so results quote the page.

use super::{Format, ReadError, SourceFile, decode};
use crate::source_map::SourceMapBuilder;

/// Elements dropped with all they hold.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "nav", "header", "footer", "aside", "form",
    "iframe", "svg", "select", "button", "textarea", "object", "embed", "canvas", "map", "video",
    "audio",
];

/// Elements whose content is raw text (not parsed for tags).
const RAW: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "noscript", "template",
];

const VOID: &[&str] = &[
    "br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "param", "source",
    "track", "wbr", "frame",
];

/// Elements that start and end a line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "hr",
    "center",
    "address",
    "figure",
    "figcaption",
    "caption",
    "body",
    "html",
    "fieldset",
    "legend",
    "details",
    "summary",
];

/// Words in an id or class that mark page furniture.
const NOISE_WORDS: &[&str] = &[
    "nav",
    "menu",
    "breadcrumb",
    "crumb",
    "sidebar",
    "side",
    "footer",
    "foot",
    "header",
    "comment",
    "share",
    "related",
    "copyright",
    "banner",
    "topbar",
    "toolbar",
    "login",
    "search",
    "friendlink",
    "links",
    "position",
    "location",
    "dqwz",
    "bottom",
    "top",
    "ad",
    "ads",
    "advert",
    "print",
    "pager",
    "pagination",
    "tags",
    "social",
    "qrcode",
    "ewm",
];

#[derive(Debug)]
struct Elem {
    tag: String,
    noise: bool,
    /// Decoded-text offsets of the open tag and of the close tag (the open
    /// tag's end when there is none).
    open: (usize, usize),
    close: (usize, usize),
    children: Vec<Node>,
}

#[derive(Debug)]
enum Node {
    Elem(usize),
    /// Decoded-text range.
    Text(usize, usize),
}

struct Tree {
    elems: Vec<Elem>,
    title: Option<(usize, usize)>,
}

fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b':' || b == b'_'
}

/// Finds `needle` (ASCII, lowercase) in `hay` from `from` on, ignoring
/// ASCII case.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len())
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// Is an id or class value page furniture?
fn noise_attr(v: &str) -> bool {
    v.to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| NOISE_WORDS.contains(&w))
}

/// The tag's attributes that matter: id and class (for furniture), and
/// whether it is hidden.
fn tag_attrs(s: &str) -> (bool, bool) {
    let lower = s.to_ascii_lowercase();
    let b = lower.as_bytes();
    let mut noise = false;
    let mut hidden = false;
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && !is_name_char(b[i]) {
            i += 1;
        }
        let k0 = i;
        while i < b.len() && is_name_char(b[i]) {
            i += 1;
        }
        let key = &lower[k0..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let (v0, v1);
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                v0 = i + 1;
                i = v0;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                v1 = i;
                i += 1;
            } else {
                v0 = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                v1 = i;
            }
            let v = &lower[v0.min(lower.len())..v1.min(lower.len())];
            match key {
                "id" | "class" | "role" => noise |= noise_attr(v),
                "style" => {
                    let v: String = v.chars().filter(|c| !c.is_whitespace()).collect();
                    hidden |= v.contains("display:none") || v.contains("visibility:hidden");
                }
                _ => {}
            }
        } else if key == "hidden" {
            hidden = true;
        }
    }
    (noise, hidden)
}

/// Parses leniently: unknown end tags are ignored, unclosed elements close
/// at the end, `<p>`, `<li>`, `<td>`, `<tr>` close implicitly.
fn parse(src: &str) -> Tree {
    let b = src.as_bytes();
    let mut elems = vec![Elem {
        tag: "#root".into(),
        noise: false,
        open: (0, 0),
        close: (b.len(), b.len()),
        children: Vec::new(),
    }];
    let mut stack: Vec<usize> = vec![0];
    let mut title = None;
    let mut i = 0;
    let mut text_start = 0;
    let close_to =
        |elems: &mut Vec<Elem>, stack: &mut Vec<usize>, at: usize, span: (usize, usize)| {
            while stack.len() > at {
                let e = stack.pop().expect("non-empty");
                elems[e].close = span;
            }
        };
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let next = b.get(i + 1).copied().unwrap_or(0);
        let is_tag = next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?';
        if !is_tag {
            i += 1;
            continue;
        }
        // Text before the tag.
        if text_start < i {
            let top = *stack.last().expect("root");
            elems[top].children.push(Node::Text(text_start, i));
        }
        let tag_start = i;
        if b[i..].starts_with(b"<!--") {
            i = find_ci(b, i + 4, b"-->").map_or(b.len(), |j| j + 3);
            text_start = i;
            continue;
        }
        if next == b'!' || next == b'?' {
            i = memchr(b, i, b'>').map_or(b.len(), |j| j + 1);
            text_start = i;
            continue;
        }
        let end_tag = next == b'/';
        let n0 = if end_tag { i + 2 } else { i + 1 };
        let mut n1 = n0;
        while n1 < b.len() && is_name_char(b[n1]) {
            n1 += 1;
        }
        let name = src[n0..n1].to_ascii_lowercase();
        // The tag's end, quotes respected.
        let mut j = n1;
        let mut quote = 0u8;
        while j < b.len() {
            match b[j] {
                q @ (b'"' | b'\'') if quote == 0 && !end_tag => quote = q,
                q if q == quote => quote = 0,
                b'>' if quote == 0 => break,
                _ => {}
            }
            j += 1;
        }
        let tag_end = (j + 1).min(b.len());
        i = tag_end;
        text_start = i;
        if name.is_empty() {
            continue;
        }
        if end_tag {
            if let Some(pos) = stack.iter().rposition(|&e| elems[e].tag == name)
                && pos > 0
            {
                close_to(&mut elems, &mut stack, pos, (tag_start, tag_end));
            } else if name == "p" || name == "br" {
                // `</p>` or `</br>` alone: a line break, as browsers do.
                let top = *stack.last().expect("root");
                let e = elems.len();
                elems.push(Elem {
                    tag: "br".into(),
                    noise: false,
                    open: (tag_start, tag_end),
                    close: (tag_end, tag_end),
                    children: Vec::new(),
                });
                elems[top].children.push(Node::Elem(e));
            }
            continue;
        }
        // Implicit ends.
        let implied: &[&str] = match name.as_str() {
            "li" => &["li"],
            "dt" | "dd" => &["dt", "dd"],
            "tr" => &["tr", "td", "th"],
            "td" | "th" => &["td", "th"],
            "option" => &["option"],
            _ => &[],
        };
        let scope_ends: &[&str] = match name.as_str() {
            "li" => &["ul", "ol"],
            "td" | "th" | "tr" => &["table"],
            _ => &["#root"],
        };
        for stop in implied {
            if let Some(pos) = stack.iter().rposition(|&e| elems[e].tag == *stop)
                && !stack[pos..]
                    .iter()
                    .any(|&e| scope_ends.contains(&elems[e].tag.as_str()))
                && pos > 0
            {
                close_to(&mut elems, &mut stack, pos, (tag_start, tag_start));
                break;
            }
        }
        if BLOCKS.contains(&name.as_str())
            && name != "br"
            && let Some(&top) = stack.last()
            && elems[top].tag == "p"
        {
            let at = stack.len() - 1;
            close_to(&mut elems, &mut stack, at, (tag_start, tag_start));
        }
        let self_closing = j > 0 && b.get(j - 1) == Some(&b'/');
        let (noise, hidden) = tag_attrs(&src[n1..j.min(b.len())]);
        let e = elems.len();
        elems.push(Elem {
            tag: name.clone(),
            noise: noise || hidden,
            open: (tag_start, tag_end),
            close: (tag_end, tag_end),
            children: Vec::new(),
        });
        let top = *stack.last().expect("root");
        elems[top].children.push(Node::Elem(e));
        if RAW.contains(&name.as_str()) {
            let close = find_ci(b, tag_end, format!("</{name}").as_bytes());
            let body_end = close.unwrap_or(b.len());
            if name == "title" && title.is_none() {
                title = Some((tag_end, body_end));
            }
            let after = close.map_or(b.len(), |c| memchr(b, c, b'>').map_or(b.len(), |k| k + 1));
            elems[e].close = (body_end, after);
            i = after;
            text_start = i;
            continue;
        }
        if !(VOID.contains(&name.as_str()) || self_closing) {
            stack.push(e);
        }
    }
    if text_start < b.len() {
        let top = *stack.last().expect("root");
        elems[top].children.push(Node::Text(text_start, b.len()));
    }
    close_to(&mut elems, &mut stack, 1, (b.len(), b.len()));
    Tree { elems, title }
}

fn memchr(b: &[u8], from: usize, c: u8) -> Option<usize> {
    b.get(from..)?
        .iter()
        .position(|&x| x == c)
        .map(|p| p + from)
}

/// Named entities pages use (the rest stay as written).
fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "nbsp" => '\u{a0}',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "middot" => '·',
        "bull" => '•',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "laquo" => '«',
        "raquo" => '»',
        "times" => '×',
        "divide" => '÷',
        "plusmn" => '±',
        "deg" => '°',
        "yen" => '¥',
        "emsp" => '\u{2003}',
        "ensp" => '\u{2002}',
        "thinsp" => '\u{2009}',
        "ordm" => 'º',
        "sect" => '§',
        "permil" => '‰',
        "rarr" => '→',
        "larr" => '←',
        "uarr" => '↑',
        "darr" => '↓',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        "shy" => '\u{ad}',
        _ => return None,
    })
}

/// The entity at `s` (which starts with `&`): its char and length.
fn entity_at(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    let semi = b.iter().take(12).position(|&c| c == b';');
    if b.get(1) == Some(&b'#') {
        let (hex, d0) = match b.get(2) {
            Some(b'x' | b'X') => (true, 3),
            _ => (false, 2),
        };
        let mut d1 = d0;
        while d1 < b.len()
            && d1 < d0 + 8
            && (if hex {
                b[d1].is_ascii_hexdigit()
            } else {
                b[d1].is_ascii_digit()
            })
        {
            d1 += 1;
        }
        if d1 == d0 {
            return None;
        }
        let v = u32::from_str_radix(&s[d0..d1], if hex { 16 } else { 10 }).ok()?;
        let c = char::from_u32(v)
            .filter(|c| *c != '\0')
            .unwrap_or('\u{FFFD}');
        let len = if b.get(d1) == Some(&b';') { d1 + 1 } else { d1 };
        return Some((c, len));
    }
    let end = match semi {
        Some(p) => p,
        None => {
            // `&nbsp` without its semicolon, as browsers read it.
            let n = b[1..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
            return ["nbsp", "amp", "lt", "gt", "quot", "copy"]
                .into_iter()
                .find(|e| s[1..1 + n].eq_ignore_ascii_case(e))
                .and_then(|e| named_entity(e).map(|c| (c, 1 + e.len())));
        }
    };
    named_entity(&s[1..end]).map(|c| (c, end + 1))
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x3000..=0x303F | 0xFF00..=0xFFEF)
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}' | '\u{a0}')
}

/// Inline text with whitespace collapsed as a browser does, mapped back.
/// `push(c, start, end)` gets each char of the result with the decoded
/// range it stands for.
struct Inline {
    text: String,
    /// (derived len, decoded start, decoded end) per char.
    spans: Vec<(u8, usize, usize)>,
    /// A whitespace run waiting: its first char's range and whether it held
    /// a line break.
    pending: Option<(usize, usize, bool)>,
    /// Emitted a blank line last (no two in a row).
    pre: bool,
}

impl Inline {
    fn new() -> Inline {
        Inline {
            text: String::new(),
            spans: Vec::new(),
            pending: None,
            pre: false,
        }
    }

    fn push(&mut self, c: char, s: usize, e: usize) {
        self.text.push(c);
        self.spans.push((c.len_utf8() as u8, s, e));
    }

    fn line_is_empty(&self) -> bool {
        !self.text.is_empty() && self.text.ends_with('\n') || self.text.is_empty()
    }

    /// One char of text at decoded `s..e`.
    fn char(&mut self, c: char, s: usize, e: usize) {
        if self.pre && c == '\n' {
            self.push('\n', s, e);
            return;
        }
        if is_space(c) && !self.pre {
            match &mut self.pending {
                Some((_, _, nl)) => *nl |= c == '\n',
                None => self.pending = Some((s, e, c == '\n')),
            }
            return;
        }
        if let Some((ps, pe, nl)) = self.pending.take()
            && !self.line_is_empty()
        {
            let prev = self.text.chars().next_back().unwrap_or(' ');
            if !(prev.is_whitespace() || nl && is_cjk(prev) && is_cjk(c)) {
                self.push(' ', ps, pe);
            }
        }
        let c = if c == '\u{a0}' { ' ' } else { c };
        self.push(c, s, e);
    }

    /// Ends the line (if it has text) with a break standing for `at`.
    fn line_break(&mut self, at: (usize, usize), blank_ok: bool) {
        self.pending = None;
        // Trailing spaces of the line go.
        while self.text.ends_with(' ') && !self.pre {
            self.text.pop();
            self.spans.pop();
        }
        let blank = blank_ok && !self.text.is_empty() && !self.text.ends_with("\n\n");
        if !self.line_is_empty() || blank {
            self.push('\n', at.0, at.1);
        }
    }

    /// Text `src[s..e]`, entities decoded.
    fn text_run(&mut self, src: &str, s: usize, e: usize) {
        let mut i = s;
        while i < e {
            let rest = &src[i..e];
            let c = rest.chars().next().expect("non-empty");
            if c == '&'
                && let Some((d, len)) = entity_at(rest)
            {
                self.char(d, i, i + len);
                i += len;
                continue;
            }
            self.char(c, i, i + c.len_utf8());
            i += c.len_utf8();
        }
    }
}

/// Chinese text under an element.
#[derive(Clone, Copy, Default)]
struct Weight {
    /// CJK chars not in links, and in links, of the whole subtree.
    text: usize,
    links: usize,
    /// CJK chars and sentence punctuation of the element's own lines
    /// (direct text and inline children).
    own: usize,
    own_punct: usize,
}

struct Page<'a> {
    tree: &'a Tree,
    src: &'a str,
    weights: Vec<Weight>,
    scores: Vec<f64>,
    parent: Vec<usize>,
}

fn is_block(tag: &str) -> bool {
    BLOCKS.contains(&tag) || matches!(tag, "td" | "th")
}

impl Page<'_> {
    fn dropped(&self, e: usize) -> bool {
        let el = &self.tree.elems[e];
        el.noise || DROPPED.contains(&el.tag.as_str())
    }

    fn link_dense(&self, e: usize) -> bool {
        let w = self.weights[e];
        let tag = self.tree.elems[e].tag.as_str();
        matches!(
            tag,
            "ul" | "ol" | "div" | "table" | "dl" | "p" | "section" | "td" | "tr" | "span"
        ) && w.links > 0
            && w.links > w.text
    }

    /// Weighs the subtree of `e` and scores its blocks: each block's own
    /// text counts for itself, its parent and (half) its grandparent, as
    /// readability does.
    fn weigh(&mut self, e: usize, in_link: bool, parent: usize, grand: usize) -> Weight {
        let mut w = Weight::default();
        self.parent[e] = parent;
        if self.dropped(e) {
            return w;
        }
        let link = in_link || self.tree.elems[e].tag == "a";
        let tree = self.tree;
        for child in &tree.elems[e].children {
            match *child {
                Node::Text(s, t) => {
                    for c in self.src[s..t].chars() {
                        if matches!(c, '，' | '。' | '；' | '、' | '：') {
                            w.own_punct += 1;
                        }
                        if is_cjk(c) {
                            if link {
                                w.links += 1;
                            } else {
                                w.text += 1;
                                w.own += 1;
                            }
                        }
                    }
                }
                Node::Elem(c) => {
                    let cw = self.weigh(c, link, e, parent);
                    w.text += cw.text;
                    w.links += cw.links;
                    if !is_block(&tree.elems[c].tag) {
                        w.own += cw.own;
                        w.own_punct += cw.own_punct;
                    }
                }
            }
        }
        self.weights[e] = w;
        if is_block(&tree.elems[e].tag) && w.own > 0 {
            let points = w.own as f64 + 2.0 * w.own_punct as f64;
            self.scores[e] += points;
            self.scores[parent] += points;
            self.scores[grand] += points / 2.0;
        }
        w
    }

    /// Neither `e` nor any element holding it is dropped.
    fn kept(&self, mut e: usize) -> bool {
        for _ in 0..self.parent.len() {
            if self.dropped(e) {
                return false;
            }
            if e == 0 {
                return true;
            }
            e = self.parent[e];
        }
        true
    }

    fn inside(&self, mut e: usize, ancestor: usize) -> bool {
        for _ in 0..self.parent.len() {
            if e == ancestor {
                return true;
            }
            if e == 0 {
                return false;
            }
            e = self.parent[e];
        }
        false
    }

    /// Writes the text of `e` into `out`; `filter` drops link-dense blocks.
    fn render(&self, e: usize, out: &mut Inline, filter: bool) {
        let tree = self.tree;
        for child in &tree.elems[e].children {
            match *child {
                Node::Text(s, t) => out.text_run(self.src, s, t),
                Node::Elem(c) => {
                    let el = &tree.elems[c];
                    if self.dropped(c) || (filter && self.link_dense(c)) {
                        continue;
                    }
                    let tag = el.tag.as_str();
                    if tag == "br" {
                        out.line_break(el.open, true);
                        continue;
                    }
                    if matches!(tag, "td" | "th") {
                        if !out.line_is_empty() {
                            out.pending = None;
                            out.push('\t', el.open.0, el.open.1);
                        }
                        self.render(c, out, filter);
                        continue;
                    }
                    if !is_block(tag) {
                        self.render(c, out, filter);
                        continue;
                    }
                    out.line_break(el.open, false);
                    let before = out.text.len();
                    let was_pre = out.pre;
                    out.pre |= tag == "pre";
                    self.render(c, out, filter);
                    out.pre = was_pre;
                    // An empty paragraph is a blank line.
                    let blank = out.text.len() == before && matches!(tag, "p" | "div");
                    out.line_break(el.close, blank);
                }
            }
        }
    }
}

/// The page's main text, as decoded-text chars with their ranges.
fn main_text(src: &str) -> Inline {
    let tree = parse(src);
    let n = tree.elems.len();
    let mut page = Page {
        tree: &tree,
        src,
        weights: vec![Weight::default(); n],
        scores: vec![0.0; n],
        parent: vec![0; n],
    };
    let root = page.weigh(0, false, 0, 0);
    page.scores[0] = 0.0;
    // The best block; the whole page when it holds too little of the text
    // (the content is spread over blocks).
    let best = (1..n)
        .filter(|&e| !page.dropped(e))
        .max_by(|&a, &b| page.scores[a].total_cmp(&page.scores[b]))
        .filter(|&e| page.weights[e].text * 10 >= root.text * 6)
        .unwrap_or(0);
    let mut out = Inline::new();
    // The article's title, when it stands outside the block.
    let h1 =
        (1..n).find(|&e| tree.elems[e].tag == "h1" && page.weights[e].text > 0 && page.kept(e));
    match h1 {
        Some(h) if !page.inside(h, best) => {
            page.render_one(h, &mut out);
        }
        None => {
            if let Some((ts, te)) = tree.title {
                let raw = &src[ts..te];
                let cut = raw
                    .char_indices()
                    .find(|&(i, c)| {
                        matches!(c, '_' | '|' | '－' | '—' | '｜')
                            || (c == '-' && raw[..i].ends_with(' '))
                    })
                    .map_or(raw.len(), |(i, _)| i);
                let mut t = Inline::new();
                t.text_run(src, ts, ts + cut);
                let title = t.text.trim().to_string();
                let mut body = Inline::new();
                page.render(best, &mut body, true);
                let first = body
                    .text
                    .lines()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("");
                if !title.is_empty() && !first.contains(&title) && !body.text.contains(&title) {
                    out.text_run(src, ts, ts + cut);
                    out.line_break((te, te), false);
                }
            }
        }
        _ => {}
    }
    // The block itself may be preformatted.
    out.pre = tree.elems[best].tag == "pre";
    page.render(best, &mut out, true);
    out.pre = false;
    out.line_break((src.len(), src.len()), false);
    while out.text.starts_with('\n') {
        out.text.remove(0);
        out.spans.remove(0);
    }
    out
}

impl Page<'_> {
    fn render_one(&self, e: usize, out: &mut Inline) {
        let el = &self.tree.elems[e];
        out.line_break(el.open, false);
        self.render(e, out, false);
        out.line_break(el.close, false);
    }
}

/// Does the text look like a web page? (`<!doctype html>`, `<html>`,
/// `<head>`, `<body>`, or markup of paragraphs near the start.)
pub fn sniff(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let lead = &head[start..];
    let has = |n: &[u8]| find_ci(head, 0, n).is_some();
    if lead.first() == Some(&b'<') {
        let s = &lead[..lead.len().min(16)];
        let starts = |n: &[u8]| s.len() >= n.len() && s[..n.len()].eq_ignore_ascii_case(n);
        if starts(b"<!doctype html")
            || starts(b"<html")
            || starts(b"<head")
            || starts(b"<body")
            || starts(b"<meta")
        {
            return true;
        }
        if (starts(b"<?xml") || starts(b"<!--")) && has(b"<html") {
            return true;
        }
        if (starts(b"<p") || starts(b"<div") || starts(b"<table") || starts(b"<h1"))
            && (has(b"</p>") || has(b"</div>") || has(b"</td>") || has(b"</h1>"))
        {
            return true;
        }
    }
    has(b"<html") && (has(b"<head") || has(b"<body"))
}

/// The charset a page declares in its first bytes (`<meta charset=…>` or
/// `content="text/html; charset=…"`), lowercased.
pub fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let at = find_ci(head, 0, b"charset")?;
    let rest = &head[at + 7..];
    let rest = rest
        .iter()
        .position(|&b| b == b'=')
        .filter(|&p| p < 3)
        .map(|p| &rest[p + 1..])?;
    let v: String = rest
        .iter()
        .skip_while(|&&b| b == b'"' || b == b'\'' || b == b' ')
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        .map(|&b| (b as char).to_ascii_lowercase())
        .collect();
    (!v.is_empty()).then_some(v)
}

/// Reads a saved page: decoded as text is (BOM, UTF-8, GBK …, the
/// declared charset as a tiebreak), then its main text.
pub fn read(name: &str, bytes: Vec<u8>) -> Result<SourceFile, ReadError> {
    let declared = declared_charset(&bytes);
    let mut sf = decode(name, bytes)?;
    if let Some(cs) = &declared {
        let gb = matches!(
            cs.as_str(),
            "gbk" | "gb2312" | "gb18030" | "x-gbk" | "cp936"
        );
        let utf = cs.starts_with("utf");
        let got_gb = matches!(sf.encoding, super::Encoding::Gb18030);
        if (gb && !got_gb && !sf.text.is_ascii() && !matches!(sf.encoding, super::Encoding::Mixed))
            || (utf && got_gb)
        {
            sf.warnings.push(ReadError::warning(
                name,
                format!(
                    "the page declares charset {cs} but reads as {}: read as {}",
                    sf.encoding.name(),
                    sf.encoding.name()
                ),
            ));
        }
    }
    let inline = main_text(&sf.text);
    let mut b = SourceMapBuilder::new();
    for &(len, s, e) in &inline.spans {
        b.push_char(len as usize, sf.map.orig_start(s), sf.map.orig_end(e));
    }
    sf.map = b.finish();
    sf.text = inline.text;
    sf.format = Format::Html;
    Ok(sf)
}

/// Text of a span of a page as the reader makes it: tags dropped,
/// entities decoded, white space collapsed (what a quote of a page is).
pub fn fragment_text(raw: &str) -> String {
    let tree = parse(raw);
    let n = tree.elems.len();
    let mut page = Page {
        tree: &tree,
        src: raw,
        weights: vec![Weight::default(); n],
        scores: vec![0.0; n],
        parent: vec![0; n],
    };
    page.weigh(0, false, 0, 0);
    let mut out = Inline::new();
    page.render(0, &mut out, false);
    if out.pre || out.pending.is_some() {
        // Trailing white space of the span stands for itself.
    }
    out.text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_script_and_entities_go() {
        let page = "<!DOCTYPE html><html><head><title>县总工会2020年工作总结_某某网</title>\
<script>var x=\"1000万元\";</script><style>p{}</style></head><body>\
<div class=\"nav\"><a href=\"/\">首页</a><a href=\"/a\">工会动态</a></div>\
<div class=\"breadcrumb\">当前位置：<a>首页</a> &gt; <a>工作动态</a></div>\
<div class=\"main\"><h1>县总工会2020年工作总结</h1><div class=\"content\">\
<p>&nbsp;&nbsp;一、加强组织建设</p><p>全年发展会员200名，\n入会率达到95%以上。</p>\
<p>发放资金<b>100</b>万元&amp;慰问职工。</p></div></div>\
<ul><li><a>相关链接一</a></li><li><a>相关链接二</a></li></ul>\
<div class=\"footer\">© 2020 县总工会 版权所有</div></body></html>";
        let t = main_text(page);
        assert_eq!(
            t.text,
            "县总工会2020年工作总结\n一、加强组织建设\n全年发展会员200名，入会率达到95%以上。\n发放资金100万元&慰问职工。\n"
        );
        let i = t.text.find("100万元").unwrap();
        let _ = i;
        assert_eq!(fragment_text("100</b>万元&amp;慰问"), "100万元&慰问");
    }

    #[test]
    fn without_an_h1_the_title_is_the_pages_less_the_site() {
        let t = main_text(
            "<html><head><title>县总工会2021年工作计划_清河县总工会网</title></head><body>\
<div class=\"content\"><p>一、加强组织建设。全年发展会员200名。</p><p>二、做好困难帮扶，发放资金100万元。</p></div></body></html>",
        );
        assert_eq!(
            t.text,
            "县总工会2021年工作计划\n一、加强组织建设。全年发展会员200名。\n二、做好困难帮扶，发放资金100万元。\n"
        );
        // A page whose text is preformatted keeps its lines.
        let t = main_text(
            "<html><body><pre>县总工会工作计划\n一、加强  组织建设\n</pre></body></html>",
        );
        assert_eq!(t.text, "县总工会工作计划\n一、加强  组织建设\n");
    }

    #[test]
    fn tables_give_rows_and_cells() {
        let t = main_text(
            "<html><body><table><tr><td>项目</td><td>金额</td><tr><td>帮扶</td><td>100万元</td></table></body></html>",
        );
        assert_eq!(t.text, "项目\t金额\n帮扶\t100万元\n");
    }

    #[test]
    fn sniffs_pages_not_text() {
        assert!(sniff(b"<!DOCTYPE html><html>"));
        assert!(sniff(b"\xEF\xBB\xBF  <html lang=zh>"));
        assert!(sniff(b"<p>a</p>"));
        assert!(!sniff("县总工会工作计划\n一、加强".as_bytes()));
        assert!(!sniff(b"<<a>> b"));
        assert_eq!(
            declared_charset(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
            ),
            Some("gb2312".into())
        );
        assert_eq!(
            declared_charset(b"<meta charset=\"GBK\">"),
            Some("gbk".into())
        );
    }
}
