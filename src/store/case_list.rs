//! The case list: filters, search and paging, planned so that a province's million cases are
//! counted from one index.

use super::accounts::Permission;
use super::Store;
use crate::domain::*;
use crate::error::Result;

/// Whether the search text is the filter's only condition.
fn filter_is_text_only(filter: &CaseFilter) -> bool {
    let CaseFilter {
        received_from,
        received_to,
        category,
        status,
        counselor,
        remedy_channel,
        outreach_event_id,
        text,
        sort: _,
        limit: _,
        offset: _,
    } = filter;
    text.is_some()
        && received_from.is_none()
        && received_to.is_none()
        && category.is_none()
        && *status == CaseStatus::Any
        && counselor.is_none()
        && remedy_channel.is_none()
        && outreach_event_id.is_none()
}

/// A search counts its matches up to this many: past it, counting a common word over a
/// province's cases would cost more than the page, and "10,000건 이상" tells a counselor as
/// much as the exact number.
pub const SEARCH_COUNT_LIMIT: u64 = 10_000;

/// How the case list finds a search text.
enum Search {
    /// The FTS5 query of `search::match_query`.
    Index(String),
    /// A LIKE pattern, for a text too short for the index.
    Scan(String),
}

/// How a condition on the search index is checked.
#[derive(Clone, Copy, PartialEq)]
enum Probe {
    /// The condition is on the case id, so SQLite can start from the matches and look each
    /// case up: for counting, and for a page of a search that matches few cases.
    MatchSet,
    /// The condition is on each case's index rowid, checked against the set of matching rowids
    /// (integers, built once), for a page read newest first from the date index: a search
    /// that matches many cases (a common word matches a sixth of a province's cases) finds
    /// its hundred soonest that way, and a set of integers costs far less to build than one
    /// of case ids.
    PerCase,
}

/// The WHERE clause of the case list, from fixed fragments for the filters in use only, with
/// their named parameters. A filter left out of the text matters: SQLite decides from the
/// text which columns a query reads, and a mention of a column outside the `cases_received`
/// index makes it read every case row even when that filter is unused. No fragment joins,
/// so counting a million cases reads one index; names match through subqueries.
fn case_filter<'a>(
    filter: &'a CaseFilter,
    text: &'a Option<Search>,
    status: &'a bool,
    probe: Probe,
) -> (String, Vec<(&'static str, &'a dyn rusqlite::ToSql)>) {
    let mut conditions = vec!["c.deleted_at IS NULL"];
    let mut params: Vec<(&'static str, &'a dyn rusqlite::ToSql)> = Vec::new();
    let mut add = |condition: &'static str, name: &'static str, value: &'a dyn rusqlite::ToSql| {
        conditions.push(condition);
        params.push((name, value));
    };
    if let Some(from) = &filter.received_from {
        add("c.received_on >= :from", ":from", from);
    }
    if let Some(to) = &filter.received_to {
        add("c.received_on <= :to", ":to", to);
    }
    if let Some(category) = &filter.category {
        add("c.primary_category = :category", ":category", category);
    }
    if filter.status != CaseStatus::Any {
        add("(c.closed_on IS NULL) = :open", ":open", status);
    }
    if let Some(counselor) = &filter.counselor {
        add(
            "c.counselor_id IN (SELECT id FROM counselors WHERE name = :counselor)",
            ":counselor",
            counselor,
        );
    }
    if let Some(event) = &filter.outreach_event_id {
        add("c.outreach_event_id = :event", ":event", event);
    }
    if let Some(channel) = &filter.remedy_channel {
        add(
            "EXISTS (SELECT 1 FROM remedies r WHERE r.case_id = c.id AND r.deleted_at IS NULL AND r.channel = :channel)",
            ":channel",
            channel,
        );
    }
    match text {
        Some(Search::Index(query)) if probe == Probe::PerCase => add(
            "(SELECT s.rowid FROM case_search_ids s WHERE s.case_id = c.id)
                IN (SELECT rowid FROM case_search WHERE case_search MATCH :text)",
            ":text",
            query,
        ),
        Some(Search::Index(query)) => add(
            "c.id IN (SELECT s.case_id FROM case_search_ids s
                      WHERE s.rowid IN (SELECT rowid FROM case_search WHERE case_search MATCH :text))",
            ":text",
            query,
        ),
        // One character: no index window is that short, so every case is read.
        Some(Search::Scan(pattern)) => add(
            "(c.case_no LIKE :text ESCAPE '\\' OR c.workplace_name LIKE :text ESCAPE '\\'
              OR c.summary LIKE :text ESCAPE '\\'
              OR c.client_id IN (SELECT id FROM clients WHERE name LIKE :text ESCAPE '\\'))",
            ":text",
            pattern,
        ),
        None => {}
    }
    (conditions.join(" AND "), params)
}

/// `%text%` for LIKE, with LIKE's own wildcards taken literally.
fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

impl Store {
    /// Number of live (not deleted) cases.
    pub fn count_cases(&self) -> Result<u64> {
        Ok(self.conn.query_row(
            "SELECT count(*) AS n FROM cases WHERE deleted_at IS NULL",
            [],
            |r| r.get("n"),
        )?)
    }

    /// A page of the case list under `filter`, and the number of matching cases.
    pub fn list_cases(&self, filter: &CaseFilter) -> Result<CasePage> {
        self.require(Permission::ViewCases)?;
        let text = filter
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| match super::search::match_query(t) {
                Some(query) => Search::Index(query),
                None => Search::Scan(like_pattern(t)),
            });
        let open = filter.status == CaseStatus::Open;
        let (conditions, params) = case_filter(filter, &text, &open, Probe::MatchSet);
        let live: u64 = self
            .conn
            .prepare_cached("SELECT live FROM case_count")?
            .query_row([], |r| r.get("live"))?;
        // The index holds live cases only: its own count needs no case read. A search counts
        // its matches up to SEARCH_COUNT_LIMIT; past it the list says "at least".
        let cap = SEARCH_COUNT_LIMIT + 1;
        let matches: Option<u64> = match &text {
            Some(Search::Index(query)) => Some(
                self.conn
                    .prepare_cached(
                        "SELECT count(*) AS n FROM (SELECT 1 FROM case_search WHERE case_search MATCH ?1 LIMIT ?2)",
                    )?
                    .query_row(rusqlite::params![query, cap], |r| r.get("n"))?,
            ),
            _ => None,
        };
        // A search that matches many cases finds the newest hundred soonest by reading the
        // date index from the end and looking each case up in the search index (about
        // 100·live/matches reads); one that matches few, by reading its matches (SQLite's own
        // choice). The two cost the same near 5·√live matches.
        let date_order = filter.sort.column == SortColumn::ReceivedOn
            && matches
                .is_some_and(|m| m > SEARCH_COUNT_LIMIT || (m as f64) > 5.0 * (live as f64).sqrt());
        let counted: u64 = if params.is_empty() {
            // No filter: the count the triggers keep (schema 5).
            live
        } else if let (true, Some(m)) = (params.len() == 1 && filter_is_text_only(filter), matches)
        {
            m
        } else if text.is_some() {
            self.conn
                .prepare_cached(&format!(
                    "SELECT count(*) AS n FROM (SELECT 1 FROM cases c WHERE {conditions} LIMIT {cap})"
                ))?
                .query_row(params.as_slice(), |r| r.get("n"))?
        } else {
            self.conn
                .prepare_cached(&format!(
                    "SELECT count(*) AS n FROM cases c WHERE {conditions}"
                ))?
                .query_row(params.as_slice(), |r| r.get("n"))?
        };
        let total_is_lower_bound = text.is_some() && counted > SEARCH_COUNT_LIMIT;
        let total = counted.min(if text.is_some() {
            SEARCH_COUNT_LIMIT
        } else {
            u64::MAX
        });
        let (conditions, params) = if date_order {
            case_filter(filter, &text, &open, Probe::PerCase)
        } else {
            (conditions, params)
        };
        // Fixed strings only, never user text. Columns that may be empty sort their empty
        // values last; the others must not carry that term, or SQLite cannot read the date
        // index in order and sorts every case for one page.
        let (column, nullable) = match filter.sort.column {
            SortColumn::ReceivedOn => ("c.received_on", false),
            SortColumn::CaseNo => ("c.case_no", false),
            SortColumn::PrimaryCategory => ("c.primary_category", false),
            SortColumn::Counselor => ("co.name", true),
            SortColumn::ClientName => ("cl.name", true),
            SortColumn::ClosedOn => ("c.closed_on", true),
        };
        let direction = if filter.sort.descending {
            "DESC"
        } else {
            "ASC"
        };
        let nulls_last = if nullable {
            format!("{column} IS NULL, ")
        } else {
            String::new()
        };
        let order = format!("{nulls_last}{column} {direction}, c.case_no {direction}");
        let sql = format!(
            "SELECT c.id, c.case_no, c.received_on, co.name AS counselor, c.primary_category,
                    cl.name AS client_name, c.workplace_name, c.summary, c.outcome, c.closed_on,
                    (SELECT count(*) FROM remedies r WHERE r.case_id = c.id AND r.deleted_at IS NULL)
                        AS remedy_count,
                    (SELECT count(*) FROM remedies r WHERE r.case_id = c.id AND r.deleted_at IS NULL
                        AND r.concluded_on IS NULL) AS open_remedy_count
             FROM cases c {indexed} LEFT JOIN counselors co ON co.id = c.counselor_id
             LEFT JOIN clients cl ON cl.id = c.client_id
             WHERE {conditions} ORDER BY {order} LIMIT :limit OFFSET :offset",
            indexed = if date_order {
                "INDEXED BY cases_received"
            } else {
                ""
            }
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut all = params;
        let limit = filter.limit.clamp(1, 1000);
        all.push((":limit", &limit));
        all.push((":offset", &filter.offset));
        let items = stmt
            .query_map(all.as_slice(), |r| {
                Ok(CaseSummary {
                    id: r.get("id")?,
                    case_no: r.get("case_no")?,
                    received_on: r.get("received_on")?,
                    counselor: r.get("counselor")?,
                    primary_category: r.get("primary_category")?,
                    client_name: r.get("client_name")?,
                    workplace_name: r.get("workplace_name")?,
                    summary: r.get("summary")?,
                    outcome: r.get("outcome")?,
                    closed_on: r.get("closed_on")?,
                    remedy_count: r.get("remedy_count")?,
                    open_remedy_count: r.get("open_remedy_count")?,
                })
            })?
            .collect::<rusqlite::Result<Vec<CaseSummary>>>()?;
        // A list that shows clients' names is a look at personal data: one entry per query
        // (never per row), naming the cases shown but not the search text, which may itself be
        // a name the log would then keep for two years.
        if let Some(first) = items.iter().find(|c| c.client_name.is_some()) {
            let named = items.iter().filter(|c| c.client_name.is_some()).count();
            self.log_read(
                AccessAction::View,
                None,
                Some(&format!(
                    "사건 목록{}: 이름이 보이는 사건 {named}건 ({} 등)",
                    if text.is_some() { " 검색" } else { "" },
                    first.case_no
                )),
            )?;
        }
        Ok(CasePage {
            total,
            total_is_lower_bound,
            items,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_in_search_text_are_literal() {
        assert_eq!(like_pattern("50%_x"), "%50\\%\\_x%");
    }
}
