//! The official templates: every label and cell of the three tables, for the current format
//! (国办公开办函〔2021〕30号) and the earlier one (国办公开办函〔2019〕60号, used for the 2019
//! and 2020 report years).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum TableId {
    /// 二、主动公开政府信息情况
    Active,
    /// 三、收到和处理政府信息公开申请情况
    Requests,
    /// 四、政府信息公开行政复议、行政诉讼情况
    Appeals,
}

impl TableId {
    pub fn as_str(self) -> &'static str {
        match self {
            TableId::Active => "active",
            TableId::Requests => "requests",
            TableId::Appeals => "appeals",
        }
    }
    pub fn title(self) -> &'static str {
        match self {
            TableId::Active => "主动公开政府信息情况",
            TableId::Requests => "收到和处理政府信息公开申请情况",
            TableId::Appeals => "政府信息公开行政复议、行政诉讼情况",
        }
    }
    pub const ALL: [TableId; 3] = [TableId::Active, TableId::Requests, TableId::Appeals];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Format {
    /// 国办公开办函〔2021〕30号: report years 2021 on.
    #[serde(rename = "2021")]
    V2021,
    /// 国办公开办函〔2019〕60号: report years 2019 and 2020.
    #[serde(rename = "2019")]
    V2019,
}

impl Format {
    pub fn document(self) -> &'static str {
        match self {
            Format::V2021 => "国办公开办函〔2021〕30号",
            Format::V2019 => "国办公开办函〔2019〕60号",
        }
    }
}

/// What a cell may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A count: a non-negative integer.
    Count,
    /// 本年增/减: an integer that may be negative.
    Delta,
    /// An amount of money: may be decimal.
    Amount,
}

/// One row of a template block. `label` is matched against the report; `name` is the row's
/// component of the official row path.
#[derive(Debug, Clone, Copy)]
pub struct RowTemplate {
    pub label: &'static str,
    pub name: &'static str,
    /// Labels that are accepted as the same row without remark.
    pub aliases: &'static [&'static str],
    /// Index of the parent row in the same block, if any.
    pub parent: Option<usize>,
    /// Parents carry no values of their own.
    pub leaf: bool,
}

/// A header label; optional ones are not reported when absent.
#[derive(Debug, Clone, Copy)]
pub struct HeaderTemplate {
    pub label: &'static str,
    pub optional: bool,
}

/// A block of a table: a header and rows sharing one set of columns. The 主动公开 table is four
/// or five such blocks, one per 第二十条 item; the other tables are one block each.
#[derive(Debug, Clone)]
pub struct BlockTemplate {
    pub table: TableId,
    /// Prefix of every row path in this block ("第二十条第(一)项"), or "".
    pub prefix: &'static str,
    pub headers: Vec<HeaderTemplate>,
    pub columns: Vec<&'static str>,
    pub kinds: Vec<ValueKind>,
    pub rows: Vec<RowTemplate>,
}

impl BlockTemplate {
    /// The official path of a row: its ancestors' names and its own, joined with "/".
    pub fn row_path(&self, row: usize) -> String {
        let mut parts = vec![self.rows[row].name];
        let mut p = self.rows[row].parent;
        while let Some(i) = p {
            parts.push(self.rows[i].name);
            p = self.rows[i].parent;
        }
        if !self.prefix.is_empty() {
            parts.push(self.prefix);
        }
        parts.reverse();
        parts.retain(|s| !s.is_empty());
        parts.join("/")
    }
}

fn h(labels: &[&'static str]) -> Vec<HeaderTemplate> {
    labels.iter().map(|l| HeaderTemplate { label: l, optional: false }).collect()
}

fn leaf(label: &'static str, parent: Option<usize>) -> RowTemplate {
    RowTemplate { label, name: label, aliases: &[], parent, leaf: true }
}

fn parent(label: &'static str, up: Option<usize>) -> RowTemplate {
    RowTemplate { label, name: label, aliases: &[], parent: up, leaf: false }
}

fn active_block(item: &'static str, columns: &[&'static str], kinds: &[ValueKind], rows: Vec<RowTemplate>) -> BlockTemplate {
    let mut headers = h(&[item, "信息内容"]);
    headers.extend(h(columns));
    BlockTemplate { table: TableId::Active, prefix: item, headers, columns: columns.to_vec(), kinds: kinds.to_vec(), rows }
}

pub const REQUEST_COLUMNS: [&str; 7] = [
    "自然人",
    "法人或其他组织/商业企业",
    "法人或其他组织/科研机构",
    "法人或其他组织/社会公益组织",
    "法人或其他组织/法律服务机构",
    "法人或其他组织/其他",
    "总计",
];

pub const APPEAL_COLUMNS: [&str; 15] = [
    "行政复议/结果维持",
    "行政复议/结果纠正",
    "行政复议/其他结果",
    "行政复议/尚未审结",
    "行政复议/总计",
    "行政诉讼/未经复议直接起诉/结果维持",
    "行政诉讼/未经复议直接起诉/结果纠正",
    "行政诉讼/未经复议直接起诉/其他结果",
    "行政诉讼/未经复议直接起诉/尚未审结",
    "行政诉讼/未经复议直接起诉/总计",
    "行政诉讼/复议后起诉/结果维持",
    "行政诉讼/复议后起诉/结果纠正",
    "行政诉讼/复议后起诉/其他结果",
    "行政诉讼/复议后起诉/尚未审结",
    "行政诉讼/复议后起诉/总计",
];

/// Row names used by the rules.
pub mod rows {
    pub const NEW: &str = "一、本年新收政府信息公开申请数量";
    pub const CARRIED_IN: &str = "二、上年结转政府信息公开申请数量";
    pub const RESULTS: &str = "三、本年度办理结果";
    pub const RESULTS_TOTAL: &str = "三、本年度办理结果/(七)总计";
    pub const CARRIED_OUT: &str = "四、结转下年度继续办理";
}

fn requests_block(format: Format) -> BlockTemplate {
    use ValueKind::Count;
    let mut rows = vec![
        leaf("一、本年新收政府信息公开申请数量", None),
        leaf("二、上年结转政府信息公开申请数量", None),
        parent("三、本年度办理结果", None), // 2
        leaf("(一)予以公开", Some(2)),
        RowTemplate {
            label: "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
            name: "(二)部分公开",
            aliases: &["(二)部分公开"],
            parent: Some(2),
            leaf: true,
        },
        parent("(三)不予公开", Some(2)), // 5
        leaf("1.属于国家秘密", Some(5)),
        leaf("2.其他法律行政法规禁止公开", Some(5)),
        leaf("3.危及“三安全一稳定”", Some(5)),
        leaf("4.保护第三方合法权益", Some(5)),
        leaf("5.属于三类内部事务信息", Some(5)),
        leaf("6.属于四类过程性信息", Some(5)),
        leaf("7.属于行政执法案卷", Some(5)),
        leaf("8.属于行政查询事项", Some(5)),
        parent("(四)无法提供", Some(2)), // 14
        leaf("1.本机关不掌握相关政府信息", Some(14)),
        leaf("2.没有现成信息需要另行制作", Some(14)),
        leaf("3.补正后申请内容仍不明确", Some(14)),
        parent("(五)不予处理", Some(2)), // 18
        leaf("1.信访举报投诉类申请", Some(18)),
        leaf("2.重复申请", Some(18)),
        leaf("3.要求提供公开出版物", Some(18)),
        leaf("4.无正当理由大量反复申请", Some(18)),
        leaf("5.要求行政机关确认或重新出具已获取信息", Some(18)),
    ];
    match format {
        Format::V2021 => {
            rows.push(parent("(六)其他处理", Some(2))); // 24
            rows.push(leaf("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", Some(24)));
            rows.push(leaf("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", Some(24)));
            rows.push(leaf("3.其他", Some(24)));
        }
        Format::V2019 => rows.push(leaf("(六)其他处理", Some(2))),
    }
    rows.push(leaf("(七)总计", Some(2)));
    rows.push(leaf("四、结转下年度继续办理", None));
    let mut headers = vec![HeaderTemplate {
        label: "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", optional: true
    }];
    headers.extend(h(&["申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]));
    BlockTemplate { table: TableId::Requests, prefix: "", headers, columns: REQUEST_COLUMNS.to_vec(), kinds: vec![Count; 7], rows }
}

fn appeals_block() -> BlockTemplate {
    let r = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    let mut labels = vec!["行政复议", "行政诉讼"];
    labels.extend(r);
    labels.extend(["未经复议直接起诉", "复议后起诉"]);
    labels.extend(r);
    labels.extend(r);
    BlockTemplate {
        table: TableId::Appeals,
        prefix: "",
        headers: h(&labels),
        columns: APPEAL_COLUMNS.to_vec(),
        kinds: vec![ValueKind::Count; 15],
        // The one data row has no label of its own.
        rows: vec![RowTemplate { label: "", name: "", aliases: &[], parent: None, leaf: true }],
    }
}

/// All blocks of a format, in the order they appear in a report.
pub fn blocks(format: Format) -> Vec<BlockTemplate> {
    use ValueKind::*;
    let mut out = Vec::new();
    match format {
        Format::V2021 => {
            out.push(active_block(
                "第二十条第(一)项",
                &["本年制发件数", "本年废止件数", "现行有效件数"],
                &[Count, Count, Count],
                vec![
                    leaf("规章", None),
                    RowTemplate {
                        label: "行政规范性文件", name: "行政规范性文件", aliases: &["规范性文件"], parent: None, leaf: true
                    },
                ],
            ));
            out.push(active_block("第二十条第(五)项", &["本年处理决定数量"], &[Count], vec![leaf("行政许可", None)]));
            out.push(active_block(
                "第二十条第(六)项",
                &["本年处理决定数量"],
                &[Count],
                vec![leaf("行政处罚", None), leaf("行政强制", None)],
            ));
            out.push(active_block("第二十条第(八)项", &["本年收费金额(单位:万元)"], &[Amount], vec![leaf("行政事业性收费", None)]));
        }
        Format::V2019 => {
            out.push(active_block(
                "第二十条第(一)项",
                &["本年新制作数量", "本年新公开数量", "对外公开总数量"],
                &[Count, Count, Count],
                vec![
                    leaf("规章", None),
                    RowTemplate {
                        label: "规范性文件", name: "规范性文件", aliases: &["行政规范性文件"], parent: None, leaf: true
                    },
                ],
            ));
            let cols = ["上一年项目数量", "本年增/减", "处理决定数量"];
            out.push(active_block(
                "第二十条第(五)项",
                &cols,
                &[Count, Delta, Count],
                vec![leaf("行政许可", None), leaf("其他对外管理服务事项", None)],
            ));
            out.push(active_block("第二十条第(六)项", &cols, &[Count, Delta, Count], vec![leaf("行政处罚", None), leaf("行政强制", None)]));
            out.push(active_block(
                "第二十条第(八)项",
                &["上一年项目数量", "本年增/减"],
                &[Count, Delta],
                vec![leaf("行政事业性收费", None)],
            ));
            out.push(active_block("第二十条第(九)项", &["采购项目数量", "采购总金额"], &[Count, Amount], vec![leaf("政府集中采购", None)]));
        }
    }
    out.push(requests_block(format));
    out.push(appeals_block());
    out
}

/// Labels found only in one format, used to tell the formats apart.
pub const V2021_MARKERS: &[&str] =
    &["本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额", "申请人无正当理由逾期不补正"];
pub const V2019_MARKERS: &[&str] = &[
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "政府集中采购",
    "采购项目数量",
    "第二十条第(九)项",
];

/// A label as the official template prints it: full-width brackets, colon and comma
/// ("(七)总计" → "（七）总计"). Labels are stored half-width because keys fold widths anyway.
pub fn printed(label: &str) -> String {
    label
        .chars()
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            ':' => '：',
            ',' => '，',
            c => c,
        })
        .collect()
}

/// A row as people find it in the table: its label, with its parent's for a numbered sub-item
/// ("三、本年度办理结果/(三)不予公开/1.属于国家秘密" → "（三）不予公开·1.属于国家秘密";
/// "三、本年度办理结果/(七)总计" → "（七）总计"; "第二十条第(一)项/规章" → "第二十条第（一）项·规章").
pub fn printed_row(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let shown: Vec<&str> = match parts.as_slice() {
        [] => vec![],
        [one] => vec![one],
        [.., parent, leaf] if leaf.starts_with(|c: char| c.is_ascii_digit()) => vec![parent, leaf],
        [first, .., leaf] if first.starts_with("第二十条") => vec![first, leaf],
        [.., leaf] => vec![leaf],
    };
    printed(&shown.join("·"))
}

/// A row named in a message: 「（七）总计」行; the appeals table's one row, which has no label, as
/// 「政府信息公开行政复议、行政诉讼情况」表的数据行.
pub fn quoted_row(table: TableId, path: &str) -> String {
    if path.is_empty() {
        format!("「{}」表的数据行", table.title())
    } else {
        format!("「{}」行", printed_row(path))
    }
}

/// A column as people find it: "法人或其他组织/商业企业" → "商业企业"; the appeals table's
/// columns keep their groups ("行政诉讼/复议后起诉/总计" → "行政诉讼·复议后起诉·总计").
pub fn printed_col(col: &str) -> String {
    if col.starts_with("行政复议") || col.starts_with("行政诉讼") {
        printed(&col.replace('/', "·"))
    } else {
        printed(col.rsplit('/').next().unwrap_or(col))
    }
}

/// A sum relation of the template (勾稽关系), declared once as data with named rows and columns.
/// One evaluator (`crate::sums`) checks every relation (rules T1xx, and V202 for a blank total),
/// and the glued-digit splitter tests its splits with the same list. Adding a relation is one
/// entry here plus a fixture folder `tests/rules/<CODE>/`.
#[derive(Debug)]
pub struct SumRelation {
    pub code: &'static str,
    pub name: &'static str,
    /// One line in Chinese for users.
    pub summary: &'static str,
    /// Where the relation comes from (shown by `nianbao rules CODE`).
    pub basis: &'static str,
    pub table: TableId,
    pub shape: SumShape,
}

/// Which cells a relation adds up. A blank cell counts as 0 among the parts; a blank total is
/// reported apart (V202) with the value it should hold.
#[derive(Debug)]
pub enum SumShape {
    /// In every row: the `total` column equals the sum of the `parts` columns (named as a
    /// group by `parts_name` in messages).
    EachRow { total: &'static str, parts: &'static [&'static str], parts_name: &'static str },
    /// In every column: the `total` row equals the sum of the leaf rows under the row path
    /// `under`, the total itself excepted.
    EachColumn { total: &'static str, under: &'static str, parts_name: &'static str },
    /// In every column: the rows `left` add up to the same as the rows `right`.
    Balance { left: &'static [&'static str], right: &'static [&'static str], left_name: &'static str, right_name: &'static str },
    /// In each row, for each column group: `group/total` equals the sum of the `group/part`s.
    EachGroup { groups: &'static [&'static str], total: &'static str, parts: &'static [&'static str] },
}

/// Every sum relation of both formats (the two formats' tables 三 and 四 agree on them).
pub const SUM_RELATIONS: &[SumRelation] = &[
    SumRelation {
        code: "T101",
        name: "requests-row-total",
        summary: "申请情况表每行的总计应等于六类申请人之和",
        basis: "国办公开办函〔2021〕30号 表三「收到和处理政府信息公开申请情况」：每一行的「总计」列等于「自然人」列与「法人或其他组织」下五列（商业企业、科研机构、社会公益组织、法律服务机构、其他）之和。总计空白而各列之和不为0的，另按 V202 提示应填的数。",
        table: TableId::Requests,
        shape: SumShape::EachRow {
            total: "总计",
            parts: &[
                "自然人",
                "法人或其他组织/商业企业",
                "法人或其他组织/科研机构",
                "法人或其他组织/社会公益组织",
                "法人或其他组织/法律服务机构",
                "法人或其他组织/其他",
            ],
            parts_name: "六类申请人",
        },
    },
    SumRelation {
        code: "T102",
        name: "requests-results-total",
        summary: "办理结果（七）总计应等于各项办理结果之和",
        basis: "国办公开办函〔2021〕30号 表三：每一列中，「三、本年度办理结果」的「（七）总计」等于（一）至（六）各项办理结果之和（（三）至（六）按其下各小项计；2019版格式的「（六）其他处理」没有小项）。",
        table: TableId::Requests,
        shape: SumShape::EachColumn { total: "三、本年度办理结果/(七)总计", under: "三、本年度办理结果", parts_name: "各项办理结果" },
    },
    SumRelation {
        code: "T103",
        name: "requests-balance",
        summary: "第一项加第二项之和应等于第三项加第四项之和",
        basis: "表三自身注明的勾稽关系「（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）」：每一列中，一、本年新收 + 二、上年结转 = 三、本年度办理结果（七）总计 + 四、结转下年度继续办理。",
        table: TableId::Requests,
        shape: SumShape::Balance {
            left: &["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"],
            right: &["三、本年度办理结果/(七)总计", "四、结转下年度继续办理"],
            left_name: "第一项加第二项",
            right_name: "第三项(七)总计加第四项",
        },
    },
    SumRelation {
        code: "T111",
        name: "appeals-totals",
        summary: "行政复议、行政诉讼的总计应等于四类结果之和",
        basis: "国办公开办函〔2021〕30号 表四「政府信息公开行政复议、行政诉讼情况」：行政复议、行政诉讼·未经复议直接起诉、行政诉讼·复议后起诉三组，各组「总计」等于结果维持、结果纠正、其他结果、尚未审结四列之和。",
        table: TableId::Appeals,
        shape: SumShape::EachGroup {
            groups: &["行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉"],
            total: "总计",
            parts: &["结果维持", "结果纠正", "其他结果", "尚未审结"],
        },
    },
];

/// The six section headings, in order.
pub const SECTIONS: [&str; 6] = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_paths_follow_the_official_labels() {
        let b = blocks(Format::V2021);
        let req = b.iter().find(|b| b.table == TableId::Requests).unwrap();
        let i = req.rows.iter().position(|r| r.label == "1.属于国家秘密").unwrap();
        assert_eq!(req.row_path(i), "三、本年度办理结果/(三)不予公开/1.属于国家秘密");
        assert_eq!(b[0].row_path(1), "第二十条第(一)项/行政规范性文件");
        let v19 = blocks(Format::V2019);
        let req19 = v19.iter().find(|b| b.table == TableId::Requests).unwrap();
        assert!(req19.rows.iter().any(|r| r.label == "(六)其他处理" && r.leaf));
    }
}
