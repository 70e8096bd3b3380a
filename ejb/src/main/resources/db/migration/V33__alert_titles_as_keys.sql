-- Alert titles as a text key and its parameters (issue 4): the title was stored as a Swedish sentence, so the
-- English UI and REST showed Swedish. A title is now title_key (a key of the agreements' explanations bundle,
-- se/nyckeln/agreements/application/explanations*.properties) and title_args (its parameters: references, names,
-- seat counts; nothing language-bound), worded in the caller's language when read (docs/agreements.md, "Alerts").
ALTER TABLE agreement_alert ADD COLUMN title_key text;
ALTER TABLE agreement_alert ADD COLUMN title_args text[];

-- Existing rows (the last run of the daily job; the next run replaces them anyway): an agreement's notice date
-- was "reference title" of its agreement; an entitlement's end was "name (N st, prenumeration|underhåll)".
UPDATE agreement_alert t SET title_key = 'agreements.alert.notice-date', title_args = ARRAY[a.reference, a.title]
  FROM agreement a
 WHERE t.kind = 'NOTICE_DATE' AND a.id = t.agreement_id AND t.title = a.reference || ' ' || a.title;
UPDATE agreement_alert SET
       title_key = CASE WHEN (regexp_match(title, '^(.*) \(([0-9]+) st, (prenumeration|underhåll)\)$'))[3]
                             = 'underhåll' THEN 'agreements.alert.maintenance-ending'
                        ELSE 'agreements.alert.subscription-ending' END,
       title_args = ARRAY[(regexp_match(title, '^(.*) \(([0-9]+) st, (prenumeration|underhåll)\)$'))[1],
                          (regexp_match(title, '^(.*) \(([0-9]+) st, (prenumeration|underhåll)\)$'))[2]]
 WHERE title_key IS NULL AND kind = 'SUBSCRIPTION_ENDING'
   AND title ~ '^(.*) \(([0-9]+) st, (prenumeration|underhåll)\)$';
-- Whatever cannot be converted keeps its stored words: the legacy key renders the old text as it is.
UPDATE agreement_alert SET title_key = 'agreements.alert.legacy', title_args = ARRAY[title] WHERE title_key IS NULL;

ALTER TABLE agreement_alert ALTER COLUMN title_key SET NOT NULL;
ALTER TABLE agreement_alert ALTER COLUMN title_args SET NOT NULL;
ALTER TABLE agreement_alert DROP COLUMN title;
