//! Rendering a report: the JSON contract (documented in README.md) and text for people.

use crate::document::{Document, ReportKind};
use crate::finding::{Finding, Severity};
use crate::report::Report;
use crate::value::format_number;
use serde::Serialize;
use serde_json::{json, Value as Json};

/// A cell of a table in the JSON (keys in sorted order, as every object of the contract).
#[derive(Serialize)]
struct CellJson<'a> {
    col: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    inferred: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a crate::ingest::Location>,
    number: Option<f64>,
    value: Option<&'a str>,
}

/// Counts by severity.
pub fn summary(findings: &[Finding]) -> (usize, usize, usize) {
    let n = |s| findings.iter().filter(|f| f.severity == s).count();
    (n(Severity::Error), n(Severity::Warning), n(Severity::Info))
}

/// The per-file JSON object (`{file, kind, title, year, tables, findings, …}`), serialized
/// directly: no `serde_json::Value` tree is built. Every object's keys come in sorted order, as
/// the contract has always had them (a `Value`'s maps are sorted); a test compares the two.
pub struct ReportJson<'a> {
    pub report: &'a Report,
    pub file: &'a str,
    /// The report its cross-year findings cite (`previous_report`).
    pub previous: Option<&'a crate::finding::ReportRef>,
    /// With `paragraphs` and `sentences` (`--with-text`).
    pub with_text: bool,
}

/// Serializes an iterator's items as a JSON array.
struct Seq<I>(std::cell::Cell<Option<I>>);

impl<I: Iterator<Item = T>, T: Serialize> Serialize for Seq<I> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.take().into_iter().flatten())
    }
}

fn seq<I: Iterator<Item = T>, T: Serialize>(items: I) -> Seq<I> {
    Seq(std::cell::Cell::new(Some(items)))
}

/// A finding with its `place` in words.
struct FindingJson<'a> {
    finding: &'a Finding,
    place: Option<String>,
}

impl Serialize for FindingJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.finding.serialize_with_place(self.place.as_deref(), serializer)
    }
}

struct TableJson<'a>(&'a crate::model::Table);

impl Serialize for TableJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let t = self.0;
        let mut m = serializer.serialize_map(Some(3))?;
        m.serialize_entry("id", &t.id)?;
        m.serialize_entry("rows", &seq(t.rows.iter().map(RowJson)))?;
        m.serialize_entry("title", t.id.title())?;
        m.end()
    }
}

struct RowJson<'a>(&'a crate::model::Row);

impl Serialize for RowJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let r = self.0;
        let cells = r.cells.iter().map(|c| CellJson {
            col: c.col,
            inferred: c.inferred,
            location: c.loc.as_ref(),
            number: c.amount().filter(|_| c.raw.is_some()),
            value: c.raw.as_deref(),
        });
        let mut m = serializer.serialize_map(Some(4))?;
        m.serialize_entry("cells", &seq(cells))?;
        m.serialize_entry("found", &r.seen)?;
        m.serialize_entry("label_location", &r.label_loc)?;
        m.serialize_entry("row", &r.path)?;
        m.end()
    }
}

impl Serialize for ReportJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (report, d) = (self.report, &self.report.document);
        let (errors, warnings, infos) = summary(&report.findings);
        let findings = report.findings.iter().map(|f| FindingJson { finding: f, place: place(d, f) });
        let mut m = serializer.serialize_map(None)?;
        m.serialize_entry("element_count", &d.element_count)?;
        m.serialize_entry("file", self.file)?;
        m.serialize_entry("findings", &seq(findings))?;
        m.serialize_entry("format", &d.format)?;
        m.serialize_entry("format_name", &d.format.map(|f| f.document()))?;
        m.serialize_entry("input", &d.input)?;
        m.serialize_entry("issuer", &d.issuer)?;
        m.serialize_entry("kind", &d.kind)?;
        m.serialize_entry("layout", &d.layout)?;
        if self.with_text {
            m.serialize_entry("paragraphs", &d.paragraphs)?;
        }
        m.serialize_entry("period", &d.period)?;
        if let Some(p) = self.previous {
            m.serialize_entry("previous_report", p)?;
        }
        if let Some(at) = &d.read_up_to {
            m.serialize_entry("read_up_to", at)?;
        }
        m.serialize_entry("sections", &d.sections)?;
        if self.with_text {
            m.serialize_entry("sentences", &d.sentences)?;
        }
        m.serialize_entry("summary", &Summary { error: errors, info: infos, warning: warnings })?;
        m.serialize_entry("tables", &seq(d.tables.iter().filter(|t| t.found).map(TableJson)))?;
        m.serialize_entry("title", &d.title)?;
        m.serialize_entry("title_location", &d.title_location)?;
        m.serialize_entry("year", &d.year)?;
        m.end()
    }
}

#[derive(Serialize)]
struct Summary {
    error: usize,
    info: usize,
    warning: usize,
}

/// The per-file JSON object as a `serde_json::Value` (for tools that look into it; the CLI and
/// the front ends write [`ReportJson`] directly).
pub fn to_json(report: &Report, file: &str) -> Json {
    serde_json::to_value(ReportJson { report, file, previous: None, with_text: false }).unwrap_or_default()
}

/// The per-file JSON object as text, written directly: compact (one line, for `--format
/// jsonl` and the front ends) or pretty (`--format json`).
pub fn json_string(json: &ReportJson, pretty: bool) -> String {
    let bytes = if pretty { serde_json::to_vec_pretty(json) } else { serde_json::to_vec(json) };
    // serde_json writes UTF-8 only.
    bytes.ok().and_then(|b| String::from_utf8(b).ok()).unwrap_or_default()
}

/// Where a finding is, in words: the cell it points at, or the section and paragraph of the
/// prose; `None` when it has no place (a missing table, a missing heading).
pub fn place(document: &Document, f: &Finding) -> Option<String> {
    let loc = f.location.as_ref();
    if let Some(cell) = f.cells.iter().find(|c| c.location.is_some() && c.location.as_ref() == loc) {
        return Some(cell.place());
    }
    if let Some(p) = loc.and_then(|l| document.prose_place(l)) {
        return Some(p);
    }
    f.cells.first().filter(|_| loc.is_none()).map(|c| c.place())
}

fn where_(document: &Document, f: &Finding) -> String {
    let line = f.location.as_ref().and_then(|l| l.line).map(|l| format!("第{l}行"));
    // A finding on cells names them in its message and fix lines already; one on a sentence
    // that cites cells is still placed at the sentence.
    let placed = f.cells.is_empty() || f.scope == crate::finding::Scope::Prose;
    match (place(document, f).filter(|_| placed), line) {
        (Some(p), Some(l)) => format!("{p}（{l}）"),
        (None, Some(l)) => l,
        (Some(p), None) => p,
        (None, None) => String::new(),
    }
}

/// [`to_json`] plus the prose: `paragraphs` ({text, location}) and `sentences` ({text,
/// location, paragraph}), for tools that work on the text itself (`--with-text`).
pub fn to_json_with_text(report: &Report, file: &str) -> Json {
    serde_json::to_value(ReportJson { report, file, previous: None, with_text: true }).unwrap_or_default()
}

/// Text for people, in Chinese: a heading per file, a summary line, findings grouped by rule.
pub fn to_text(report: &Report, file: &str) -> String {
    let mut out = String::new();
    out.push_str(&format!("== {file} ==\n"));
    if report.document.kind == ReportKind::NotAReport {
        out.push_str("不是政府信息公开工作年度报告：未找到年度报告的标题、章节或统计表格。\n");
        if let Some(at) = &report.document.read_up_to {
            out.push_str(&format!("（{}。）\n", crate::rules::cut_message(at)));
        }
        return out;
    }
    let mut head = report.document.title.clone().unwrap_or_else(|| "（未识别标题）".into());
    let mut facts = Vec::new();
    if let Some(y) = report.document.year {
        facts.push(format!("{y}年度"));
    }
    if let Some(f) = report.document.format {
        facts.push(format!("{}格式", f.document()));
    }
    if !facts.is_empty() {
        head.push_str(&format!("（{}）", facts.join("，")));
    }
    out.push_str(&head);
    out.push('\n');
    let (e, w, i) = summary(&report.findings);
    if report.findings.is_empty() {
        out.push_str("未发现问题。\n");
        return out;
    }
    out.push_str(&format!("发现 {e} 处错误、{w} 处警告、{i} 处提示\n"));
    let mut order: Vec<&'static str> = Vec::new();
    for f in &report.findings {
        if !order.contains(&f.code) {
            order.push(f.code);
        }
    }
    // Errors first, then warnings, then notes.
    crate::sort::by_key(&mut order[..], |code| std::cmp::Reverse(report.findings.iter().find(|f| f.code == *code).map(|f| f.severity)));
    for code in order {
        let group: Vec<&Finding> = report.findings.iter().filter(|f| f.code == code).collect();
        let first = group[0];
        out.push_str(&format!("\n[{} {}] {} ×{}\n", code, first.rule, first.severity.chinese(), group.len()));
        for f in group {
            let at = where_(&report.document, f);
            if at.is_empty() {
                out.push_str(&format!("  · {}\n", f.message));
            } else {
                out.push_str(&format!("  · {at}：{}\n", f.message));
            }
            if f.severity != Severity::Info {
                for fix in f.cells.iter().filter_map(|c| c.fix()) {
                    out.push_str(&format!("      {fix}\n"));
                }
            }
        }
    }
    out
}

/// A number as the report would print it (re-exported for front ends).
pub fn number(v: f64) -> String {
    format_number(v)
}

/// The words only the core knows, for front ends: `{severities: {error: "错误", …}, tables:
/// {active: "主动公开政府信息情况", …}, formats: {"2021": "国办公开办函〔2021〕30号", …}, accept}`;
/// `severity_order` lists the severities from the most serious.
pub fn vocabulary() -> Json {
    use crate::template::{Format, TableId};
    let severities: serde_json::Map<String, Json> = [Severity::Error, Severity::Warning, Severity::Info]
        .iter()
        .map(|s| (json!(s).as_str().unwrap_or("").to_string(), json!(s.chinese())))
        .collect();
    let tables: serde_json::Map<String, Json> = TableId::ALL.iter().map(|t| (t.as_str().to_string(), json!(t.title()))).collect();
    let formats: serde_json::Map<String, Json> =
        [Format::V2021, Format::V2019].iter().map(|f| (json!(f).as_str().unwrap_or("").to_string(), json!(f.document()))).collect();
    json!({
        "severities": severities,
        "severity_order": [Severity::Error, Severity::Warning, Severity::Info],
        "tables": tables,
        "formats": formats,
        "accept": crate::filekind::FileKind::accept_attribute(),
    })
}

/// The rules as the README's Markdown table: the check in Chinese, its code, severity and name.
pub fn rules_markdown() -> String {
    let mut out = String::from("| 检查项目 | 代码 | 级别 | 规则名 |\n| --- | --- | --- | --- |\n");
    for r in crate::rules::all() {
        let m = r.meta;
        out.push_str(&format!("| {} | {} | {} | {} |\n", m.summary, m.code, m.severity.chinese(), m.name));
    }
    out
}

/// [`to_json`] of a report checked against the same body's report of the year before: adds
/// `previous_report` ({file, title, year}), the report its cross-year findings cite.
pub fn to_json_in_series(report: &Report, file: &str, previous: Option<&crate::finding::ReportRef>, with_text: bool) -> Json {
    serde_json::to_value(ReportJson { report, file, previous, with_text }).unwrap_or_default()
}

/// The columns of `--format csv`: one row per finding.
pub const CSV_HEADER: [&str; 14] =
    ["文件", "标题", "发布机关", "年度", "格式", "代码", "级别", "检查项目", "位置", "问题说明", "写作", "应为", "涉及单元格", "上年报告"];

/// One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv_row(fields: &[String]) -> String {
    let mut line = fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

/// The header line of `--format csv`, after the UTF-8 byte order mark Excel needs to read the
/// file as UTF-8.
pub fn csv_header() -> String {
    format!("\u{FEFF}{}", csv_row(&CSV_HEADER.map(String::from)))
}

/// Where a finding is, in words, for every finding: its cell or paragraph, else its excerpt,
/// else the whole report.
pub fn place_in_words(document: &Document, f: &Finding) -> String {
    place(document, f)
        .or_else(|| f.excerpt.as_ref().map(|e| format!("「{}」", crate::normalize::shown(e))))
        .unwrap_or_else(|| "全文".to_string())
}

/// The CSV rows of one report: one per finding; a report without findings, a page that is not
/// a report and an unreadable file get one row that says so.
pub fn to_csv(report: &Report, file: &str, previous: Option<&crate::finding::ReportRef>) -> String {
    let d = &report.document;
    let head = [
        file.to_string(),
        d.title.clone().unwrap_or_default(),
        d.issuer.clone().unwrap_or_default(),
        d.year.map(|y| y.to_string()).unwrap_or_default(),
        d.format.map(|f| f.document().to_string()).unwrap_or_default(),
    ];
    let prev = previous.map(|p| p.file.clone()).unwrap_or_default();
    let row = |rest: [String; 9]| {
        let mut fields: Vec<String> = head.to_vec();
        fields.extend(rest);
        csv_row(&fields)
    };
    if d.kind == ReportKind::NotAReport {
        let mut note = "不是政府信息公开工作年度报告：未找到年度报告的标题、章节或统计表格".to_string();
        if let Some(at) = &d.read_up_to {
            note.push_str(&format!("（{}）", crate::rules::cut_message(at)));
        }
        return row([String::new(), String::new(), String::new(), "全文".into(), note, String::new(), String::new(), String::new(), prev]);
    }
    if report.findings.is_empty() {
        return row([
            String::new(),
            String::new(),
            String::new(),
            "全文".into(),
            "未发现问题".into(),
            String::new(),
            String::new(),
            String::new(),
            prev,
        ]);
    }
    let mut out = String::new();
    for f in &report.findings {
        let mut cells: Vec<String> = f.cells.iter().map(cell_words).collect();
        cells.extend(f.other_cells.iter().map(|(r, c)| format!("{}{}", r.name(), cell_words(c))));
        out.push_str(&row([
            f.code.to_string(),
            f.severity.chinese().to_string(),
            crate::rules::by_code(f.code).map(|r| r.meta.summary.to_string()).unwrap_or_default(),
            place_in_words(d, f),
            f.message.clone(),
            f.facts.written.clone().unwrap_or_default(),
            f.facts.expected.clone().unwrap_or_default(),
            cells.join("；"),
            if f.related.is_empty() { String::new() } else { prev.clone() },
        ]));
    }
    out
}

/// A cell in words with its value: 「…」表「…」行「…」列（写作3，应为4）.
fn cell_words(c: &crate::finding::CellRef) -> String {
    let value = match c.value.as_deref().map(crate::normalize::shown) {
        None => "缺失".to_string(),
        Some(v) if v.is_empty() => "空白".to_string(),
        Some(v) => format!("写作{v}"),
    };
    match &c.expected {
        Some(e) => format!("{}（{value}，应为{e}）", c.place()),
        None => format!("{}（{value}）", c.place()),
    }
}

/// The CSV row of a file that could not be read.
pub fn csv_unreadable(file: &str, message: &str) -> String {
    let mut fields = vec![file.to_string()];
    fields.extend(std::iter::repeat_n(String::new(), 4));
    fields.extend([String::new(), "无法读取".into(), String::new(), "全文".into(), message.to_string()]);
    fields.extend(std::iter::repeat_n(String::new(), 4));
    csv_row(&fields)
}

/// One line of the summary table that ends `--format text` for several files.
#[derive(Debug, Clone)]
pub struct SummaryRow {
    pub file: String,
    pub issuer: String,
    pub year: String,
    pub format: String,
    pub errors: String,
    pub warnings: String,
    pub infos: String,
}

impl SummaryRow {
    pub fn of(report: &Report, file: &str) -> SummaryRow {
        let d = &report.document;
        let (e, w, i) = summary(&report.findings);
        let not_report = d.kind == ReportKind::NotAReport;
        let n = |x: usize| if not_report { "—".to_string() } else { x.to_string() };
        SummaryRow {
            file: file.to_string(),
            issuer: if not_report {
                "（不是年度报告）".into()
            } else {
                d.issuer.clone().unwrap_or_else(|| "（未识别）".into())
            },
            year: d.year.map(|y| y.to_string()).unwrap_or_else(|| "—".into()),
            format: match d.format {
                Some(crate::template::Format::V2021) => "2021版".into(),
                Some(crate::template::Format::V2019) => "2019版".into(),
                None => "—".into(),
            },
            errors: n(e),
            warnings: n(w),
            infos: n(i),
        }
    }

    pub fn unreadable(file: &str) -> SummaryRow {
        let dash = || "—".to_string();
        SummaryRow {
            file: file.to_string(),
            issuer: "（无法读取）".into(),
            year: dash(),
            format: dash(),
            errors: dash(),
            warnings: dash(),
            infos: dash(),
        }
    }
}

/// Display width of text in a terminal: CJK and full-width characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 => {
                2
            }
            _ => 1,
        })
        .sum()
}

/// The summary table of a batch, for `--format text`: one line per file (issuer, year, format,
/// errors, warnings, notes), columns aligned for a terminal.
pub fn summary_table(rows: &[SummaryRow]) -> String {
    let header = SummaryRow {
        file: "文件".into(),
        issuer: "发布机关".into(),
        year: "年度".into(),
        format: "格式".into(),
        errors: "错误".into(),
        warnings: "警告".into(),
        infos: "提示".into(),
    };
    let all: Vec<&SummaryRow> = std::iter::once(&header).chain(rows).collect();
    let cols = |r: &SummaryRow| {
        [r.file.clone(), r.issuer.clone(), r.year.clone(), r.format.clone(), r.errors.clone(), r.warnings.clone(), r.infos.clone()]
    };
    let widths: Vec<usize> = (0..7).map(|i| all.iter().map(|r| width(&cols(r)[i])).max().unwrap_or(0)).collect();
    let total = |f: fn(&SummaryRow) -> &String| rows.iter().filter_map(|r| f(r).parse::<usize>().ok()).sum::<usize>();
    let mut out = format!(
        "== 汇总：{}份文件，共 {} 处错误、{} 处警告、{} 处提示 ==\n",
        rows.len(),
        total(|r| &r.errors),
        total(|r| &r.warnings),
        total(|r| &r.infos)
    );
    for r in all {
        let c = cols(r);
        let mut line = String::new();
        for (i, text) in c.iter().enumerate() {
            let pad = widths[i] - width(text);
            // Text columns left-aligned, counts right-aligned.
            if i >= 4 {
                line.push_str(&" ".repeat(pad));
                line.push_str(text);
            } else {
                line.push_str(text);
                if i < 6 {
                    line.push_str(&" ".repeat(pad));
                }
            }
            if i < 6 {
                line.push_str("  ");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// [`to_text`] of a report checked against the same body's report of the year before: names
/// that report under the title line.
pub fn to_text_in_series(report: &Report, file: &str, previous: Option<&crate::finding::ReportRef>) -> String {
    let text = to_text(report, file);
    let Some(p) = previous.filter(|_| report.document.kind == ReportKind::AnnualReport) else { return text };
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    let note = format!("已与上年报告比较：{}（{}）\n", p.file, p.name());
    if lines.len() >= 2 {
        lines.insert(2, &note);
    }
    lines.concat()
}
