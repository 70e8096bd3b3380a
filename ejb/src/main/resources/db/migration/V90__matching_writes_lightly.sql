-- Matching (Matching.REMATCH) rewrites the facts behind every purchase line's verdict after each change to
-- agreements, price rows, mappings or purchases. Two things made each rewritten line cost far more than the
-- verdict itself (issue 4's benchmark, docs/benchmarks.md "Purchase matching"):
--
-- * the index on verdict: the only indexed column matching changes, so no update of a line could be a HOT
--   update and every rewritten line put new entries into all four indexes of purchase_line. Lines are listed by
--   verdict together with other filters and at most 500 a page; a scan of the lines is cheap next to that.
-- * foreign keys on the derived columns (agreement, price row, alternative agreement and row): one lookup and
--   row lock per line and column. The columns are written only by the matching statement, from agreement and
--   price_row rows it has just joined, in the same statement; agreements and price rows are never deleted (an
--   import ends a row with valid_to), and any change to them re-matches every line in the same transaction.
DROP INDEX purchase_line_verdict;
ALTER TABLE purchase_line DROP CONSTRAINT purchase_line_agreement_id_fkey;
ALTER TABLE purchase_line DROP CONSTRAINT purchase_line_price_row_id_fkey;
ALTER TABLE purchase_line DROP CONSTRAINT purchase_line_alt_agreement_id_fkey;
ALTER TABLE purchase_line DROP CONSTRAINT purchase_line_alt_price_row_id_fkey;
