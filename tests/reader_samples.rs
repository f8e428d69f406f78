//! Files as LibreOffice writes them (made from corpus files, committed in
//! `tests/data/readers/`: `soffice --convert-to doc|docx|pdf`), and
//! malformed inputs: each bad one is one clear error naming the file, never
//! a panic or a hang, and the other inputs of the run go on.
//!
//! A .wps saved by WPS Office is a Word 97 binary in a compound file;
//! LibreOffice has no .wps export, so the .wps sample is a LibreOffice .doc
//! named .wps: it takes the same path (detected by content, not by name).

use std::io::{Cursor, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use gonghui::read::{Format, decode, read_bytes};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/readers")
        .join(name)
}

fn corpus(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name);
    decode(name, std::fs::read(p).unwrap()).unwrap().text
}

/// Lines without white space, empty lines dropped.
fn normalised(s: &str) -> Vec<String> {
    s.lines()
        .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .filter(|l| !l.is_empty())
        .collect()
}

fn read_sample(name: &str) -> gonghui::read::SourceFile {
    let p = data(name);
    read_bytes(&p.display().to_string(), std::fs::read(&p).unwrap())
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn word_binaries_read_to_their_source_text() {
    for (sample, source) in [
        ("company_2018_plan.doc", "company_2018_plan.txt"),
        ("school_2018_term1_plan.wps", "school_2018_term1_plan.txt"),
        ("company_2018_plan.docx", "company_2018_plan.txt"),
    ] {
        assert!(std::fs::metadata(data(sample)).unwrap().len() < 100_000);
        let sf = read_sample(sample);
        let want = if sample.ends_with(".docx") {
            Format::Docx
        } else {
            Format::Doc
        };
        assert_eq!(sf.format, want, "{sample}");
        assert_eq!(
            normalised(&sf.text),
            normalised(&corpus(source)),
            "{sample}"
        );
        // Each line knows its paragraph.
        assert!(sf.origins.iter().any(|o| o.place.contains("paragraph 2")));
    }
}

/// Figures (kind, value) of a file, in order.
fn figures(sf: gonghui::read::SourceFile) -> Vec<String> {
    let res = gonghui::pipeline::Resources::load(None).unwrap();
    let fa = gonghui::pipeline::analyze_source(sf, &res, gonghui::pipeline::Stages::ALL);
    fa.documents
        .iter()
        .flat_map(|d| d.figures.iter())
        .map(|f| format!("{:?} {:?}", f.figure.kind, f.figure.value))
        .collect()
}

#[test]
fn a_pdf_with_a_text_layer_reads_and_one_without_a_font_map_is_refused() {
    // Made where a CJK font was installed: the text layer maps to Unicode.
    let sf = read_sample("agency_2017_plan.pdf");
    assert_eq!(sf.format, Format::Pdf);
    // Best effort: the lines are the page's (wrapped), the text in order.
    let got = normalised(&sf.text).concat();
    let source = corpus("agency_2017_plan.txt");
    assert_eq!(got, normalised(&source).concat());
    assert!(sf.origins.iter().all(|o| o.place.starts_with("page ")));
    let plain = decode("agency_2017_plan.txt", source.into_bytes()).unwrap();
    assert_eq!(figures(sf), figures(plain));
    // Made where no CJK font was installed: every Chinese glyph maps to
    // one char. Refused, never guessed at.
    let p = data("company_2018_plan.no_cjk_font.pdf");
    let e = read_bytes("x.pdf", std::fs::read(p).unwrap()).unwrap_err();
    assert!(e.reason.contains("garbled"), "{e}");
}

/// A zip of the given entries.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().large_file(true);
    for (name, content) in entries {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(content).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A PDF of one page with nothing but an image-less content stream: a
/// scan's shape, no text layer. Offsets in the xref are exact.
fn pdf_without_text() -> Vec<u8> {
    let objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        "<< /Length 8 >>\nstream\nq 1 0 0 1 0 0 cm Q\nendstream",
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// The .doc sample with the FIB's fEncrypted flag set.
fn encrypted_doc() -> Vec<u8> {
    let bytes = std::fs::read(data("company_2018_plan.doc")).unwrap();
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes)).unwrap();
    {
        let mut s = cf.open_stream("/WordDocument").unwrap();
        let mut fib = [0u8; 12];
        s.read_exact(&mut fib).unwrap();
        let flags = u16::from_le_bytes([fib[10], fib[11]]) | 0x0100;
        s.seek(SeekFrom::Start(10)).unwrap();
        s.write_all(&flags.to_le_bytes()).unwrap();
        s.flush().unwrap();
    }
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}

/// A compound file that is not a Word document (an Excel-like stream).
fn not_word_ole() -> Vec<u8> {
    let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    cf.create_stream("/Workbook")
        .unwrap()
        .write_all(&[0u8; 600])
        .unwrap();
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}

fn bad_inputs() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let good_docx = std::fs::read(data("company_2018_plan.docx")).unwrap();
    let spaces = vec![b' '; 20 << 20];
    let zeros = vec![b'0'; 65 << 20];
    vec![
        (
            "truncated.docx",
            good_docx[..good_docx.len() / 2].to_vec(),
            "truncated",
        ),
        (
            "ratio_bomb.docx",
            zip_of(&[("word/document.xml", &spaces)]),
            "zip bomb",
        ),
        (
            "size_bomb.docx",
            zip_of(&[("word/document.xml", &zeros)]),
            "zip bomb",
        ),
        (
            "bad_xml.docx",
            zip_of(&[(
                "word/document.xml",
                b"<w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>100\xe4\xb8\x87\xe5\x85\x83</w:t></w:p></w:body>",
            )]),
            "malformed XML",
        ),
        (
            "cut_xml.docx",
            zip_of(&[(
                "word/document.xml",
                b"<w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>abc</w:t>",
            )]),
            "malformed XML",
        ),
        (
            "sheet.docx",
            zip_of(&[("xl/workbook.xml", b"<workbook/>")]),
            "not a Word",
        ),
        ("encrypted.doc", encrypted_doc(), "encrypted"),
        ("sheet.doc", not_word_ole(), "not a Word binary"),
        ("scan.pdf", pdf_without_text(), "no text layer"),
    ]
}

#[test]
fn each_malformed_input_is_one_clear_error() {
    for (name, bytes, reason) in bad_inputs() {
        let started = Instant::now();
        let e = read_bytes(name, bytes).expect_err(name);
        assert_eq!(e.file, name);
        assert!(e.reason.contains(reason), "{name}: {e}");
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{name} took too long"
        );
    }
}

#[test]
fn a_run_over_bad_inputs_reads_the_good_ones_and_counts_the_bad() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let bad = bad_inputs();
    for (name, bytes, _) in &bad {
        std::fs::write(input.join(name), bytes).unwrap();
    }
    for s in ["company_2018_plan.doc", "company_2018_plan.docx"] {
        std::fs::copy(data(s), input.join(s)).unwrap();
    }
    let out_dir = dir.path().join("out");
    let out = Command::new(env!("CARGO_BIN_EXE_gonghui"))
        .args(["-q", "analyze"])
        .arg(&input)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for (name, _, reason) in &bad {
        let line = stderr
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not reported: {stderr}"));
        assert!(line.contains(reason), "{line}");
    }
    assert!(
        stderr.contains(&format!("{} input(s) failed", bad.len())),
        "{stderr}"
    );
    let docs = std::fs::read_to_string(out_dir.join("documents.jsonl")).unwrap();
    assert_eq!(docs.lines().count(), 2, "{docs}");
    let errors = std::fs::read_to_string(out_dir.join("errors.jsonl")).unwrap();
    assert_eq!(
        errors.lines().filter(|l| l.contains("\"error\"")).count(),
        bad.len()
    );
}

#[test]
fn gonghui_text_prints_the_view_and_where_each_line_came_from() {
    let p = data("company_2018_plan.doc");
    let out = Command::new(env!("CARGO_BIN_EXE_gonghui"))
        .args(["text", "--format", "json"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rec = &v[0];
    assert_eq!(rec["format"], "doc");
    let text = rec["text"].as_str().unwrap();
    assert_eq!(text, read_sample("company_2018_plan.doc").text);
    let lines = rec["lines"].as_array().unwrap();
    assert!(!lines.is_empty());
    let first = &lines[0];
    let (s, e) = (
        first["start"].as_u64().unwrap() as usize,
        first["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        &text[s..e],
        corpus("company_2018_plan.txt").lines().next().unwrap()
    );
    assert!(first["place"].as_str().unwrap().contains("paragraph 1"));
    let _ = Path::new("");
}

#[test]
fn the_format_is_told_by_content_not_by_name() {
    let docx = std::fs::read(data("company_2018_plan.docx")).unwrap();
    assert_eq!(
        read_bytes("really_docx.doc", docx).unwrap().format,
        Format::Docx
    );
    let doc = std::fs::read(data("company_2018_plan.doc")).unwrap();
    assert_eq!(read_bytes("named.txt", doc).unwrap().format, Format::Doc);
    let page = "<html><head><meta charset=\"utf-8\"></head><body><p>县总工会2018年工作计划</p><p>发放帮扶资金100万元。</p></body></html>";
    let sf = read_bytes("saved_as.txt", page.as_bytes().to_vec()).unwrap();
    assert_eq!(sf.format, Format::Html);
    assert_eq!(sf.text, "县总工会2018年工作计划\n发放帮扶资金100万元。\n");
    // Plain text that mentions a tag stays text.
    let text = "县总工会2018年工作计划\n网页中的<p>标签不是正文。\n";
    assert_eq!(
        read_bytes("t.txt", text.as_bytes().to_vec()).unwrap().text,
        text
    );
    // A fragment of markup named .htm is a page.
    let frag = "县总工会工作计划<br>\n一、加强组织建设</br>全年发展会员200名。";
    let sf = read_bytes("f.htm", frag.as_bytes().to_vec()).unwrap();
    assert_eq!(sf.format, Format::Html);
    assert_eq!(
        sf.text,
        "县总工会工作计划\n一、加强组织建设\n全年发展会员200名。\n"
    );
}

#[test]
fn a_web_archive_reads_its_page() {
    let html = "<html><head><meta http-equiv=3D\"Content-Type\" content=3D\"text/html; charset=3Dutf-8\"><title>=E5=8E=BF</title></head>\r\n<body><div class=3D\"nav\"><a>=E9=A6=96=E9=A1=B5</a></div><h1>=E5=8E=BF=E6=80=BB=E5=B7=A5=E4=BC=9A2018=E5=B9=B4=E5=B7=A5=E4=BD=9C=E8=AE=A1=E5=88=92</h1>=\r\n<p>=E5=8F=91=E6=94=BE=E8=B5=84=E9=87=91100=E4=B8=87=E5=85=83=E3=80=82</p></body></html>\r\n";
    let mht = format!(
        "From: <Saved by Blink>\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----MultipartBoundary--abc\"\r\n\r\n------MultipartBoundary--abc\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Location: http://example.org/a.html\r\n\r\n{html}\r\n------MultipartBoundary--abc\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n------MultipartBoundary--abc--\r\n"
    );
    let sf = read_bytes("page.mht", mht.into_bytes()).unwrap();
    assert_eq!(sf.format, Format::Mht);
    assert_eq!(sf.text, "县总工会2018年工作计划\n发放资金100万元。\n");
    assert!(figures(sf).iter().any(|f| f.contains("Number(1000000.0)")));
}

/// Damaged copies of the samples (bytes overwritten, cut short at many
/// places): each is read or refused, never a panic, in bounded time.
#[test]
fn damaged_samples_never_panic() {
    let page = b"<html><body><div class=\"nav\"><a>x</a></div><p>\xe5\x8e\xbf&nbsp;100&#19975;\xe5\x85\x83<b>a</p><table><tr><td>1<td>2</table><script>var".to_vec();
    let mut samples = vec![("page.html", page)];
    for s in ["company_2018_plan.docx", "company_2018_plan.doc"] {
        samples.push((s, std::fs::read(data(s)).unwrap()));
    }
    let started = Instant::now();
    let mut seed = 0x2545F4914F6CDD1Du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for (name, bytes) in &samples {
        for k in 0..150 {
            let mut b = bytes.clone();
            if k % 3 == 0 {
                b.truncate((next() as usize) % b.len());
            } else {
                for _ in 0..1 + k % 4 {
                    let at = (next() as usize) % b.len();
                    b[at] = next() as u8;
                }
            }
            let r = std::panic::catch_unwind(|| read_bytes(name, b));
            assert!(r.is_ok(), "{name}: a damaged copy ({k}) panicked");
        }
    }
    assert!(started.elapsed() < Duration::from_secs(60));
}
