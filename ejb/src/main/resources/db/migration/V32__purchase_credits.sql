-- Credit notes reduce the entitlements their invoices created (issue 4; docs/agreements.md, "Licence
-- entitlements from invoice lines").
--
-- * billing_references: the invoices a credit note credits (BT-25, cac:BillingReference/
--   cac:InvoiceDocumentReference/cbc:ID; a ledger file's credited_invoice column), NULL when none is named.
-- * credited_entitlement_id / credited_seats: the entitlement a credit line (negative quantity) reduced and by
--   how many seats (at most the seats it still had). Set once; a line with it set is never applied again.
-- * An entitlement fully credited keeps its row (its purchase reference, its audit history and the invoice line
--   pointing at it) with 0 seats: it counts for nothing, not even for a site licence.
ALTER TABLE purchase_invoice ADD COLUMN billing_references text[];
ALTER TABLE purchase_line ADD COLUMN credited_entitlement_id bigint REFERENCES entitlement (id);
ALTER TABLE purchase_line ADD COLUMN credited_seats bigint CHECK (credited_seats >= 0);
CREATE INDEX purchase_line_credited_entitlement ON purchase_line (credited_entitlement_id)
    WHERE credited_entitlement_id IS NOT NULL;

ALTER TABLE entitlement DROP CONSTRAINT entitlement_quantity_check;
ALTER TABLE entitlement ADD CONSTRAINT entitlement_quantity_check CHECK (quantity >= 0);
