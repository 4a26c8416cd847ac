//! `nianbao check [--format text|json|jsonl|csv] [--with-text] [--history DIR] FILE...` — check
//! many reports at once, in parallel on every core. A body's reports of consecutive years among
//! the files (or, with `--history`, in DIR) are also checked against each other (the cross-year
//! rules, Y5xx); their findings go to the later report.
//! Exit status: 0 no errors, 1 findings of severity error, 2 unreadable input or usage error.

use nianbao::finding::ReportRef;
use nianbao::output::{self, SummaryRow};
use nianbao::series::{self, Hint, Key};
use nianbao::{Report, ReportKind, Severity};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

const USAGE: &str =
    "用法：nianbao check [--format text|json|jsonl|csv] [--with-text] [--history 目录] 文件...   （文件为 - 时读取标准输入）
      nianbao rules                               列出全部检查规则
      nianbao rules 代码                           显示一条规则的说明与依据（如 nianbao rules T103）
      nianbao rules --markdown                    以 Markdown 表格列出全部规则（即 README 中的规则表）
  --format text    给人看的文字（默认）；多个文件时最后附汇总表
  --format json    一个 JSON 数组，每个文件一个对象（按给出的顺序）
  --format jsonl   每行一个 JSON 对象，每个文件检查完即输出（内存占用不随文件数增长）
  --format csv     每个问题一行（UTF-8 带 BOM，Excel 可直接打开）
  --with-text      JSON 中另附正文的段落与句子（含位置）
  --history 目录   把文件与该目录中同一机关上一年度的报告比较（目录中的报告本身不输出）
同一机关相邻年度的报告同时给出时，还检查年度之间的衔接（上年结转、与上年雷同等，代码 Y5xx）。
退出码：0 未发现错误；1 发现错误；2 有文件无法读取或用法有误。
";

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Text,
    Json,
    Jsonl,
    Csv,
}

fn parse_format(s: &str) -> Option<Format> {
    Some(match s {
        "text" => Format::Text,
        "json" => Format::Json,
        "jsonl" => Format::Jsonl,
        "csv" => Format::Csv,
        _ => return None,
    })
}

/// A file to read: one given on the command line (checked and printed), or one of the
/// `--history` folder (checked only when it could be a given file's predecessor, never printed).
struct Input {
    name: String,
    context: bool,
}

/// Standard input, read once: the first `-` gets it, any other `-` nothing.
static STDIN: Mutex<Option<Vec<u8>>> = Mutex::new(None);

fn read_input(path: &str) -> Result<Vec<u8>, String> {
    let bytes = if path == "-" {
        Ok(STDIN.lock().map(|mut s| s.take().unwrap_or_default()).unwrap_or_default())
    } else {
        std::fs::read(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("找不到文件：{path}"),
            std::io::ErrorKind::PermissionDenied => format!("没有权限读取文件：{path}"),
            _ if std::path::Path::new(path).is_dir() => format!("这是一个目录，不是文件：{path}"),
            _ => format!("无法读取文件 {path}：{e}"),
        })
    };
    match bytes {
        Ok(b) if b.iter().all(|c| c.is_ascii_whitespace()) => Err(format!("文件为空：{path}")),
        other => other,
    }
}

fn check_input(input: &Input) -> Result<Report, String> {
    let bytes = read_input(&input.name)?;
    let name = if input.name == "-" { None } else { Some(input.name.as_str()) };
    // A file that cannot be checked (damaged, encrypted, a picture…) is an error with the reason,
    // never an empty "not a report" answer with exit code 0; the reason names the file.
    nianbao::try_check_vec(bytes, name).map_err(|why| match name {
        Some(n) if !why.contains(n.rsplit(['/', '\\']).next().unwrap_or(n)) => format!("{n}：{why}"),
        _ => why,
    })
}

/// What a file could be before it is checked (see [`series::Hint`]).
enum Maybe {
    /// Anything: no title found in its text.
    Any,
    Hint(Hint),
    /// Nothing: it cannot be read.
    Never,
}

impl Maybe {
    fn of(input: &Input) -> Maybe {
        if input.name == "-" {
            let guard = STDIN.lock();
            return match guard.as_ref().ok().and_then(|g| g.as_ref()) {
                Some(b) => Maybe::from_text(&nianbao::ingest::decode::decode(b).text),
                None => Maybe::Never,
            };
        }
        match std::fs::read(&input.name) {
            Ok(b) => Maybe::from_text(&nianbao::ingest::decode::decode(&b).text),
            Err(_) => Maybe::Never,
        }
    }

    fn from_text(text: &str) -> Maybe {
        let h = Hint::of(text);
        if h.is_open() {
            Maybe::Any
        } else {
            Maybe::Hint(h)
        }
    }

    fn may_be(&self, key: &Key) -> bool {
        match self {
            Maybe::Any => true,
            Maybe::Hint(h) => h.may_be(key),
            Maybe::Never => false,
        }
    }
}

/// Writes the reports in the chosen format: `text` and `json` in the order the files were given,
/// `jsonl` and `csv` as each report is settled.
struct Output {
    format: Format,
    with_text: bool,
    out: std::io::BufWriter<std::io::Stdout>,
    /// `text`/`json`: rendered reports waiting for those given before them.
    ready: BTreeMap<usize, Option<String>>,
    next: usize,
    printed_any: bool,
    /// `text`: the summary table's rows, by input index.
    rows: BTreeMap<usize, SummaryRow>,
}

impl Output {
    fn new(format: Format, with_text: bool) -> Output {
        let mut o = Output {
            format,
            with_text,
            out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()),
            ready: BTreeMap::new(),
            next: 0,
            printed_any: false,
            rows: BTreeMap::new(),
        };
        match format {
            Format::Json => o.write("["),
            Format::Csv => o.write(&output::csv_header()),
            _ => {}
        }
        o
    }

    fn write(&mut self, s: &str) {
        // A closed pipe (`| head`) is not an error of the checker.
        let _ = self.out.write_all(s.as_bytes());
    }

    fn report(&mut self, index: usize, file: &str, report: &Report, previous: Option<&ReportRef>) {
        match self.format {
            Format::Text => {
                self.rows.insert(index, SummaryRow::of(report, file));
                let text = output::to_text_in_series(report, file, previous);
                self.in_order(index, Some(format!("{text}\n")));
            }
            Format::Json => {
                let json = output::ReportJson { report, file, previous, with_text: self.with_text };
                self.in_order(index, Some(output::json_string(&json, true)));
            }
            Format::Jsonl => {
                // Written straight into the output buffer: no tree, no intermediate string.
                let json = output::ReportJson { report, file, previous, with_text: self.with_text };
                let _ = serde_json::to_writer(&mut self.out, &json);
                self.write("\n");
                let _ = self.out.flush();
            }
            Format::Csv => {
                let rows = output::to_csv(report, file, previous);
                self.write(&rows);
                let _ = self.out.flush();
            }
        }
    }

    fn unreadable(&mut self, index: usize, file: &str, message: &str) {
        let v = serde_json::json!({ "file": file, "error": message });
        match self.format {
            Format::Text => {
                self.rows.insert(index, SummaryRow::unreadable(file));
                self.in_order(index, None);
            }
            Format::Json => self.in_order(index, Some(serde_json::to_string_pretty(&v).unwrap_or_default())),
            Format::Jsonl => {
                let line = format!("{v}\n");
                self.write(&line);
                let _ = self.out.flush();
            }
            Format::Csv => {
                let row = output::csv_unreadable(file, message);
                self.write(&row);
                let _ = self.out.flush();
            }
        }
    }

    /// Prints what is ready in the order the files were given.
    fn in_order(&mut self, index: usize, rendered: Option<String>) {
        self.ready.insert(index, rendered);
        while let Some(r) = self.ready.remove(&self.next) {
            if let Some(r) = r {
                if self.format == Format::Json {
                    let sep = if self.printed_any { ",\n" } else { "\n" };
                    self.write(sep);
                }
                self.write(&r);
                self.printed_any = true;
            }
            self.next += 1;
        }
    }

    fn finish(&mut self, files: usize) {
        match self.format {
            Format::Json => self.write("\n]\n"),
            Format::Text if files > 1 => {
                let rows: Vec<SummaryRow> = std::mem::take(&mut self.rows).into_values().collect();
                let table = output::summary_table(&rows);
                self.write(&table);
            }
            _ => {}
        }
        let _ = self.out.flush();
    }
}

/// A checked report kept for the series: waiting for its predecessor (`emitted` false), or kept
/// as the predecessor of a file still unchecked.
struct Kept {
    index: usize,
    key: Key,
    report: Report,
    emitted: bool,
    previous: Option<Arc<ReportRef>>,
}

/// Settles each checked report: pairs it with its predecessor when that is checked, waits while
/// a file that could be its predecessor is unchecked, and prints it (see `Output`).
struct Batch<'a> {
    inputs: &'a [Input],
    maybe: Vec<Maybe>,
    /// Given files not checked yet.
    pending: Vec<bool>,
    /// `--history` files checked so far.
    context_checked: Vec<bool>,
    kept: Vec<Kept>,
    out: Output,
    status: u8,
    /// By input: its series key, and whether it was compared with a predecessor.
    keys: Vec<Option<Key>>,
    compared: Vec<bool>,
    progress: Option<indicatif::ProgressBar>,
    /// For each key asked about: how far the given files are known not to be that report while
    /// still unchecked (all before this index). A file once checked never comes again, so
    /// what is known stays true and each (key, file) pair is tested once; asked after every
    /// file, a scan of all files for every waiting report took most of this thread's time on
    /// 1,000 pages. One index per key: memory stays linear however alike the files are.
    ruled_out: std::cell::RefCell<std::collections::HashMap<Key, usize>>,
}

impl Batch<'_> {
    /// Whether a file still unchecked could be the report `key`.
    fn could_come(&self, key: &Key) -> bool {
        let mut ruled_out = self.ruled_out.borrow_mut();
        let from = ruled_out.entry(key.clone()).or_insert(0);
        match (*from..self.pending.len()).find(|&i| self.pending[i] && self.maybe[i].may_be(key)) {
            Some(i) => {
                *from = i;
                true
            }
            None => {
                *from = self.pending.len();
                false
            }
        }
    }

    fn say(&self, message: &str) {
        match &self.progress {
            Some(p) => p.suspend(|| eprintln!("{message}")),
            None => eprintln!("{message}"),
        }
    }

    fn finish(&mut self, index: usize, outcome: Result<Report, String>) {
        self.pending[index] = false;
        if let Some(p) = &self.progress {
            p.inc(1);
        }
        match outcome {
            Err(message) => {
                self.say(&message);
                self.status = 2;
                self.out.unreadable(index, &self.inputs[index].name, &message);
            }
            Ok(report) => match series::key(&report.document) {
                None => self.emit(index, &report, None),
                Some(key) => self.arrive(index, key, report),
            },
        }
        self.sweep();
    }

    fn emit(&mut self, index: usize, report: &Report, previous: Option<&ReportRef>) {
        self.compared[index] = previous.is_some();
        if report.document.kind == ReportKind::AnnualReport
            && report.findings.iter().any(|f| f.severity == Severity::Error)
            && self.status == 0
        {
            self.status = 1;
        }
        self.out.report(index, &self.inputs[index].name, report, previous);
    }

    /// A report with a series key: paired with its predecessor if that is checked; reports
    /// waiting for it are paired with it.
    fn arrive(&mut self, index: usize, key: Key, mut report: Report) {
        self.keys[index] = Some(key.clone());
        self.check_history(&key.previous());
        let name = self.inputs[index].name.clone();
        let mut previous = None;
        if let Some(e) = self.kept.iter().find(|k| k.key == key.previous()) {
            previous = Some(series::check_pair(&e.report.document, &self.inputs[e.index].name, &mut report));
        }
        let mut settled = Vec::new();
        for (i, w) in self.kept.iter_mut().enumerate() {
            if !w.emitted && w.key == key.next() && w.previous.is_none() {
                w.previous = Some(series::check_pair(&report.document, &name, &mut w.report));
                settled.push(i);
            }
        }
        for i in settled {
            self.emit_kept(i);
        }
        let waits = previous.is_none() && self.could_come(&key.previous());
        if !waits {
            self.emit(index, &report, previous.as_deref());
        }
        if waits || self.could_come(&key.next()) {
            self.kept.push(Kept { index, key, report, emitted: !waits, previous });
        }
    }

    fn emit_kept(&mut self, i: usize) {
        let k = &self.kept[i];
        self.compared[k.index] = k.previous.is_some();
        if k.report.document.kind == ReportKind::AnnualReport
            && k.report.findings.iter().any(|f| f.severity == Severity::Error)
            && self.status == 0
        {
            self.status = 1;
        }
        self.out.report(k.index, &self.inputs[k.index].name, &k.report, k.previous.as_deref());
        self.kept[i].emitted = true;
    }

    /// Prints the reports no unchecked file can be the predecessor of, and forgets the reports
    /// no unchecked file can follow.
    fn sweep(&mut self) {
        for i in 0..self.kept.len() {
            if !self.kept[i].emitted && !self.could_come(&self.kept[i].key.previous()) {
                self.emit_kept(i);
            }
        }
        let keep: Vec<bool> =
            self.kept.iter().map(|k| !k.emitted || self.inputs[k.index].context || self.could_come(&k.key.next())).collect();
        let mut it = keep.into_iter();
        self.kept.retain(|_| it.next().unwrap_or(true));
    }

    /// `--history`: checks the folder's files that could be the report `key` (once each), and
    /// keeps those that are.
    fn check_history(&mut self, key: &Key) {
        let candidates: Vec<usize> =
            (0..self.inputs.len()).filter(|&i| self.inputs[i].context && !self.context_checked[i] && self.maybe[i].may_be(key)).collect();
        for i in candidates {
            self.context_checked[i] = true;
            let Ok(report) = check_input(&self.inputs[i]) else { continue };
            if let Some(k) = series::key(&report.document) {
                self.kept.push(Kept { index: i, key: k, report, emitted: true, previous: None });
            }
        }
    }
}

/// The report files of a folder (HTML and text), sorted by name.
fn folder_files(dir: &str) -> Result<Vec<String>, String> {
    let entries = std::fs::read_dir(dir).map_err(|_| format!("找不到目录：{dir}"))?;
    let mut files: Vec<String> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| {
            matches!(p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref(), Some("html" | "htm" | "shtml" | "txt"))
        })
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    files.sort();
    Ok(files)
}

fn rules_command(args: &[String]) -> ExitCode {
    match args.first().map(String::as_str) {
        None => {
            for r in nianbao::rules::all() {
                let m = r.meta;
                println!("{}  {:<24} {:<4} {}", m.code, m.name, m.severity.chinese(), m.summary);
            }
        }
        Some("--markdown") => print!("{}", nianbao::output::rules_markdown()),
        Some(code) => match nianbao::rules::by_code(code) {
            Some(r) => println!("{}\n\n级别：{}", r.basis, r.meta.severity.chinese()),
            None => {
                eprintln!("没有代码为「{code}」的规则。运行 nianbao rules 查看全部规则。");
                return ExitCode::from(2);
            }
        },
    }
    ExitCode::SUCCESS
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("{message}");
    eprint!("{USAGE}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut format = Format::Text;
    let mut with_text = false;
    let mut history: Option<String> = None;
    let mut files = Vec::new();
    let mut it = args.iter();
    match it.next().map(String::as_str) {
        Some("check") => {}
        Some("rules") => return rules_command(&args[1..]),
        Some("-h") | Some("--help") | Some("help") => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    }
    while let Some(a) = it.next() {
        match a.as_str() {
            "--format" | "-f" => match it.next().map(String::as_str).and_then(parse_format) {
                Some(f) => format = f,
                None => return usage_error("--format 只能是 text、json、jsonl 或 csv"),
            },
            s if s.starts_with("--format=") => match parse_format(&s["--format=".len()..]) {
                Some(f) => format = f,
                None => return usage_error("--format 只能是 text、json、jsonl 或 csv"),
            },
            "--with-text" => with_text = true,
            "--history" => match it.next() {
                Some(d) => history = Some(d.clone()),
                None => return usage_error("--history 后面要给出存放往年报告的目录"),
            },
            s if s.starts_with("--history=") => history = Some(s["--history=".len()..].to_string()),
            s if s.starts_with('-') && s != "-" => return usage_error(&format!("未知选项：{s}")),
            s => files.push(s.to_string()),
        }
    }
    if files.is_empty() {
        return usage_error("请给出要检查的文件。");
    }
    let mut inputs: Vec<Input> = files.iter().map(|f| Input { name: f.clone(), context: false }).collect();
    let given = inputs.len();
    if let Some(dir) = &history {
        let listed = match folder_files(dir) {
            Ok(l) => l,
            Err(message) => return usage_error(&message),
        };
        // Each path resolved once (comparing every listed file with every given one resolved
        // both each time: 500 × 500 files spent a second in readlink).
        let given: std::collections::HashSet<std::path::PathBuf> = files.iter().filter_map(|g| std::fs::canonicalize(g).ok()).collect();
        for f in listed {
            if !std::fs::canonicalize(&f).is_ok_and(|p| given.contains(&p)) {
                inputs.push(Input { name: f, context: true });
            }
        }
    }
    if files.iter().any(|f| f == "-") {
        let mut buf = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
            eprintln!("无法读取标准输入：{e}");
        }
        if let Ok(mut s) = STDIN.lock() {
            *s = Some(buf);
        }
    }

    // What each file could be, when a series is possible.
    let maybe: Vec<Maybe> = if inputs.len() > 1 { inputs.par_iter().map(Maybe::of).collect() } else { vec![Maybe::Any] };
    // Files that could be anything first, then the earlier years: a report's predecessor is then
    // usually checked before it.
    let mut order: Vec<usize> = (0..given).collect();
    order.sort_by_key(|&i| match &maybe[i] {
        Maybe::Any => (0, 0, i),
        Maybe::Hint(h) => (1, h.first_year().unwrap_or(0), i),
        Maybe::Never => (2, 0, i),
    });

    let progress = (given > 1 && std::io::stderr().is_terminal()).then(|| {
        let p = indicatif::ProgressBar::new(given as u64);
        p.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} 份  {elapsed_precise}  {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        p
    });
    let mut pending = vec![false; inputs.len()];
    pending[..given].iter_mut().for_each(|p| *p = true);
    let mut batch = Batch {
        inputs: &inputs,
        maybe,
        pending,
        context_checked: vec![false; inputs.len()],
        kept: Vec::new(),
        out: Output::new(format, with_text),
        status: 0,
        keys: vec![None; inputs.len()],
        compared: vec![false; inputs.len()],
        progress,
        ruled_out: Default::default(),
    };

    // Workers check files in `order` as they come free; this thread settles and prints them.
    let threads = rayon::current_num_threads().max(1);
    let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Result<Report, String>)>(threads * 2);
    let inputs_ref = &inputs;
    std::thread::scope(|scope| {
        scope.spawn(move || {
            order.into_iter().par_bridge().for_each_with(tx, |tx, i| {
                let outcome = check_input(&inputs_ref[i]);
                let _ = tx.send((i, outcome));
            });
        });
        for (i, outcome) in rx {
            batch.finish(i, outcome);
        }
    });
    if let Some(p) = &batch.progress {
        p.finish_and_clear();
    }
    batch.out.finish(given);
    if let Some(dir) = &history {
        for (i, input) in inputs[..given].iter().enumerate() {
            match &batch.keys[i] {
                _ if batch.compared[i] => {}
                Some(k) => eprintln!("{}：在 {dir} 中未找到{}{}年度的报告，未作跨年度比较", input.name, k.issuer, k.year - 1),
                None => eprintln!("{}：未能识别发布机关或年度，未作跨年度比较", input.name),
            }
        }
    }
    ExitCode::from(batch.status)
}
