//! S306 missing-table — 缺少模板规定的表格.
//!
//! Basis: 国办公开办函〔2021〕30号 requires three tables: 二、主动公开政府信息情况; 三、收到和处理
//! 政府信息公开申请情况; 四、政府信息公开行政复议、行政诉讼情况. When the others were read, a table
//! not found is named. (When none was recognised at all, or a converter left a placeholder
//! such as pandoc's `[TABLE]` where a table was, S311 says so once instead.)

use crate::document::{Document, TablesRead};
use crate::finding::{Scope, Finding, RuleMeta, Severity};
use crate::template::TableId;

pub const META: RuleMeta = RuleMeta { code: "S306", name: "missing-table", severity: Severity::Error, scope: Scope::Document, summary: "缺少模板规定的表格" };

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    if document.tables_read != TablesRead::Read || !document.omitted_tables.is_empty() {
        // A converter's placeholder stands where a table was: not the report's fault (S311).
        return;
    }
    for id in TableId::ALL {
        if document.table(id).is_none() {
            let mut f = META.finding(format!("未找到「{}」表", id.title()));
            f.excerpt = Some(id.title().to_string());
            out.push(f);
        }
    }
}
