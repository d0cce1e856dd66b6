-- The law desk (issue 17): the employer's details on a case, and on a proceeding the day its
-- decision was received (the start of the 재심 and 행정소송 windows) and the reason a lead gave
-- for a deadline that differs from the rule's.
--
-- 사업장명 stays `workplace_name`. The employer's details are business data where it is a
-- business; 대표자 and a mobile number name a person, so pseudonymization blanks them (see
-- src/store/retention.rs). Each synced field is stamped: the update triggers are replaced with
-- ones that name the new columns.

ALTER TABLE cases ADD COLUMN employer_representative TEXT;
ALTER TABLE cases ADD COLUMN employer_reg_no TEXT;
ALTER TABLE cases ADD COLUMN employer_address TEXT;
ALTER TABLE cases ADD COLUMN employer_phone TEXT;
ALTER TABLE cases ADD COLUMN employer_headcount INTEGER CHECK (employer_headcount IS NULL OR employer_headcount >= 0);
ALTER TABLE cases ADD COLUMN work_site TEXT;

-- The home screen's case deadlines: open cases by the day the worker left.
CREATE INDEX cases_open_left ON cases(left_on)
    WHERE closed_on IS NULL AND deleted_at IS NULL AND left_on IS NOT NULL;

ALTER TABLE remedies ADD COLUMN decision_on TEXT;
ALTER TABLE remedies ADD COLUMN deadline_reason TEXT;

DROP TRIGGER IF EXISTS cases_stamp_update;
CREATE TRIGGER cases_stamp_update AFTER UPDATE OF case_no, received_on, counselor_id, intake_method, outreach_event_id, client_id, client_role, gender, age_band, nationality, employment_type, workplace_size, industry, region, union_presence, workplace_name, primary_category, sub_type, summary, outcome, closed_on, hired_on, left_on, weekly_hours, monthly_wage, unpaid_amount, written_notice, injury_on, created_at, updated_at, deleted_at, consent_on, consent_method, sensitive_consent, referral_consent, guardian_consent, employer_representative, employer_reg_no, employer_address, employer_phone, employer_headcount, work_site ON cases WHEN NOT ld_applying()
BEGIN
    UPDATE sync_clock SET seq = seq + 1, hlc = ld_stamp();
    UPDATE cases SET _seq = (SELECT seq FROM sync_clock), _stamps = json_set(_stamps,
        CASE WHEN NEW.case_no IS NOT OLD.case_no THEN '$.case_no' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.received_on IS NOT OLD.received_on THEN '$.received_on' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.counselor_id IS NOT OLD.counselor_id THEN '$.counselor_id' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.intake_method IS NOT OLD.intake_method THEN '$.intake_method' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.outreach_event_id IS NOT OLD.outreach_event_id THEN '$.outreach_event_id' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.client_id IS NOT OLD.client_id THEN '$.client_id' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.client_role IS NOT OLD.client_role THEN '$.client_role' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.gender IS NOT OLD.gender THEN '$.gender' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.age_band IS NOT OLD.age_band THEN '$.age_band' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.nationality IS NOT OLD.nationality THEN '$.nationality' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.employment_type IS NOT OLD.employment_type THEN '$.employment_type' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.workplace_size IS NOT OLD.workplace_size THEN '$.workplace_size' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.industry IS NOT OLD.industry THEN '$.industry' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.region IS NOT OLD.region THEN '$.region' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.union_presence IS NOT OLD.union_presence THEN '$.union_presence' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.workplace_name IS NOT OLD.workplace_name THEN '$.workplace_name' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.primary_category IS NOT OLD.primary_category THEN '$.primary_category' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.sub_type IS NOT OLD.sub_type THEN '$.sub_type' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.summary IS NOT OLD.summary THEN '$.summary' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.outcome IS NOT OLD.outcome THEN '$.outcome' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.closed_on IS NOT OLD.closed_on THEN '$.closed_on' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.hired_on IS NOT OLD.hired_on THEN '$.hired_on' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.left_on IS NOT OLD.left_on THEN '$.left_on' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.weekly_hours IS NOT OLD.weekly_hours THEN '$.weekly_hours' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.monthly_wage IS NOT OLD.monthly_wage THEN '$.monthly_wage' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.unpaid_amount IS NOT OLD.unpaid_amount THEN '$.unpaid_amount' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.written_notice IS NOT OLD.written_notice THEN '$.written_notice' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.injury_on IS NOT OLD.injury_on THEN '$.injury_on' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.created_at IS NOT OLD.created_at THEN '$.created_at' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.updated_at IS NOT OLD.updated_at THEN '$.updated_at' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.deleted_at IS NOT OLD.deleted_at THEN '$.deleted_at' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.consent_on IS NOT OLD.consent_on THEN '$.consent_on' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.consent_method IS NOT OLD.consent_method THEN '$.consent_method' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.sensitive_consent IS NOT OLD.sensitive_consent THEN '$.sensitive_consent' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.referral_consent IS NOT OLD.referral_consent THEN '$.referral_consent' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.guardian_consent IS NOT OLD.guardian_consent THEN '$.guardian_consent' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.employer_representative IS NOT OLD.employer_representative THEN '$.employer_representative' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.employer_reg_no IS NOT OLD.employer_reg_no THEN '$.employer_reg_no' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.employer_address IS NOT OLD.employer_address THEN '$.employer_address' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.employer_phone IS NOT OLD.employer_phone THEN '$.employer_phone' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.employer_headcount IS NOT OLD.employer_headcount THEN '$.employer_headcount' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.work_site IS NOT OLD.work_site THEN '$.work_site' ELSE '$.~' END, (SELECT hlc FROM sync_clock))
    WHERE id = NEW.id;
END;

DROP TRIGGER IF EXISTS remedies_stamp_update;
CREATE TRIGGER remedies_stamp_update AFTER UPDATE OF case_id, channel, procedure, agency, filed_on, concluded_on, outcome, amount_claimed, amount_recovered, representative, next_deadline, created_at, updated_at, deleted_at, decision_on, deadline_reason ON remedies WHEN NOT ld_applying()
BEGIN
    UPDATE sync_clock SET seq = seq + 1, hlc = ld_stamp();
    UPDATE remedies SET _seq = (SELECT seq FROM sync_clock), _stamps = json_set(_stamps,
        CASE WHEN NEW.case_id IS NOT OLD.case_id THEN '$.case_id' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.channel IS NOT OLD.channel THEN '$.channel' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.procedure IS NOT OLD.procedure THEN '$.procedure' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.agency IS NOT OLD.agency THEN '$.agency' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.filed_on IS NOT OLD.filed_on THEN '$.filed_on' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.concluded_on IS NOT OLD.concluded_on THEN '$.concluded_on' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.outcome IS NOT OLD.outcome THEN '$.outcome' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.amount_claimed IS NOT OLD.amount_claimed THEN '$.amount_claimed' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.amount_recovered IS NOT OLD.amount_recovered THEN '$.amount_recovered' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.representative IS NOT OLD.representative THEN '$.representative' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.next_deadline IS NOT OLD.next_deadline THEN '$.next_deadline' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.created_at IS NOT OLD.created_at THEN '$.created_at' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.updated_at IS NOT OLD.updated_at THEN '$.updated_at' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.deleted_at IS NOT OLD.deleted_at THEN '$.deleted_at' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.decision_on IS NOT OLD.decision_on THEN '$.decision_on' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.deadline_reason IS NOT OLD.deadline_reason THEN '$.deadline_reason' ELSE '$.~' END, (SELECT hlc FROM sync_clock))
    WHERE id = NEW.id;
END;
