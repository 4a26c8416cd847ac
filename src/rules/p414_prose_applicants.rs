//! P414 prose-applicants — 正文所述各类申请人件数与表三不符.
//!
//! Basis: 表三 counts each row by applicant: 自然人 and the five kinds of 法人或其他组织 (商业企业,
//! 科研机构, 社会公益组织, 法律服务机构, 其他). A count of an applicant type in a sentence about
//! applications ("涉及自然人80件、商业企业1件", "法人或其他组织申请5件") is compared with that
//! column (法人或其他组织: the five columns summed) of the row the sentence names before it:
//! 收到 → 一、本年新收, 上年结转 → 二, 办结 → （七）总计, 结转下年度 → 四, 予以公开 → （一）,
//! 部分公开 → （二）, a reason → its row; with none named, "自然人申请N件" reads as 一. Where the
//! sentence's count of applications received is 本年新收 + 上年结转 (see P419), the applicant
//! counts are read as 一 + 二 too. Other years, comparisons, approximations and a row not named
//! are skipped; which side to change is decided as in P411.

use super::prose::{applicant_claims, report, Tolerance};
use crate::document::Document;
use crate::finding::{Finding, RuleMeta, Scope, Severity};
use crate::template::TableId;

pub const META: RuleMeta =
    RuleMeta { code: "P414", name: "prose-applicants", severity: Severity::Error, scope: Scope::Prose, summary: "正文所述各类申请人件数与表格不符" };

pub fn check(document: &Document, out: &mut Vec<Finding>) {
    super::prose::listed(META, document, findings, out);
}

fn findings(document: &Document, out: &mut Vec<Finding>) {
    let Some(table) = document.table(TableId::Requests) else { return };
    for c in applicant_claims(document) {
        let figure = c.figure(table);
        if figure.exists() {
            report(out, META, document, &c.claim, &figure, Tolerance::Exact);
        }
    }
}
