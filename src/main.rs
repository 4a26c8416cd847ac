//! `nianbao check [--format text|json] FILE...` — check many reports at once.
//! Exit status: 0 no errors, 1 findings of severity error, 2 unreadable input or usage error.

use nianbao::output;
use nianbao::{ReportKind, Severity};
use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "用法：nianbao check [--format text|json] [--with-text] 文件...   （文件为 - 时读取标准输入）
      nianbao rules                               列出全部检查规则
      nianbao rules 代码                           显示一条规则的说明与依据（如 nianbao rules T103）
      nianbao rules --markdown                    以 Markdown 表格列出全部规则（即 README 中的规则表）
  --with-text   JSON 中另附正文的段落与句子（含位置）
";

enum Format {
    Text,
    Json,
}

fn read_input(path: &str) -> Result<Vec<u8>, String> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("无法读取标准输入：{e}"))?;
        Ok(buf)
    } else {
        std::fs::read(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("找不到文件：{path}"),
            std::io::ErrorKind::PermissionDenied => format!("没有权限读取文件：{path}"),
            _ if std::path::Path::new(path).is_dir() => format!("这是一个目录，不是文件：{path}"),
            _ => format!("无法读取文件 {path}：{e}"),
        })
    }
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

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut format = Format::Text;
    let mut with_text = false;
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
            "--format" | "-f" => match it.next().map(String::as_str) {
                Some("text") => format = Format::Text,
                Some("json") => format = Format::Json,
                other => {
                    eprintln!("--format 只能是 text 或 json，收到：{}", other.unwrap_or("（空）"));
                    return ExitCode::from(2);
                }
            },
            "--with-text" => with_text = true,
            s if s.starts_with("--format=") => match &s["--format=".len()..] {
                "text" => format = Format::Text,
                "json" => format = Format::Json,
                other => {
                    eprintln!("--format 只能是 text 或 json，收到：{other}");
                    return ExitCode::from(2);
                }
            },
            s if s.starts_with('-') && s != "-" => {
                eprintln!("未知选项：{s}");
                eprint!("{USAGE}");
                return ExitCode::from(2);
            }
            s => files.push(s.to_string()),
        }
    }
    if files.is_empty() {
        eprintln!("请给出要检查的文件。");
        eprint!("{USAGE}");
        return ExitCode::from(2);
    }

    let mut status = 0u8;
    let mut json_out = Vec::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for path in &files {
        let bytes = match read_input(path) {
            Ok(b) if b.iter().all(|c| c.is_ascii_whitespace()) => Err(format!("文件为空：{path}")),
            other => other,
        };
        let bytes = match bytes {
            Ok(b) => b,
            Err(msg) => {
                eprintln!("{msg}");
                status = 2;
                if let Format::Json = format {
                    json_out.push(serde_json::json!({ "file": path, "error": msg }));
                }
                continue;
            }
        };
        let name = if path == "-" { None } else { Some(path.as_str()) };
        let report = nianbao::check_bytes(&bytes, name);
        if report.document.kind == ReportKind::AnnualReport && report.findings.iter().any(|f| f.severity == Severity::Error) && status == 0
        {
            status = 1;
        }
        match format {
            Format::Text => {
                let _ = writeln!(out, "{}", output::to_text(&report, path));
            }
            Format::Json if with_text => json_out.push(output::to_json_with_text(&report, path)),
            Format::Json => json_out.push(output::to_json(&report, path)),
        }
    }
    if let Format::Json = format {
        let _ = writeln!(out, "{}", serde_json::to_string_pretty(&json_out).unwrap_or_else(|_| "[]".into()));
    }
    ExitCode::from(status)
}
