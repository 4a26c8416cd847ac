//! P413 prose-results — 正文所述各项办理结果件数与表三不符.
//!
//! Basis: the prose and the tables report the same year. In sentences about applications (申请;
//! a sentence joined to the one before by a semicolon shares its subject), a result category
//! with its count — 予以公开 N件, 部分公开 N件, 予以公开及部分公开 N件 (the two rows summed), 不予公开
//! N件, 无法提供 N件, 不予处理 N件, 其他处理 N件 (the rows under the category summed) — is compared
//! with the rows' 「总计」 column of 表三「三、本年度办理结果」; a reason under 不予公开, 无法提供,
//! 不予处理 or 其他处理 (属于国家秘密, 过程性信息, 本机关不掌握相关政府信息, 重复申请 …) with its own
//! row, where the sentence names its category ("因属于过程性信息不予公开3件" counts the reason).
//! Figures of a subset (涉及…的申请), of other years or comparisons (同比, 较上年), approximations
//! (十余件) and counts shared by two words ("不予公开和无法提供共5件") are skipped. Which side to
//! change is decided from the table's own sum relations, as in P411.

use super::prose::{report, result_claims, Tolerance};
use crate::document::Document;
use crate::finding::{Finding, RuleMeta, Scope, Severity};
use crate::template::TableId;

pub const META: RuleMeta =
    RuleMeta { code: "P413", name: "prose-results", severity: Severity::Error, scope: Scope::Prose, summary: "正文所述各项办理结果件数与表格不符" };

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    super::prose::listed(META, document, findings, out);
}

fn findings(document: &Document, out: &mut Vec<Finding>) {
    let Some(table) = document.table(TableId::Requests) else { return };
    for c in result_claims(document) {
        let figure = c.figure(table);
        if figure.exists() {
            report(out, META, document, &c.claim, &figure, Tolerance::Exact);
        }
    }
}
