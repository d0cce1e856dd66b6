//! T1 노동관련 법률상담 및 구제: the city's table.

use rusqlite::named_params;
use serde::Serialize;

use super::Period;
use crate::domain::{Category, CodeList, RemedyChannel};
use crate::error::{Error, Result};
use crate::store::Store;

/// Block 1: cases received in the period by primary category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct T1Consultations {
    pub total: u64,
    pub wage_arrears: u64,
    pub dismissal: u64,
    pub harassment: u64,
    pub union: u64,
    pub social_insurance: u64,
    pub industrial_accident: u64,
    pub other: u64,
}

impl T1Consultations {
    pub fn get(&self, c: Category) -> u64 {
        match c {
            Category::WageArrears => self.wage_arrears,
            Category::Dismissal => self.dismissal,
            Category::Harassment => self.harassment,
            Category::Union => self.union,
            Category::SocialInsurance => self.social_insurance,
            Category::IndustrialAccident => self.industrial_accident,
            Category::Other => self.other,
        }
    }

    fn slot(&mut self, c: Category) -> &mut u64 {
        match c {
            Category::WageArrears => &mut self.wage_arrears,
            Category::Dismissal => &mut self.dismissal,
            Category::Harassment => &mut self.harassment,
            Category::Union => &mut self.union,
            Category::SocialInsurance => &mut self.social_insurance,
            Category::IndustrialAccident => &mut self.industrial_accident,
            Category::Other => &mut self.other,
        }
    }
}

/// 진행 proceedings of one channel: 신규 (taken on in the period) and 이월 (taken on before it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ChannelSplit {
    pub new: u64,
    pub carried: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct InProgressByChannel {
    pub labor_office: ChannelSplit,
    pub labor_commission: ChannelSplit,
    pub welfare_insurance: ChannelSplit,
    pub other: ChannelSplit,
}

impl InProgressByChannel {
    pub fn get(&self, c: RemedyChannel) -> ChannelSplit {
        match c {
            RemedyChannel::LaborOffice => self.labor_office,
            RemedyChannel::LaborCommission => self.labor_commission,
            RemedyChannel::WelfareInsurance => self.welfare_insurance,
            RemedyChannel::Other => self.other,
        }
    }

    fn slot(&mut self, c: RemedyChannel) -> &mut ChannelSplit {
        match c {
            RemedyChannel::LaborOffice => &mut self.labor_office,
            RemedyChannel::LaborCommission => &mut self.labor_commission,
            RemedyChannel::WelfareInsurance => &mut self.welfare_insurance,
            RemedyChannel::Other => &mut self.other,
        }
    }
}

/// Block 2: 권리구제 proceedings open at some time in the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct T1Remedies {
    /// 합계 = 완료 + 진행.
    pub total: u64,
    /// 완료: concluded in the period.
    pub concluded: u64,
    /// 진행: not concluded on the as-of date.
    pub in_progress: u64,
    pub in_progress_by_channel: InProgressByChannel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct T1 {
    pub consultations: T1Consultations,
    pub remedies: T1Remedies,
}

/// The day the center took a proceeding on (`r` joined with its case `c`): the later of its
/// filing and the case's receipt, since a client may have filed before coming to the center.
/// A proceeding is 신규 when this day is in the period, 이월 when before it, and does not count
/// while it is after D: a report for August never grows with cases received in September.
macro_rules! remedy_start {
    () => {
        "max(r.filed_on, c.received_on)"
    };
}
pub(crate) const REMEDY_START: &str = remedy_start!();

/// The proceedings as they stood on D, as `r`: concluded by D with the current conclusion when
/// it was made by then, else with the undone one that stood on D (schema 8, `conclusions`),
/// else open. A conclusion made or undone after D does not change a report for D. The periods
/// of one proceeding's conclusions never overlap (a new one starts on or after the last
/// undoing), so one earlier conclusion at most stood on D.
pub(crate) const REMEDIES_AS_OF: &str = "(
    SELECT r.id, r.case_id, r.channel, r.procedure, r.filed_on, r.deleted_at, r.amount_claimed,
           CASE WHEN r.concluded_on <= :as_of THEN r.concluded_on ELSE p.value ->> '$.concluded_on' END AS concluded_on,
           CASE WHEN r.concluded_on <= :as_of THEN r.outcome ELSE p.value ->> '$.outcome' END AS outcome,
           CASE WHEN r.concluded_on <= :as_of THEN r.amount_recovered ELSE p.value ->> '$.amount_recovered' END AS amount_recovered
    FROM remedies r LEFT JOIN json_each(r.conclusions) p
      ON (r.concluded_on IS NULL OR r.concluded_on > :as_of)
     AND p.value ->> '$.concluded_on' <= :as_of AND p.value ->> '$.undone_on' > :as_of) r";

/// Live proceedings (`r`, joined with its case `c`) that were open at some time in the period:
/// taken on by D, and not concluded before the period started. (Deleting a case deletes its
/// proceedings, so a live proceeding always belongs to a live case.)
pub(crate) const REMEDY_IN_PERIOD: &str = concat!(
    "r.deleted_at IS NULL AND ",
    remedy_start!(),
    " <= :as_of AND (r.concluded_on IS NULL OR r.concluded_on >= :start)"
);

impl Store {
    pub fn t1(&self, period: Period) -> Result<T1> {
        let params = named_params! {":start": period.start, ":as_of": period.as_of};
        let mut consultations = T1Consultations::default();
        for (category, n) in self.case_totals("category", period)? {
            let category = Category::parse(&category).ok_or_else(|| {
                Error::invalid(
                    "primary_category",
                    format!("알 수 없는 상담유형 '{category}'"),
                )
            })?;
            *consultations.slot(category) += n;
            consultations.total += n;
        }

        let mut remedies = T1Remedies::default();
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT r.channel,
                    count(*) FILTER (WHERE r.concluded_on <= :as_of),
                    count(*) FILTER (WHERE (r.concluded_on IS NULL OR r.concluded_on > :as_of) AND {REMEDY_START} >= :start),
                    count(*) FILTER (WHERE (r.concluded_on IS NULL OR r.concluded_on > :as_of) AND {REMEDY_START} < :start)
             FROM {REMEDIES_AS_OF} JOIN cases c ON c.id = r.case_id WHERE {REMEDY_IN_PERIOD}
             GROUP BY r.channel"
        ))?;
        let mut rows = stmt.query(params)?;
        while let Some(row) = rows.next()? {
            let (concluded, new, carried): (u64, u64, u64) =
                (row.get(1)?, row.get(2)?, row.get(3)?);
            let split = remedies.in_progress_by_channel.slot(row.get(0)?);
            split.new += new;
            split.carried += carried;
            remedies.concluded += concluded;
            remedies.in_progress += new + carried;
        }
        remedies.total = remedies.concluded + remedies.in_progress;
        Ok(T1 {
            consultations,
            remedies,
        })
    }
}
