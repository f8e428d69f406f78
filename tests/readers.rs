//! The reader layer: every corpus file and every seed report, written in
//! the test as a Word .docx (one paragraph per line, the title as Heading
//! 1, some lines in a table, list markers as Word auto-numbering in every
//! other file) and as a saved web page (navigation, breadcrumb, sidebar
//! links, footer with © 2020, a script with a figure in it, `&nbsp;`, some
//! pages in GBK), reads to the same documents, sections, figures and topics
//! as the plain text; every figure quote reads back from the text view.
//! Converted seed files live only in a temporary folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use gonghui::clean::fold_char;
use gonghui::pipeline::{FileAnalysis, Resources, Stages, analyze_source};
use gonghui::read::{Format, decode, read_bytes};

#[path = "common/shared.rs"]
mod shared;

fn inputs() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("corpus")];
    if seeds_here() {
        dirs.push(root.join("../shared/seeds"));
    }
    let mut v = Vec::new();
    for dir in dirs {
        let mut ps: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        ps.sort();
        v.extend(ps);
    }
    v
}

/// Whether the seed reports are beside the checkout (said once per call
/// when they are not; under `CI` they must be).
fn seeds_here() -> bool {
    shared::present("seeds")
}

fn squash(s: &str) -> String {
    s.chars()
        .filter_map(fold_char)
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A typed list marker this test can give to Word: level and number.
fn typed_marker(line: &str) -> Option<(usize, u32, usize)> {
    const CN: &str = "一二三四五六七八九十";
    let cn_value = |s: &str| -> Option<u32> {
        let cs: Vec<u32> = s
            .chars()
            .map(|c| CN.chars().position(|d| d == c).map(|p| p as u32 + 1))
            .collect::<Option<_>>()?;
        match cs.as_slice() {
            [d] => Some(*d),
            [10, d] if *d < 10 => Some(10 + d),
            [t, 10] if *t < 10 => Some(t * 10),
            [t, 10, d] if *t < 10 && *d < 10 => Some(t * 10 + d),
            _ => None,
        }
    };
    let n: String = line.chars().take_while(|c| CN.contains(*c)).collect();
    if !n.is_empty() && line[n.len()..].starts_with('、') {
        return cn_value(&n).map(|v| (0, v, n.len() + '、'.len_utf8()));
    }
    if let Some(rest) = line.strip_prefix('（') {
        let n: String = rest.chars().take_while(|c| CN.contains(*c)).collect();
        if !n.is_empty() && rest[n.len()..].starts_with('）') {
            return cn_value(&n).map(|v| (1, v, '（'.len_utf8() * 2 + n.len()));
        }
    }
    let d: String = line.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !d.is_empty() && d.len() < 3 && line[d.len()..].starts_with('.') {
        let after = line[d.len() + 1..].chars().next();
        if after.is_some_and(|c| !c.is_ascii_digit()) {
            return d.parse().ok().map(|v| (2, v, d.len() + 1));
        }
    }
    None
}

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="ListLevel1"><w:name w:val="List Level 1"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
</w:styles>"#;

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

/// Runs of a line: split in two, tabs as `w:tab`.
fn runs(line: &str) -> String {
    let mid = (line.len() / 2..=line.len())
        .find(|&i| line.is_char_boundary(i))
        .unwrap_or(line.len());
    let mut out = String::new();
    for part in [&line[..mid], &line[mid..]] {
        if part.is_empty() {
            continue;
        }
        out.push_str("<w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr>");
        for (k, piece) in part.split('\t').enumerate() {
            if k > 0 {
                out.push_str("<w:tab/>");
            }
            if !piece.is_empty() {
                out.push_str(&format!(
                    "<w:t xml:space=\"preserve\">{}</w:t>",
                    xml_escape(piece)
                ));
            }
        }
        out.push_str("</w:r>");
    }
    out
}

/// A minimal valid .docx of `text`: a paragraph per line, the first as
/// Heading 1, a few plain lines a Word table (a cell a row), and with
/// `numbered` the typed markers 一、 （一） 1. given to Word's numbering
/// where Word would count the same.
fn docx_of(text: &str, numbered: bool) -> (Vec<u8>, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let table_from = lines.len() * 2 / 5;
    let is_table = |i: usize, l: &str| {
        (table_from..table_from + 4).contains(&i)
            && i > 0
            && !l.trim().is_empty()
            && typed_marker(l).is_none()
    };
    let mut body = String::new();
    let mut counters: [u32; 3] = [0; 3];
    let mut in_table = false;
    let mut auto = 0;
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim_end_matches('\r');
        if is_table(i, line) {
            if !in_table {
                body.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>");
                in_table = true;
            }
            body.push_str(&format!(
                "<w:tr><w:tc><w:tcPr><w:tcW w:w=\"8000\" w:type=\"dxa\"/></w:tcPr><w:p>{}</w:p></w:tc></w:tr>",
                runs(line)
            ));
            continue;
        }
        if in_table {
            body.push_str("</w:tbl>");
            in_table = false;
        }
        if line.is_empty() {
            body.push_str("<w:p/>");
            continue;
        }
        let mut ppr = String::new();
        let mut shown = line;
        if i == 0 {
            ppr.push_str("<w:pStyle w:val=\"Heading1\"/>");
        } else if numbered
            && let Some((lvl, n, len)) = typed_marker(line)
            && n == counters[lvl] + 1
        {
            {
                counters[lvl] = n;
                for c in counters.iter_mut().skip(lvl + 1) {
                    *c = 0;
                }
                shown = &line[len..];
                auto += 1;
                if lvl == 0 {
                    // Through the style's numbering, as Word's list styles do.
                    ppr.push_str("<w:pStyle w:val=\"ListLevel1\"/>");
                } else {
                    ppr.push_str(&format!(
                        "<w:numPr><w:ilvl w:val=\"{lvl}\"/><w:numId w:val=\"1\"/></w:numPr>"
                    ));
                }
            }
        }
        body.push_str(&format!("<w:p><w:pPr>{ppr}</w:pPr>{}</w:p>", runs(shown)));
    }
    if in_table {
        body.push_str("</w:tbl>");
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {NS}><w:body>{body}<w:sectPr><w:footerReference w:type="default" r:id="rId9"/></w:sectPr></w:body></w:document>"#
    );
    let footer = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr {NS}><w:p><w:r><w:t>© 2020 页脚文字 下拨经费500万元</w:t></w:r></w:p></w:ftr>"#
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, content) in [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string(),
        ),
        (
            "word/_rels/document.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#.to_string(),
        ),
        ("word/document.xml", document),
        ("word/styles.xml", STYLES.to_string()),
        ("word/numbering.xml", NUMBERING.to_string()),
        ("word/footer1.xml", footer),
    ] {
        zip.start_file(name, opts).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    (zip.finish().unwrap().into_inner(), auto)
}

/// The text as a page saved from a union's site: furniture all around the
/// article, the title as `<h1>`, a paragraph per line.
fn html_of(text: &str, gbk: bool) -> Vec<u8> {
    let mut lines = text.lines();
    let title = lines.next().unwrap_or("").trim_end_matches('\r');
    let mut article = String::new();
    for l in lines {
        let l = l.trim_end_matches('\r');
        if l.trim().is_empty() {
            article.push_str("<p>&nbsp;</p>\n");
        } else {
            article.push_str(&format!(
                "<p style=\"text-indent:2em\">&nbsp;&nbsp;{}</p>\n",
                xml_escape(l)
            ));
        }
    }
    let page = format!(
        r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{charset}">
<title>{t}_清河县总工会网</title>
<style>.nav {{ color: #333 }} p {{ margin: 0 }}</style>
<script type="text/javascript">var x="1000万元"; var visits = 2020;</script>
</head>
<body>
<div class="top-nav"><a href="/">首页</a> | <a href="/news">工会要闻</a> | <a href="/gk">政务公开</a> | <a href="/fw">服务职工</a></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/news">工作动态</a> &gt; 正文</div>
<div class="wrap">
<div class="left-sidebar"><h3>热点专题</h3><ul><li><a href="/a">2021年职工技能大赛报名</a></li><li><a href="/b">困难职工帮扶政策问答</a></li></ul></div>
<div class="main">
<div class="article">
<h1 class="article-title">{title}</h1>
<div class="article-content">
{article}</div>
</div>
<ul><li><a href="/p1">上一篇：关于开展2019年送温暖活动的通知</a></li><li><a href="/p2">下一篇：市总工会召开2020年工作会议</a></li></ul>
</div>
</div>
<div class="footer"><p>© 2020 清河县总工会 版权所有 地址：清河县人民路100号 电话：0571-88888888</p><script>document.write("访问量：500万人次")</script></div>
</body>
</html>
"#,
        charset = if gbk { "gbk" } else { "utf-8" },
        t = xml_escape(title),
        title = xml_escape(title),
    );
    if gbk {
        encoding_rs::GB18030.encode(&page).0.into_owned()
    } else {
        page.into_bytes()
    }
}

/// What must be the same: per document its title, headings, figures
/// (kind, value), topics, and the figures' quotes.
#[derive(Debug, PartialEq)]
struct Digest {
    title: String,
    headings: Vec<String>,
    figures: Vec<String>,
    quotes: Vec<String>,
    topics: Vec<&'static str>,
}

fn digest(fa: &FileAnalysis) -> Vec<Digest> {
    fa.documents
        .iter()
        .map(|d| Digest {
            title: squash(&d.doc.title),
            headings: d
                .sections
                .sections
                .iter()
                .map(|s| squash(&format!("{}{}", s.marker, s.heading)))
                .collect(),
            figures: d
                .figures
                .iter()
                .map(|f| format!("{:?} {:?}", f.figure.kind, f.figure.value))
                .collect(),
            quotes: d
                .figures
                .iter()
                .map(|f| squash(&fa.original(f.figure.start, f.figure.end)))
                .collect(),
            topics: d.topics.iter().map(|t| t.topic).collect(),
        })
        .collect()
}

fn run_text(path: &Path) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gonghui"))
        .args(["text", "-q"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every figure's span reads back: from `gonghui text` for a text view
/// (Word, PDF), from the page for a web page, as the quote.
fn spans_read_back(fa: &FileAnalysis, printed: Option<&str>) {
    for d in &fa.documents {
        for f in &d.figures {
            let span = fa.clean.orig_span(f.figure.start, f.figure.end);
            let quote = fa.original(f.figure.start, f.figure.end);
            if let Some(view) = printed {
                assert_eq!(&view[span.0..span.1], quote, "{}: {span:?}", fa.source.name);
            }
            assert_eq!(fa.source.span_text(span), quote);
            assert_eq!(
                squash(&quote),
                squash(&fa.clean.text[f.figure.start..f.figure.end])
            );
        }
    }
}

#[test]
fn word_and_web_pages_read_as_their_text() {
    let res = Resources::load(None).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let (mut files, mut autonumbered, mut gbk_pages, mut figures) = (0, 0, 0, 0);
    for (k, path) in inputs().iter().enumerate() {
        let name = path.display().to_string();
        let plain = decode(&name, std::fs::read(path).unwrap()).unwrap();
        let text = plain.text.clone();
        let want = analyze_source(plain, &res, Stages::ALL);
        let want_d = digest(&want);
        figures += want_d.iter().map(|d| d.figures.len()).sum::<usize>();

        // Word.
        let numbered = k % 2 == 0;
        let (docx, auto) = docx_of(&text, numbered);
        autonumbered += auto;
        let at = tmp.path().join(format!("{k}.docx"));
        std::fs::write(&at, &docx).unwrap();
        let sf = read_bytes(&at.display().to_string(), docx).unwrap();
        assert_eq!(sf.format, Format::Docx);
        assert!(
            !sf.text.contains("页脚文字"),
            "{name}: the footer part was read"
        );
        let got = analyze_source(sf, &res, Stages::ALL);
        let printed = run_text(&at);
        assert_eq!(
            printed, got.source.text,
            "{name}: gonghui text prints the view"
        );
        assert_eq!(
            digest(&got),
            want_d,
            "{name} as .docx (numbered: {numbered})"
        );
        spans_read_back(&got, Some(&printed));

        // A saved page.
        let gbk = k % 3 == 1;
        gbk_pages += gbk as usize;
        let page = html_of(&text, gbk);
        let sf = read_bytes(&format!("{name}.html"), page).unwrap();
        assert_eq!(sf.format, Format::Html);
        for noise in [
            "1000万元",
            "© 2020",
            "版权所有",
            "当前位置",
            "热点专题",
            "上一篇",
            "访问量",
            "\u{a0}",
            "&nbsp;",
        ] {
            // (Scraped corpus files keep some furniture in their own text.)
            assert!(
                text.contains(noise) || !sf.text.contains(noise),
                "{name}: page furniture {noise:?} read"
            );
        }
        let got = analyze_source(sf, &res, Stages::ALL);
        assert_eq!(digest(&got), want_d, "{name} as a saved page (GBK: {gbk})");
        spans_read_back(&got, None);
        files += 1;
    }
    // The corpus alone (a fresh clone) has 16 files and 94 markers Word can
    // number; the seeds add 5 files and more markers.
    let (want_files, want_numbered) = if seeds_here() { (21, 100) } else { (16, 90) };
    assert!(
        files >= want_files && autonumbered >= want_numbered && gbk_pages >= 5 && figures > 300,
        "{files} files (want {want_files}), {autonumbered} numbered markers (want {want_numbered}), {gbk_pages} GBK pages, {figures} figures"
    );
    println!(
        "{files} files as .docx and .html, {autonumbered} markers as Word numbering, {gbk_pages} GBK pages, {figures} figures each"
    );
}
