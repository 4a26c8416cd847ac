//! Word .docx: `word/document.xml` turned into a small HTML document — paragraphs as `<p>`,
//! tables as `<table>` with `rowspan` (from `w:vMerge`) and `colspan` (from `w:gridSpan`) —
//! which is then checked exactly as a saved web page: the CLI parses it, the web page shows it
//! and walks its DOM, so marks land on its cells. One conversion for every front end.
//!
//! Read: body paragraphs and tables (nested ones too), runs' text (`w:t`), tabs, line breaks,
//! content controls, insertions. Left out: deleted text, field instructions, the fallback copy of
//! alternate content, text boxes and drawings, headers, footers and notes.

use super::zip::{self, ZipError};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// The most `word/document.xml` may inflate to. A 30-page report is under 2 MB; a zip bomb
/// stops here, after a bounded amount of work.
pub const MAX_XML_BYTES: usize = 50 * 1024 * 1024;

/// Tables nested deeper than this are read as text.
const MAX_TABLE_DEPTH: usize = 16;

/// Why a .docx could not be read, with what to tell the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    Zip(ZipError),
    /// The XML of the document is malformed.
    Xml(String),
}

impl DocxError {
    /// The message for the user, in Chinese.
    pub fn message(&self) -> String {
        match self {
            DocxError::Zip(ZipError::NotAZip) | DocxError::Zip(ZipError::Damaged) => {
                "Word 文档已损坏或不完整（可能没有下载完），无法读取。请重新下载或在 Word/WPS 中打开后另存为 .docx 再检查。".into()
            }
            DocxError::Zip(ZipError::Missing) => "这不是 Word 文档（压缩包中没有 word/document.xml），无法检查。".into(),
            DocxError::Zip(ZipError::Encrypted) => "Word 文档设置了密码，无法读取。请在 Word/WPS 中取消密码后另存为 .docx 再检查。".into(),
            DocxError::Zip(ZipError::TooManyEntries(n)) => format!("文件包含 {n} 个压缩条目，远超 Word 文档的正常数量，已拒绝读取。"),
            DocxError::Zip(ZipError::TooLarge(cap)) => {
                format!("Word 文档的正文解压后超过 {} MB，不像一份年度报告（可能是恶意构造的压缩包），已停止读取。", cap / (1024 * 1024))
            }
            DocxError::Zip(ZipError::Method(_)) => {
                "Word 文档使用了不支持的压缩方式，无法读取。请在 Word/WPS 中另存为 .docx 后再检查。".into()
            }
            DocxError::Zip(ZipError::Corrupt) => {
                "Word 文档已损坏（数据校验失败），无法读取。请重新下载或在 Word/WPS 中另存为 .docx 再检查。".into()
            }
            DocxError::Xml(_) => "Word 文档的内容已损坏（XML 格式错误），无法读取。请在 Word/WPS 中打开后另存为 .docx 再检查。".into(),
        }
    }
}

/// The HTML of a .docx file's bytes.
pub fn docx_to_html(bytes: &[u8]) -> Result<String, DocxError> {
    let xml = zip::read(bytes, "word/document.xml", MAX_XML_BYTES).map_err(DocxError::Zip)?;
    document_xml_to_html(&String::from_utf8_lossy(&xml))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VMerge {
    None,
    Restart,
    Continue,
}

#[derive(Debug)]
struct CellOut {
    span: usize,
    vmerge: VMerge,
    html: String,
    rowspan: usize,
}

#[derive(Debug, Default)]
struct TableOut {
    rows: Vec<(usize, Vec<CellOut>)>,
}

impl TableOut {
    fn cell(&mut self) -> Option<&mut CellOut> {
        self.rows.last_mut().and_then(|r| r.1.last_mut())
    }

    /// Resolves vertical merges into rowspans and writes the table.
    fn render(mut self) -> String {
        // For each grid column, the (row, cell) that a continued merge extends.
        let mut origin: Vec<Option<(usize, usize)>> = Vec::new();
        let mut keep: Vec<Vec<bool>> = Vec::with_capacity(self.rows.len());
        for ri in 0..self.rows.len() {
            let mut col = self.rows[ri].0;
            let mut kept = Vec::with_capacity(self.rows[ri].1.len());
            for ci in 0..self.rows[ri].1.len() {
                let (span, vmerge) = (self.rows[ri].1[ci].span, self.rows[ri].1[ci].vmerge);
                if origin.len() < col + 1 {
                    origin.resize(col + 1, None);
                }
                let mut k = true;
                match vmerge {
                    VMerge::Continue => {
                        if let Some((r0, c0)) = origin[col] {
                            self.rows[r0].1[c0].rowspan += 1;
                            k = false;
                        }
                    }
                    VMerge::Restart => origin[col] = Some((ri, ci)),
                    VMerge::None => origin[col] = None,
                }
                kept.push(k);
                col += span;
            }
            keep.push(kept);
        }
        let mut out = String::from("<table border=\"1\" cellspacing=\"0\">\n");
        for (ri, (_, cells)) in self.rows.iter().enumerate() {
            out.push_str("<tr>");
            for (ci, c) in cells.iter().enumerate() {
                if !keep[ri][ci] {
                    continue;
                }
                out.push_str("<td");
                if c.rowspan > 1 {
                    out.push_str(&format!(" rowspan=\"{}\"", c.rowspan));
                }
                if c.span > 1 {
                    out.push_str(&format!(" colspan=\"{}\"", c.span));
                }
                out.push('>');
                out.push_str(&c.html);
                out.push_str("</td>");
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</table>\n");
        out
    }
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

fn local(name: &[u8]) -> &[u8] {
    match name.iter().position(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

fn attr(e: &BytesStart, key: &[u8]) -> Option<String> {
    e.attributes().flatten().find(|a| local(a.key.as_ref()) == key).map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

/// Elements whose whole subtree is left out.
fn skipped(name: &[u8]) -> bool {
    matches!(
        name,
        b"del" | b"instrText" | b"delText" | b"Fallback" | b"txbxContent" | b"drawing" | b"pict" | b"object" | b"sectPr" | b"rPr"
    )
}

struct Converter {
    body: String,
    tables: Vec<TableOut>,
    /// Table elements opened beyond `MAX_TABLE_DEPTH`, read as text.
    flat_tables: usize,
    para: Option<String>,
    center: bool,
    in_text: bool,
}

impl Converter {
    /// Where finished paragraphs and tables go: the innermost open cell, else the body.
    fn container(&mut self) -> &mut String {
        match self.tables.last_mut().and_then(TableOut::cell) {
            Some(c) => &mut c.html,
            None => &mut self.body,
        }
    }

    fn text(&mut self, s: &str) {
        if self.in_text {
            if let Some(p) = self.para.as_mut() {
                escape_into(p, s);
            }
        }
    }

    fn end_para(&mut self) {
        if let Some(p) = self.para.take() {
            let center = std::mem::take(&mut self.center);
            let in_cell = !self.tables.is_empty();
            let out = self.container();
            if in_cell {
                out.push_str(&format!("<p>{p}</p>"));
            } else if center {
                out.push_str(&format!("<p style=\"text-align:center\">{p}</p>\n"));
            } else {
                out.push_str(&format!("<p>{p}</p>\n"));
            }
        }
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        match local(e.name().as_ref()) {
            b"p" if !empty => {
                // A paragraph inside a paragraph (text boxes are skipped, so only broken files):
                // finish the outer one first.
                self.end_para();
                self.para = Some(String::new());
            }
            b"p" => self.container().push_str("<p></p>\n"),
            b"jc" => self.center = attr(e, b"val").is_some_and(|v| v == "center"),
            b"t" if !empty => self.in_text = true,
            b"tab" | b"ptab" => {
                if let Some(p) = self.para.as_mut() {
                    p.push('\t');
                }
            }
            b"br" | b"cr" if attr(e, b"type").is_none_or(|t| t == "textWrapping") => {
                if let Some(p) = self.para.as_mut() {
                    p.push_str("<br>");
                }
            }
            b"noBreakHyphen" => {
                if let Some(p) = self.para.as_mut() {
                    p.push('-');
                }
            }
            b"tbl" if !empty => {
                self.end_para();
                if self.tables.len() >= MAX_TABLE_DEPTH {
                    self.flat_tables += 1;
                } else {
                    self.tables.push(TableOut::default());
                }
            }
            b"tr" if !empty && self.flat_tables == 0 => {
                if let Some(t) = self.tables.last_mut() {
                    t.rows.push((0, Vec::new()));
                }
            }
            b"gridBefore" if self.flat_tables == 0 => {
                let n = attr(e, b"val").and_then(|v| v.parse::<usize>().ok()).unwrap_or(0).min(64);
                if let Some(r) = self.tables.last_mut().and_then(|t| t.rows.last_mut()) {
                    if r.1.is_empty() {
                        r.0 = n;
                    }
                }
            }
            b"tc" if !empty && self.flat_tables == 0 => {
                if let Some(t) = self.tables.last_mut() {
                    if t.rows.is_empty() {
                        t.rows.push((0, Vec::new()));
                    }
                    if let Some(r) = t.rows.last_mut() {
                        r.1.push(CellOut { span: 1, vmerge: VMerge::None, html: String::new(), rowspan: 1 });
                    }
                }
            }
            b"gridSpan" if self.flat_tables == 0 => {
                let n = attr(e, b"val").and_then(|v| v.parse::<usize>().ok()).unwrap_or(1).clamp(1, 64);
                if let Some(c) = self.tables.last_mut().and_then(TableOut::cell) {
                    c.span = n;
                }
            }
            b"vMerge" if self.flat_tables == 0 => {
                let restart = attr(e, b"val").is_some_and(|v| v == "restart");
                if let Some(c) = self.tables.last_mut().and_then(TableOut::cell) {
                    c.vmerge = if restart { VMerge::Restart } else { VMerge::Continue };
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        match local(name) {
            b"p" => self.end_para(),
            b"t" => self.in_text = false,
            b"tc" if self.flat_tables == 0 => self.end_para(),
            b"tbl" => {
                self.end_para();
                if self.flat_tables > 0 {
                    self.flat_tables -= 1;
                } else if let Some(t) = self.tables.pop() {
                    let html = t.render();
                    self.container().push_str(&html);
                }
            }
            _ => {}
        }
    }
}

/// The HTML of a `word/document.xml`.
pub fn document_xml_to_html(xml: &str) -> Result<String, DocxError> {
    let mut reader = Reader::from_str(xml);
    let mut c = Converter { body: String::new(), tables: Vec::new(), flat_tables: 0, para: None, center: false, in_text: false };
    // Depth inside a skipped subtree (0: not skipping).
    let mut skip = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| DocxError::Xml(e.to_string()))?;
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                if skip > 0 {
                    skip += 1;
                } else if skipped(local(e.name().as_ref())) {
                    skip = 1;
                } else {
                    c.start(&e, false);
                }
            }
            Event::Empty(e) if skip == 0 && !skipped(local(e.name().as_ref())) => c.start(&e, true),
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                } else {
                    c.end(e.name().as_ref());
                }
            }
            Event::Text(t) if skip == 0 => {
                let s = t.decode().map_err(|e| DocxError::Xml(e.to_string()))?;
                c.text(&s);
            }
            Event::CData(t) if skip == 0 => {
                let s = String::from_utf8_lossy(&t).into_owned();
                c.text(&s);
            }
            Event::GeneralRef(r) if skip == 0 => {
                let ch = match r.resolve_char_ref() {
                    Ok(Some(ch)) => Some(ch),
                    _ => match r.as_ref() {
                        b"amp" => Some('&'),
                        b"lt" => Some('<'),
                        b"gt" => Some('>'),
                        b"quot" => Some('"'),
                        b"apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(ch) = ch {
                    c.text(ch.encode_utf8(&mut [0; 4]));
                }
            }
            _ => {}
        }
    }
    // A file cut short: close what is open.
    c.end_para();
    while let Some(t) = c.tables.pop() {
        let html = t.render();
        c.container().push_str(&html);
    }
    let mut out = String::with_capacity(c.body.len() + 200);
    out.push_str("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n");
    out.push_str(&c.body);
    out.push_str("</body></html>\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(xml: &str) -> String {
        let doc = format!("<w:document xmlns:w=\"x\"><w:body>{xml}</w:body></w:document>");
        let html = document_xml_to_html(&doc).unwrap();
        let s = html.split("<body>\n").nth(1).unwrap();
        s.trim_end_matches("</body></html>\n").to_string()
    }

    fn cell(attrs: &str, text: &str) -> String {
        format!("<w:tc><w:tcPr>{attrs}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
    }

    #[test]
    fn paragraphs_runs_and_entities() {
        assert_eq!(
            body("<w:p><w:r><w:t>一、</w:t></w:r><w:r><w:t xml:space=\"preserve\">总体 &amp; 情况</w:t></w:r></w:p>"),
            "<p>一、总体 &amp; 情况</p>\n"
        );
        assert_eq!(
            body("<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:t>标题</w:t></w:r></w:p>"),
            "<p style=\"text-align:center\">标题</p>\n"
        );
        // Deleted text and field instructions are not text.
        assert_eq!(
            body("<w:p><w:del><w:r><w:delText>旧</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText><w:t>新</w:t></w:r></w:p>"),
            "<p>新</p>\n"
        );
    }

    #[test]
    fn grid_span_and_vertical_merge_become_colspan_and_rowspan() {
        let xml = format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
            cell("<w:vMerge w:val=\"restart\"/>", "三、本年度办理结果"),
            cell("<w:gridSpan w:val=\"2\"/>", "（一）予以公开"),
            cell("<w:vMerge/>", ""),
            cell("", "a"),
            cell("<w:vMerge/>", ""),
            cell("", "b"),
        );
        let html = body(&xml);
        assert!(
            html.contains("<td rowspan=\"3\"><p>三、本年度办理结果</p></td><td colspan=\"2\"><p>（一）予以公开</p></td></tr>"),
            "{html}"
        );
        assert!(html.contains("<tr><td><p>a</p></td></tr>"), "{html}");
    }

    #[test]
    fn malformed_xml_is_an_error_not_a_panic() {
        assert!(matches!(document_xml_to_html("<w:document><w:body><w:p></w:r></w:body>"), Err(DocxError::Xml(_))));
        // Cut short: what was read is kept.
        let html = document_xml_to_html("<w:document><w:body><w:p><w:r><w:t>半截").unwrap();
        assert!(html.contains("<p>半截</p>"), "{html}");
    }
}
