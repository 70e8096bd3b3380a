-- Maintenance of perpetual licences. A perpetual entitlement is a right to use that does not lapse (its validity
-- stays open, so capacity never drops); what runs out is the maintenance (updates, support), bought for a period
-- at a yearly fee. One current maintenance period per entitlement; renewing replaces it (audited before/after).
CREATE TABLE entitlement_maintenance (
    entitlement_id   bigint PRIMARY KEY REFERENCES entitlement (id),
    maintenance_from date   NOT NULL,
    maintenance_to   date   NOT NULL,
    annual_fee_ore   bigint CHECK (annual_fee_ore >= 0),
    reference        text,
    CONSTRAINT entitlement_maintenance_dates CHECK (maintenance_to >= maintenance_from)
);
CREATE INDEX entitlement_maintenance_to ON entitlement_maintenance (maintenance_to);
