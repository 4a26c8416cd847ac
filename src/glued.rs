//! Glued digit runs: the cells of a table row that lost their separators in a copy or a text
//! extraction ("713000074"). The reader hands over every such row; here the rows of each table
//! are split into their cells where the template allows one reading only, in two steps:
//!
//! 1. Each row's own readings: every way to cut its run into the row's cells — a cell never
//!    starts with 0 unless it is "0", never runs over a space, and has the form its column
//!    takes (a minus sign only at the start of a 本年增/减 cell, or alone as a blank; a point
//!    only inside an amount) — under which the row's own sum relations hold.
//! 2. The table's readings: the rows left with more than one reading are chosen together, so
//!    that every other relation of the template (each column's sum, the balance of 表三) holds
//!    too, with every other row as read. Rows that share no relation are chosen apart, so a
//!    主动公开 row (its table has no relation) is split only when its digits allow one reading.
//!
//! Where one reading remains, the rows are split. Where more remain, a cell that is the same in
//! every reading (the same digits at the same place) is read, the others are left unread, and
//! the readings are kept for the prose checks. Where none remains, the rows are left unread.
//! Both steps share one step budget per table, so a pathological run is answered at once.
//! Nothing here judges the report: V204 says what was done.

use crate::ingest::Location;
use crate::model::Table;
use crate::normalize::{fold_char, is_space};
use crate::reader::{GluedRun, RowRead};
use crate::template::ValueKind;
use crate::value::parse_value;

/// Steps (search nodes) spent on the glued rows of one table, both steps together. The corpus's
/// tables need a few hundred; a pathological one stops here, within a few milliseconds.
pub const STEP_BUDGET: usize = 100_000;
/// Steps spent on one row's own readings, so that one pathological row leaves the others
/// their share (a real row of fifteen cells with two-digit counts needs about 1,600).
pub const ROW_BUDGET: usize = 50_000;
/// At most this many readings of one row are kept; a row with more is left unread.
pub const MAX_READINGS: usize = 256;
/// No count in a report has more than this many digits.
const MAX_COUNT_DIGITS: usize = 9;
/// Nor an amount more than this many before its point, and this many after it.
const MAX_AMOUNT_DIGITS: usize = 12;
const MAX_DECIMALS: usize = 6;

/// A character of a run that belongs to a cell: a digit, a minus sign or a decimal point, and
/// where it is: (piece of the run, byte offset in the piece's text, byte length).
#[derive(Debug, Clone, Copy)]
struct Atom {
    ch: u8,
    piece: usize,
    at: usize,
    len: usize,
}

/// A glued run as written (one or more pieces: words the source separated by spaces).
struct Run<'a> {
    pieces: &'a [(String, Location)],
    atoms: Vec<Atom>,
    /// `cut[i]`: a cell starts at atom i (a space before it); `cut[len]` is true.
    cut: Vec<bool>,
}

impl<'a> Run<'a> {
    /// `None` when a piece holds anything but digits, signs, points and spaces (a trailing
    /// 元 aside).
    fn new(pieces: &'a [(String, Location)]) -> Option<Self> {
        let mut atoms = Vec::new();
        let mut cut = Vec::new();
        for (pi, (text, _)) in pieces.iter().enumerate() {
            let body = text.trim_end().strip_suffix("万元").or_else(|| text.trim_end().strip_suffix('元')).unwrap_or(text);
            let mut after_space = true;
            for (i, c) in body.char_indices() {
                let f = fold_char(c);
                if is_space(f) {
                    after_space = true;
                    continue;
                }
                if !matches!(f, '0'..='9' | '-' | '.') {
                    return None;
                }
                cut.push(after_space);
                after_space = false;
                atoms.push(Atom { ch: f as u8, piece: pi, at: i, len: c.len_utf8() });
            }
        }
        if !atoms.iter().any(|a| a.ch.is_ascii_digit()) {
            return None;
        }
        cut.push(true);
        Some(Run { pieces, atoms, cut })
    }

    fn text(&self, from: usize, to: usize) -> String {
        self.atoms[from..to].iter().map(|a| a.ch as char).collect()
    }

    fn location(&self, from: usize, to: usize) -> Location {
        let (first, last) = (self.atoms[from], self.atoms[to - 1]);
        let (text, loc) = &self.pieces[first.piece];
        loc.sub(text, first.at, last.at + last.len)
    }
}

/// The number a cell written as `atoms` holds in a column of `kind`, if it can be such a cell:
/// a lone minus sign is a blank (0); an amount's decimals are not summed (no relation has one).
fn cell_value(atoms: &[Atom], kind: ValueKind) -> Option<i64> {
    let digits = |a: &[Atom], max: usize| -> Option<i64> {
        if a.is_empty() || a.len() > max || (a.len() > 1 && a[0].ch == b'0') || !a.iter().all(|x| x.ch.is_ascii_digit()) {
            return None;
        }
        Some(a.iter().fold(0i64, |v, x| v * 10 + (x.ch - b'0') as i64))
    };
    if let [one] = atoms {
        if one.ch == b'-' {
            return Some(0);
        }
    }
    match kind {
        ValueKind::Count => digits(atoms, MAX_COUNT_DIGITS),
        ValueKind::Delta => match atoms.split_first() {
            Some((sign, rest)) if sign.ch == b'-' => digits(rest, MAX_COUNT_DIGITS).filter(|&v| v != 0).map(|v| -v),
            _ => digits(atoms, MAX_COUNT_DIGITS),
        },
        ValueKind::Amount => match atoms.iter().position(|a| a.ch == b'.') {
            None => digits(atoms, MAX_AMOUNT_DIGITS),
            Some(p) => {
                let frac = &atoms[p + 1..];
                if frac.is_empty() || frac.len() > MAX_DECIMALS || !frac.iter().all(|a| a.ch.is_ascii_digit()) {
                    return None;
                }
                digits(&atoms[..p], MAX_AMOUNT_DIGITS)
            }
        },
    }
}

/// The widest a cell of `kind` can be written, in atoms.
fn max_width(kind: ValueKind) -> usize {
    match kind {
        ValueKind::Count => MAX_COUNT_DIGITS,
        ValueKind::Delta => MAX_COUNT_DIGITS + 1,
        ValueKind::Amount => MAX_AMOUNT_DIGITS + 1 + MAX_DECIMALS,
    }
}

fn digit_count(v: i64) -> usize {
    if v == 0 {
        1
    } else {
        (v.unsigned_abs().ilog10() + 1) as usize
    }
}

/// What came of listing a row's readings.
enum RowReadings {
    /// Every reading, each as the atom index where each cell ends.
    All(Vec<Vec<usize>>),
    /// More than [`MAX_READINGS`], or the budget ran out.
    TooMany,
}

/// Depth-first search over cell ends, left to right, with three prunings: a total whose parts
/// are all placed has a forced value; the atoms left must fit the cells left; and a total not
/// yet placed must have room for the sum of its parts placed so far.
struct RowSearch<'r, 'a> {
    run: &'r Run<'a>,
    kinds: &'r [ValueKind],
    constraints: &'r [(Vec<usize>, Vec<usize>)],
    /// `room[k]`: the most atoms cells k.. can take.
    room: Vec<usize>,
    values: Vec<i64>,
    ends: Vec<usize>,
    found: Vec<Vec<usize>>,
    overflow: bool,
}

impl RowSearch<'_, '_> {
    /// The value cell `k` must hold when it is a single total whose parts are all placed.
    fn forced(&self, k: usize) -> Option<i64> {
        self.constraints.iter().find_map(|(total, parts)| {
            (total.as_slice() == [k] && parts.iter().all(|&p| p < k)).then(|| parts.iter().map(|&p| self.values[p]).sum())
        })
    }

    /// After placing cell `k` (ending at atom `next`): every relation whose cells are all
    /// placed holds, and every single total still to come has room for its placed parts.
    fn consistent(&self, k: usize, next: usize) -> bool {
        let left = self.run.atoms.len() - next;
        let cells_after = self.kinds.len() - k - 1;
        self.constraints.iter().all(|(total, parts)| {
            let placed = |c: &usize| *c <= k;
            if total.iter().all(placed) && parts.iter().all(placed) {
                let sum = |cells: &[usize]| cells.iter().map(|&c| self.values[c]).sum::<i64>();
                return sum(total) == sum(parts);
            }
            if let [t] = total.as_slice() {
                if *t > k && cells_after > 0 {
                    let room = (left + 1).saturating_sub(cells_after).min(MAX_COUNT_DIGITS);
                    let placed_sum: i64 = parts.iter().filter(|p| placed(p)).map(|&p| self.values[p]).sum();
                    return digit_count(placed_sum) <= room;
                }
            }
            true
        })
    }

    /// Places cell `k` from atom `start` on. Every cell end tried costs a step.
    fn walk(&mut self, k: usize, start: usize, budget: &mut usize) {
        if self.overflow {
            return;
        }
        let len = self.run.atoms.len();
        let n = self.kinds.len();
        if k == n {
            if start == len {
                if self.found.len() == MAX_READINGS {
                    self.overflow = true;
                } else {
                    self.found.push(self.ends.clone());
                }
            }
            return;
        }
        let cells_left = n - k;
        if len - start < cells_left || len - start > self.room[k] {
            return;
        }
        let forced = self.forced(k);
        let last_end = (start + max_width(self.kinds[k])).min(len - (cells_left - 1));
        for end in start + 1..=last_end {
            if *budget == 0 {
                self.overflow = true;
                return;
            }
            *budget -= 1;
            // A cell never runs over a space.
            if end > start + 1 && self.run.cut[end - 1] {
                break;
            }
            let Some(value) = cell_value(&self.run.atoms[start..end], self.kinds[k]) else { continue };
            if forced.is_some_and(|f| f != value) {
                continue;
            }
            self.values.push(value);
            self.ends.push(end);
            if self.consistent(k, end) {
                self.walk(k + 1, end, budget);
            }
            self.values.pop();
            self.ends.pop();
            if self.overflow {
                return;
            }
        }
    }
}

fn row_readings(run: &Run, kinds: &[ValueKind], constraints: &[(Vec<usize>, Vec<usize>)], budget: &mut usize) -> RowReadings {
    let mut room = vec![0; kinds.len() + 1];
    for k in (0..kinds.len()).rev() {
        room[k] = room[k + 1] + max_width(kinds[k]);
    }
    let mut search = RowSearch { run, kinds, constraints, room, values: Vec::new(), ends: Vec::new(), found: Vec::new(), overflow: false };
    search.walk(0, 0, budget);
    if search.overflow {
        RowReadings::TooMany
    } else {
        RowReadings::All(search.found)
    }
}

/// A row whose readings are chosen together with others': its place, its readings and each
/// reading's cell values.
struct Var {
    /// Index into the reader's row observations.
    obs: usize,
    /// Row index in the table.
    row: usize,
    readings: Vec<Vec<usize>>,
    values: Vec<Vec<i64>>,
    /// Readings (indices) that take part in some reading of the table.
    used: Vec<bool>,
}

/// One relation of the table as a linear equation over the variable rows:
/// `constant + Σ coef · cell = 0`.
struct Lin {
    constant: i64,
    /// (variable, column, coefficient)
    terms: Vec<(usize, usize, i64)>,
}

/// Settles the glued rows of every table: `glued` lists (table index, row index, index into
/// `rows`) for each row the reader found glued, in reading order. Writes the cells that are
/// certain and sets each row's outcome and readings.
pub fn settle(tables: &mut [Table], rows: &mut [RowRead], glued: &[(usize, usize, usize)]) {
    for (ti, table) in tables.iter_mut().enumerate() {
        let mine: Vec<(usize, usize)> = glued.iter().filter(|g| g.0 == ti).map(|g| (g.1, g.2)).collect();
        if !mine.is_empty() {
            settle_table(table, rows, &mine);
        }
    }
}

fn settle_table(table: &mut Table, rows: &mut [RowRead], glued: &[(usize, usize)]) {
    let mut budget = STEP_BUDGET;
    let mut vars: Vec<Var> = Vec::new();
    let instances = crate::sums::instances(table);
    // Step 1: each row on its own.
    for &(mi, obs) in glued {
        let written = rows[obs].written.clone();
        let Some(run) = Run::new(&written) else {
            rows[obs].glued = Some(GluedRun::NoReading);
            continue;
        };
        let kinds: Vec<ValueKind> = table.rows[mi].cells.iter().map(|c| c.kind).collect();
        let constraints = crate::sums::row_constraints_of(&instances, mi);
        let allowed = ROW_BUDGET.min(budget);
        let mut row_budget = allowed;
        let found = row_readings(&run, &kinds, &constraints, &mut row_budget);
        budget -= allowed - row_budget;
        match found {
            RowReadings::TooMany => rows[obs].glued = Some(GluedRun::TooLong),
            RowReadings::All(found) if found.is_empty() => rows[obs].glued = Some(GluedRun::NoReading),
            RowReadings::All(found) if found.len() == 1 => {
                write_cells(table, mi, &run, &found[0], None);
                rows[obs].readings = vec![reading_texts(&run, &found[0])];
                rows[obs].glued = Some(GluedRun::Split);
            }
            RowReadings::All(found) => {
                let values = found.iter().map(|ends| reading_values(&run, &kinds, ends)).collect();
                let used = vec![true; found.len()];
                vars.push(Var { obs, row: mi, readings: found, values, used });
            }
        }
    }
    if vars.is_empty() {
        return;
    }
    // Step 2: the rows left with several readings, together.
    let lins = relations(table, &instances, &vars);
    let components = components(vars.len(), &lins);
    for comp in components {
        let outcome = solve(&mut vars, &lins, &comp, &mut budget);
        for &v in &comp {
            let var = &vars[v];
            let written = rows[var.obs].written.clone();
            let run = Run::new(&written).expect("parsed in step 1");
            let kept: Vec<Vec<usize>> = var.readings.iter().zip(&var.used).filter(|(_, u)| **u).map(|(r, _)| r.clone()).collect();
            rows[var.obs].readings = kept.iter().map(|r| reading_texts(&run, r)).collect();
            rows[var.obs].glued = Some(match outcome {
                Solved::None => {
                    rows[var.obs].readings.clear();
                    GluedRun::Conflict
                }
                Solved::Some if kept.len() == 1 => {
                    write_cells(table, var.row, &run, &kept[0], None);
                    GluedRun::SplitByTable
                }
                Solved::Some => {
                    let certain = certain_cells(&kept);
                    write_cells(table, var.row, &run, &kept[0], Some(&certain));
                    GluedRun::Ambiguous
                }
            });
        }
    }
}

/// Keeps, of the readings of each 主动公开 row left with several (no relation ties its cells),
/// those that agree with the figures the prose states of its cells (P416's claims: "动态更新本
/// 年度制发的规范性文件88件"). A figure that no reading gives is passed over (P416 says so); so are
/// figures that no reading gives together. Where one reading is left, the row is split; where
/// more, the cells equal in all of them are read. The words used are kept on the row.
pub fn narrow_by_prose(document: &mut crate::document::Document) {
    let open = |r: &RowRead| r.table == crate::template::TableId::Active && r.glued == Some(GluedRun::Ambiguous);
    if !document.observations.rows.iter().any(open) {
        return;
    }
    let stated = crate::rules::stated_cells(document);
    if stated.is_empty() {
        return;
    }
    let Some(ti) = document.tables.iter().position(|t| t.id == crate::template::TableId::Active) else { return };
    for read in document.observations.rows.iter_mut() {
        if !open(read) {
            continue;
        }
        let mut keep: Vec<bool> = vec![true; read.readings.len()];
        let mut used = Vec::new();
        for s in stated.iter().filter(|s| s.row == read.path) {
            let Some(ci) = read.columns.iter().position(|c| *c == s.col) else { continue };
            let agrees: Vec<bool> = read
                .readings
                .iter()
                .map(|r| parse_value(&r[ci]).amount().is_some_and(|v| crate::rules::prose::agrees(v, s.stated, s.tolerance)))
                .collect();
            let narrowed: Vec<bool> = keep.iter().zip(&agrees).map(|(k, a)| *k && *a).collect();
            if agrees.iter().all(|a| *a) || !narrowed.iter().any(|k| *k) {
                continue;
            }
            keep = narrowed;
            if !used.contains(&s.excerpt) {
                used.push(s.excerpt.clone());
            }
        }
        if used.is_empty() {
            continue;
        }
        let Some(mi) = document.tables[ti].rows.iter().position(|r| r.path == read.path) else { continue };
        let written = read.written.clone();
        let Some(run) = Run::new(&written) else { continue };
        let kept: Vec<Vec<usize>> = read.readings.iter().zip(&keep).filter(|(_, k)| **k).map(|(r, _)| ends_of(r)).collect();
        read.readings = read.readings.iter().zip(&keep).filter(|(_, k)| **k).map(|(r, _)| r.clone()).collect();
        read.by_prose = used;
        let table = &mut document.tables[ti];
        if kept.len() == 1 {
            write_cells(table, mi, &run, &kept[0], None);
            read.glued = Some(GluedRun::SplitByProse);
        } else {
            write_cells(table, mi, &run, &kept[0], Some(&certain_cells(&kept)));
        }
    }
}

/// The cell ends (atom indices) of a reading given as its cell texts.
fn ends_of(texts: &[String]) -> Vec<usize> {
    let mut end = 0;
    texts
        .iter()
        .map(|t| {
            end += t.len();
            end
        })
        .collect()
}

/// The cell texts of a reading.
fn reading_texts(run: &Run, ends: &[usize]) -> Vec<String> {
    let mut start = 0;
    ends.iter()
        .map(|&end| {
            let t = run.text(start, end);
            start = end;
            t
        })
        .collect()
}

fn reading_values(run: &Run, kinds: &[ValueKind], ends: &[usize]) -> Vec<i64> {
    let mut start = 0;
    ends.iter()
        .zip(kinds)
        .map(|(&end, &kind)| {
            let v = cell_value(&run.atoms[start..end], kind).expect("a reading's cells are valid");
            start = end;
            v
        })
        .collect()
}

/// Per cell, whether every reading has it at the same place (hence the same digits).
fn certain_cells(readings: &[Vec<usize>]) -> Vec<bool> {
    let n = readings[0].len();
    let span = |r: &[usize], k: usize| (if k == 0 { 0 } else { r[k - 1] }, r[k]);
    (0..n).map(|k| readings.iter().all(|r| span(r, k) == span(&readings[0], k))).collect()
}

/// Writes the cells of row `mi` that `certain` marks (all when `None`), from reading `ends`.
fn write_cells(table: &mut Table, mi: usize, run: &Run, ends: &[usize], certain: Option<&[bool]>) {
    let mut start = 0;
    for (k, &end) in ends.iter().enumerate() {
        if certain.is_none_or(|c| c[k]) {
            let text = run.text(start, end);
            let c = &mut table.rows[mi].cells[k];
            c.value = Some(parse_value(&text));
            c.raw = Some(text);
            c.loc = Some(run.location(start, end));
            c.inferred = true;
        }
        start = end;
    }
}

/// The template's relations over `table` that tie variable rows to anything outside their own
/// row, as linear equations; a relation with a cell that is neither read nor a variable's is
/// left out (it cannot decide anything).
fn relations(table: &Table, instances: &[crate::sums::Instance], vars: &[Var]) -> Vec<Lin> {
    let var_of = |row: usize| vars.iter().position(|v| v.row == row);
    let mut out = Vec::new();
    'instances: for inst in instances {
        let mut lin = Lin { constant: 0, terms: Vec::new() };
        let sides = inst.total.iter().map(|c| (c, 1i64)).chain(inst.parts.iter().map(|c| (c, -1i64)));
        for (&(r, c), sign) in sides {
            if let Some(v) = var_of(r) {
                lin.terms.push((v, c, sign));
                continue;
            }
            let cell = &table.rows[r].cells[c];
            match cell.amount() {
                Some(a) if !cell.is_missing() && a.fract() == 0.0 => lin.constant += sign * a as i64,
                _ => continue 'instances,
            }
        }
        let Some(&(first, _, _)) = lin.terms.first() else { continue };
        // Within one variable row only: already applied to its readings.
        let one_row = lin.terms.iter().all(|t| t.0 == first);
        let whole_row = inst.total.iter().chain(&inst.parts).all(|&(r, _)| r == vars[first].row);
        if one_row && whole_row {
            continue;
        }
        out.push(lin);
    }
    out
}

/// Groups of variables tied by relations (each variable alone when nothing ties it).
fn components(n: usize, lins: &[Lin]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for lin in lins {
        let first = lin.terms[0].0;
        for t in &lin.terms[1..] {
            let (a, b) = (root(&mut parent, first), root(&mut parent, t.0));
            parent[a] = b;
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: Vec<Option<usize>> = vec![None; n];
    for v in 0..n {
        let r = root(&mut parent, v);
        match group_of[r] {
            Some(g) => groups[g].push(v),
            None => {
                group_of[r] = Some(groups.len());
                groups.push(vec![v]);
            }
        }
    }
    groups
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Solved {
    /// Some readings of the table satisfy every relation (`used` marks them; when the budget
    /// ran out, every reading not yet ruled out stays marked).
    Some,
    /// No reading does.
    None,
}

/// Finds the readings of the variables of `comp` under which every relation among them holds;
/// marks in each variable's `used` the readings that take part in one.
fn solve(vars: &mut [Var], lins: &[Lin], comp: &[usize], budget: &mut usize) -> Solved {
    let mine: Vec<usize> = (0..lins.len()).filter(|&l| comp.contains(&lins[l].terms[0].0)).collect();
    if mine.is_empty() {
        return Solved::Some;
    }
    // Order: fewest readings first, so the search branches late.
    let mut order: Vec<usize> = comp.to_vec();
    crate::sort::by_key(&mut order[..], |&v| vars[v].readings.len());
    // contrib[i][r][j]: what reading r of the i-th variable in `order` adds to relation mine[j].
    let contrib: Vec<Vec<Vec<i64>>> = order
        .iter()
        .map(|&v| {
            (0..vars[v].readings.len())
                .map(|r| {
                    mine.iter().map(|&l| lins[l].terms.iter().filter(|t| t.0 == v).map(|t| t.2 * vars[v].values[r][t.1]).sum()).collect()
                })
                .collect()
        })
        .collect();
    let m = mine.len();
    // rest_min[i][j], rest_max[i][j]: the least and most the variables from the i-th on add.
    let mut rest_min = vec![vec![0i64; m]; order.len() + 1];
    let mut rest_max = vec![vec![0i64; m]; order.len() + 1];
    for i in (0..order.len()).rev() {
        for j in 0..m {
            let lo = contrib[i].iter().map(|c| c[j]).min().unwrap_or(0);
            let hi = contrib[i].iter().map(|c| c[j]).max().unwrap_or(0);
            rest_min[i][j] = rest_min[i + 1][j] + lo;
            rest_max[i][j] = rest_max[i + 1][j] + hi;
        }
    }
    let constants: Vec<i64> = mine.iter().map(|&l| lins[l].constant).collect();
    let mut search = JointSearch {
        contrib: &contrib,
        rest_min: &rest_min,
        rest_max: &rest_max,
        partial: constants,
        chosen: Vec::with_capacity(order.len()),
        used: order.iter().map(|&v| vec![false; vars[v].readings.len()]).collect(),
        solutions: 0,
        out_of_budget: false,
    };
    search.walk(0, budget);
    if search.out_of_budget {
        // Nothing more is known than each row's own readings.
        return Solved::Some;
    }
    for (i, &v) in order.iter().enumerate() {
        vars[v].used = std::mem::take(&mut search.used[i]);
    }
    if search.solutions == 0 {
        Solved::None
    } else {
        Solved::Some
    }
}

struct JointSearch<'s> {
    contrib: &'s [Vec<Vec<i64>>],
    rest_min: &'s [Vec<i64>],
    rest_max: &'s [Vec<i64>],
    /// Per relation: its constant plus what the chosen readings add.
    partial: Vec<i64>,
    chosen: Vec<usize>,
    used: Vec<Vec<bool>>,
    solutions: usize,
    out_of_budget: bool,
}

impl JointSearch<'_> {
    /// Chooses a reading for the `i`-th variable. Every reading tried costs a step.
    fn walk(&mut self, i: usize, budget: &mut usize) {
        if i == self.contrib.len() {
            self.solutions += 1;
            for (k, &r) in self.chosen.iter().enumerate() {
                self.used[k][r] = true;
            }
            return;
        }
        for r in 0..self.contrib[i].len() {
            if *budget == 0 {
                self.out_of_budget = true;
                return;
            }
            *budget -= 1;
            let c = &self.contrib[i][r];
            let feasible = (0..c.len()).all(|j| {
                let p = self.partial[j] + c[j];
                p + self.rest_min[i + 1][j] <= 0 && 0 <= p + self.rest_max[i + 1][j]
            });
            if !feasible {
                continue;
            }
            for (p, x) in self.partial.iter_mut().zip(c) {
                *p += x;
            }
            self.chosen.push(r);
            self.walk(i + 1, budget);
            self.chosen.pop();
            for (p, x) in self.partial.iter_mut().zip(c) {
                *p -= x;
            }
            if self.out_of_budget {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::LocationKind;
    use crate::template::{Format, TableId};

    fn piece(text: &str) -> (String, Location) {
        let loc = Location {
            kind: LocationKind::Text,
            element: None,
            start: 0,
            end: text.len(),
            u16_start: 0,
            u16_end: text.encode_utf16().count(),
            line: Some(1),
        };
        (text.to_string(), loc)
    }

    /// The readings of one row of `table` (its first row of `path`) on its own.
    fn readings(texts: &[&str], table: TableId, path: &str) -> Option<Vec<Vec<String>>> {
        let tables = crate::reader::skeleton(Format::V2021);
        let t = tables.iter().find(|t| t.id == table).unwrap();
        let mi = t.rows.iter().position(|r| r.path == path).unwrap();
        let pieces: Vec<_> = texts.iter().map(|t| piece(t)).collect();
        let run = Run::new(&pieces)?;
        let kinds: Vec<ValueKind> = t.rows[mi].cells.iter().map(|c| c.kind).collect();
        let mut budget = STEP_BUDGET;
        match row_readings(&run, &kinds, &crate::sums::row_constraints(t, mi), &mut budget) {
            RowReadings::All(found) => Some(found.iter().map(|r| reading_texts(&run, r)).collect()),
            RowReadings::TooMany => None,
        }
    }

    const NEW: &str = "一、本年新收政府信息公开申请数量";

    #[test]
    fn a_row_alone_has_the_readings_its_sums_allow() {
        assert_eq!(readings(&["713000074"], TableId::Requests, NEW).unwrap(), [["71", "3", "0", "0", "0", "0", "74"]]);
        assert_eq!(
            readings(&["330000033"], TableId::Requests, NEW).unwrap(),
            [["3", "30", "0", "0", "0", "0", "33"], ["33", "0", "0", "0", "0", "0", "33"]]
        );
        assert_eq!(readings(&["200", "000121"], TableId::Requests, NEW).unwrap(), [["20", "0", "0", "0", "0", "1", "21"]]);
        assert_eq!(readings(&["７１３００００７４"], TableId::Requests, NEW).unwrap(), [["71", "3", "0", "0", "0", "0", "74"]]);
        assert_eq!(readings(&["000"], TableId::Active, "第二十条第(一)项/规章").unwrap(), [["0", "0", "0"]]);
        assert_eq!(readings(&["8855698"], TableId::Active, "第二十条第(一)项/行政规范性文件").unwrap().len(), 15);
    }

    #[test]
    fn signs_and_points_take_the_place_their_column_allows() {
        let tables = crate::reader::skeleton(Format::V2019);
        let t = tables.iter().find(|t| t.id == TableId::Active).unwrap();
        let row = |path: &str, text: &str| {
            let mi = t.rows.iter().position(|r| r.path == path).unwrap();
            let pieces = vec![piece(text)];
            let run = Run::new(&pieces).unwrap();
            let kinds: Vec<ValueKind> = t.rows[mi].cells.iter().map(|c| c.kind).collect();
            let mut budget = STEP_BUDGET;
            match row_readings(&run, &kinds, &[], &mut budget) {
                RowReadings::All(found) => found.iter().map(|r| reading_texts(&run, r)).collect::<Vec<_>>(),
                RowReadings::TooMany => panic!("too many"),
            }
        };
        // 上一年项目数量 | 本年增/减: the minus can only start the second cell.
        assert_eq!(row("第二十条第(八)项/行政事业性收费", "35-15"), [["35", "-15"]]);
        // Three cells: the minus starts 本年增/减, or stands alone for a blank one.
        let punish = row("第二十条第(六)项/行政处罚", "2648-18538");
        assert_eq!(punish.len(), 5);
        assert!(punish.iter().all(|r| r[0] == "2648"));
        assert!(punish.contains(&vec!["2648".into(), "-18".into(), "538".into()]));
        assert!(punish.contains(&vec!["2648".into(), "-".into(), "18538".into()]));
        // 采购项目数量 | 采购总金额: the point belongs to the amount.
        let purchase = row("第二十条第(九)项/政府集中采购", "39573802895.90元");
        assert!(purchase.contains(&vec!["395".into(), "73802895.90".into()]));
        assert!(purchase.iter().all(|r| r[1].ends_with(".90")));
    }

    /// Rows written as one long run of digits are answered in bounded time (the search used to
    /// be exponential: 9.4 s for 29 digits, 59 s for 32).
    #[test]
    fn long_glued_rows_are_answered_quickly() {
        for (table, path, digits) in [
            (TableId::Appeals, "", "12035201118645128208533179147"),
            (TableId::Appeals, "", "1203520111864512820853317914731231231234"),
            (TableId::Appeals, "", "999999999999999999999999999999999999999"),
            (TableId::Requests, NEW, "123456789012345678901234567890123"),
            (TableId::Requests, NEW, "11111111111111111111111111111111111111111"),
        ] {
            let started = std::time::Instant::now();
            let _ = readings(&[digits], table, path);
            let took = started.elapsed();
            assert!(took < std::time::Duration::from_millis(200), "{digits}: {took:?}");
        }
    }
}
